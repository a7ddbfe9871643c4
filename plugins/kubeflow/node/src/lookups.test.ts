import { FakeKubeflow, KUBEFLOW_STORY } from './testUtils';
import { getExperimentByNameOrId, getPipelineByNameOrId } from './lookups';

const fraud = KUBEFLOW_STORY.fraudPipeline;

describe('lookups by name or id', () => {
  const fake = FakeKubeflow.story({ instance: { name: 'prod' } });

  it('finds a pipeline by its id or its name', async () => {
    expect((await getPipelineByNameOrId(fake, fraud.id)).displayName).toBe(
      fraud.name,
    );
    expect((await getPipelineByNameOrId(fake, fraud.name)).pipelineId).toBe(
      fraud.id,
    );
    await expect(getPipelineByNameOrId(fake, 'nope')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('finds an experiment by its id or its name, and names the instance when there is none', async () => {
    const { experiment } = fraud;
    expect(
      (await getExperimentByNameOrId(fake, experiment.id)).displayName,
    ).toBe(experiment.name);
    expect(
      (await getExperimentByNameOrId(fake, experiment.name)).experimentId,
    ).toBe(experiment.id);
    await expect(getExperimentByNameOrId(fake, 'nope')).rejects.toThrow(
      "Kubeflow experiment 'nope' not found on instance 'prod'",
    );
  });
});
