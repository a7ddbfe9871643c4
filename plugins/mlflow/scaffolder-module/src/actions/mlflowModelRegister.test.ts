import {
  FakeMlflow,
  mockMlflowClients,
  registeredModel,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { mockServices } from '@backstage/backend-test-utils';
import {
  createCheckpointStore,
  mockWritePipeline,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { createTestContext } from '../__testUtils__/actionContext';
import { createFakeActions } from '../__testUtils__/testActions';
import { createMlflowModelRegisterAction } from './mlflowModelRegister';

const model = (fake: FakeMlflow, name: string) =>
  fake.data.models.find(candidate => candidate.name === name);

describe('mlflow:model:register', () => {
  const setup = (ownerTag?: string) => {
    const actions = createFakeActions(['prod', 'research'], { ownerTag });
    return { ...actions, action: actions.registerModel };
  };

  it('describes its input and output as JSON schema for the template editor', () => {
    const { action } = setup('team');

    expect(action.id).toBe('mlflow:model:register');
    expect(action.supportsDryRun).toBe(true);
    expect(action.schema?.input).toMatchObject({
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1 },
        instance: { type: 'string' },
        description: { type: 'string' },
        tags: { type: 'object', additionalProperties: { type: 'string' } },
        owner: {
          type: 'string',
          description: expect.stringContaining('Stored as the `team` tag'),
        },
      },
    });
    expect(action.schema?.output).toMatchObject({
      required: ['name', 'created', 'url', 'instance'],
    });
  });

  it('registers an absent model with its owner as the owner tag', async () => {
    const { action, fake } = setup();
    const { ctx, logger, outputs } = createTestContext({
      name: 'churn-predictor-v2',
      owner: 'group:default/customer-insights',
      description: 'Predicts churn within 30 days.',
      tags: { framework: 'sklearn' },
    });

    await action.handler(ctx);

    expect(model(fake, 'churn-predictor-v2')).toEqual({
      name: 'churn-predictor-v2',
      description: 'Predicts churn within 30 days.',
      tags: [
        { key: 'framework', value: 'sklearn' },
        { key: 'owner', value: 'group:default/customer-insights' },
      ],
    });
    expect(outputs).toEqual({
      name: 'churn-predictor-v2',
      created: true,
      url: 'https://prod.upstream.example.com/ui/#/models/churn-predictor-v2',
      instance: 'prod',
    });
    expect(logger.info).toHaveBeenCalledWith(
      "Created MLflow registered model 'churn-predictor-v2' on instance 'prod' with owner=group:default/customer-insights",
    );
  });

  it('uses the configured owner tag and encodes the name in the link', async () => {
    const { action, fakes } = setup('team');
    const { ctx, outputs } = createTestContext({
      name: 'Produkt Empfehlung – β',
      instance: 'research',
      owner: 'recommendations',
    });

    await action.handler(ctx);

    expect(
      model(fakes.get('research')!, 'Produkt Empfehlung – β')?.tags,
    ).toEqual([{ key: 'team', value: 'recommendations' }]);
    expect(outputs.url).toBe(
      'https://research.upstream.example.com/ui/#/models/Produkt%20Empfehlung%20%E2%80%93%20%CE%B2',
    );
  });

  it('reuses an existing model as it is, without a create call', async () => {
    const { action, fake } = setup();
    fake.addModel(
      registeredModel('fraud-detector', { tags: { owner: 'fraud-detection' } }),
    );
    const { ctx, logger, outputs } = createTestContext({
      name: 'fraud-detector',
      owner: 'group:default/fraud-detection',
      description: 'not applied',
    });

    await action.handler(ctx);

    expect(fake.writes).toEqual([]);
    expect(model(fake, 'fraud-detector')).toEqual(
      registeredModel('fraud-detector', { tags: { owner: 'fraud-detection' } }),
    );
    expect(outputs).toMatchObject({ name: 'fraud-detector', created: false });
    expect(logger.info).toHaveBeenCalledWith(
      "Reused the existing MLflow registered model 'fraud-detector' on instance 'prod'; its description and tags were left as they are",
    );
    // Same owner, spelled differently: nothing to warn about.
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('warns when a reused model has another owner or none', async () => {
    const { action, fake } = setup();
    fake.addModel(
      registeredModel('fraud-detector', { tags: { owner: 'fraud-detection' } }),
    );
    fake.addModel(registeredModel('unowned'));

    const other = createTestContext({
      name: 'fraud-detector',
      owner: 'supply-chain',
    });
    await action.handler(other.ctx);
    const none = createTestContext({ name: 'unowned', owner: 'supply-chain' });
    await action.handler(none.ctx);

    expect(other.logger.warn).toHaveBeenCalledWith(
      "The existing MLflow model 'fraud-detector' keeps its 'owner' tag 'fraud-detection', so the catalog shows that owner rather than 'supply-chain'",
    );
    expect(none.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^The existing MLflow model 'unowned' has no 'owner' tag, so the catalog gives it the default owner/,
      ),
    );
    expect(fake.writes).toEqual([]);
  });

  it('does not repeat the registration when a retried task replays the checkpoint', async () => {
    const { action, fake } = setup();
    const checkpoints = createCheckpointStore();
    const input = { name: 'churn-predictor-v2', owner: 'customer-insights' };
    const first = createTestContext(input, { checkpoints });
    await action.handler(first.ctx);
    const callsAfterFirstRun = fake.calls.length;

    const retry = createTestContext(input, { checkpoints });
    await action.handler(retry.ctx);

    expect(fake.writes).toHaveLength(1);
    expect(fake.calls).toHaveLength(callsAfterFirstRun);
    expect(retry.outputs).toEqual(first.outputs);
    expect(retry.outputs.created).toBe(true);
    expect(retry.logger.warn).not.toHaveBeenCalled();
  });

  it('makes no write in a dry run and says what it would do', async () => {
    const { action, fake } = setup();
    fake.addModel(
      registeredModel('fraud-detector', { tags: { owner: 'fraud-detection' } }),
    );
    const absent = createTestContext(
      { name: 'churn-predictor-v2', owner: 'customer-insights' },
      { isDryRun: true },
    );
    const present = createTestContext(
      { name: 'fraud-detector', owner: 'supply-chain' },
      { isDryRun: true },
    );

    await action.handler(absent.ctx);
    await action.handler(present.ctx);

    expect(fake.writes).toEqual([]);
    expect(model(fake, 'churn-predictor-v2')).toBeUndefined();
    expect(absent.outputs).toEqual({
      name: 'churn-predictor-v2',
      created: true,
      url: 'https://prod.upstream.example.com/ui/#/models/churn-predictor-v2',
      instance: 'prod',
    });
    expect(absent.logger.info).toHaveBeenCalledWith(
      "Dry run: would create MLflow registered model 'churn-predictor-v2' on instance 'prod' (allowed: mlflow.model.create)",
    );
    expect(present.outputs.created).toBe(false);
    expect(present.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining("keeps its 'owner' tag 'fraud-detection'"),
    );
  });

  it.each([
    ['an empty name', { name: '' }, /non-empty/],
    [
      'a name with a slash',
      { name: 'fraud/detector' },
      /must not contain '\/'/,
    ],
    [
      'an owner that is not a group or user',
      { name: 'm', owner: 'component:x' },
      /group or a user/,
    ],
    [
      'an unparseable owner',
      { name: 'm', owner: 'group:default/' },
      /owner 'group:default\/' is not an entity ref/,
    ],
    [
      'an owner that disagrees with tags.owner',
      { name: 'm', owner: 'a', tags: { owner: 'b' } },
      /owner 'a' and tags\.owner 'b' disagree/,
    ],
    [
      'a tag value that is not a string',
      { name: 'm', tags: { version: 2 } },
      /string value/,
    ],
    [
      'an unknown instance',
      { name: 'm', instance: 'staging' },
      /Unknown mlflow instance 'staging'/,
    ],
  ])(
    'refuses %s with InputError before any request',
    async (_, input, message) => {
      const { action, fakes } = setup();
      const { ctx } = createTestContext(input as { name: string });

      await expect(action.handler(ctx)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
      for (const fake of fakes.values()) {
        expect(fake.calls).toEqual([]);
      }
    },
  );

  it('refuses an owner tag MLflow would reject when the action is created', () => {
    const { pipeline } = mockWritePipeline({ auth: mockServices.auth() });
    expect(() =>
      createMlflowModelRegisterAction({
        clients: mockMlflowClients(new FakeMlflow()),
        pipeline,
        ownerTag: 'team:owner',
      }),
    ).toThrow(/Invalid MLflow tag key 'team:owner'/);
  });
});
