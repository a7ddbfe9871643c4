import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { MLFLOW_SYSTEM } from '@mlops-portal/plugin-mlflow-common';
import type { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import type { JsonObject, JsonValue } from '@backstage/types';
import yaml from 'yaml';
import { createModelProjectPlanAction } from './modelProjectPlan';
import { examples } from './modelProjectPlan.examples';

const instances = [
  {
    name: 'prod',
    baseUrl: 'https://mlflow.example.com',
    uiUrl: 'https://mlflow-ui.example.com',
  },
  {
    name: 'research',
    baseUrl: 'https://research.example.com',
    uiUrl: 'https://research.example.com',
  },
];
const mlflow = {
  system: MLFLOW_SYSTEM,
  instances,
  forInstance: (name?: string) => {
    const instance = name ? instances.find(i => i.name === name) : instances[0];
    if (!instance) throw new Error(`Unknown mlflow instance '${name}'`);
    return { instance };
  },
} as unknown as MlflowClients;
const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.com' }],
      gitlab: [{ host: 'gitlab.com', token: 't' }],
      gitea: [
        {
          host: 'gitea.example.com',
          baseUrl: 'https://gitea.example.com',
          password: 'p',
        },
      ],
    },
  }),
);
const kubeflowInstances = ['kfp', 'kfp-research'];
const action = createModelProjectPlanAction({
  integrations,
  mlflow,
  kubeflowInstances,
});

const input = {
  name: 'fraud-scorer',
  owner: 'fraud-detection',
  framework: 'xgboost' as const,
  orchestrator: 'both' as const,
  featureStore: true,
  deploymentMode: 'Serverless' as const,
  canaryPercent: 10,
  mlflowInstance: 'research',
  repoUrl: 'gitea.example.com?owner=ml&repo=fraud-scorer',
};

describe('mlops:model-project:plan', () => {
  it('outputs the values of the skeleton, and the publisher of the host', async () => {
    const ctx = createMockActionContext({ input });
    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('publisher', 'gitea');
    expect(ctx.output).toHaveBeenCalledWith('repoUrl', input.repoUrl);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      'https://gitea.example.com/ml/fraud-scorer/src/branch/main/catalog-info.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith('values', {
      name: 'fraud-scorer',
      description: '',
      owner: 'group:default/fraud-detection',
      system: '',
      framework: 'xgboost',
      orchestrator: 'both',
      airflow: true,
      kubeflow: true,
      featureStore: true,
      names: {
        experiment: 'fraud-scorer',
        model: 'fraud-scorer',
        dagId: 'fraud_scorer_training',
        pipeline: 'fraud-scorer-training',
        inferenceService: 'fraud-scorer',
        pythonPackage: 'fraud_scorer',
        featureView: 'fraud_scorer_features',
        featureEntity: 'fraud_scorer_entity',
        // Not the default instance: the provider prefixes the entity name with the instance.
        modelEntityRef: expect.stringMatching(
          /^resource:default\/research-fraud-scorer/,
        ),
      },
      serving: {
        protocol: 'v2',
        deploymentMode: 'Serverless',
        canary: true,
        canaryPercent: 10,
        namespace: 'models',
        delivery: 'argocd',
        cluster: '',
      },
      mlflow: {
        instance: 'research',
        trackingUri: 'https://research.example.com',
        uiUrl: 'https://research.example.com',
      },
      // None asked for: the first configured.
      kubeflowInstance: 'kfp',
      repo: {
        host: 'gitea.example.com',
        owner: 'ml',
        name: 'fraud-scorer',
        cloneUrl: 'https://gitea.example.com/ml/fraud-scorer.git',
        defaultBranch: 'main',
      },
      environments: ['staging', 'production'],
    });
  });

  it('checks the system and the owner as entity refs', async () => {
    const ctx = createMockActionContext({
      input: { ...input, system: 'payments' },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'values',
      expect.objectContaining({ system: 'system:default/payments' }),
    );
    const otherKind = createMockActionContext({
      input: { ...input, system: 'group:default/payments' },
    });
    await expect(action.handler(otherKind)).rejects.toThrow(
      "The system 'group:default/payments' is no valid entity ref: it names a group, not a System",
    );
    const badOwner = createMockActionContext({
      input: { ...input, owner: 'component:default/x' },
    });
    await expect(action.handler(badOwner)).rejects.toThrow(
      /The owner 'component:default\/x' is no valid entity ref/,
    );
  });

  it('applies the InferenceService to a configured KServe cluster when asked to, refusing an unknown one', async () => {
    const valuesWith = async (overrides: Record<string, unknown>) => {
      const ctx = createMockActionContext({
        input: { ...input, ...overrides } as typeof input,
      });
      await createModelProjectPlanAction({
        integrations,
        mlflow,
        kubeflowInstances,
        kserveClusters: ['prod', 'staging'],
      }).handler(ctx);
      return (ctx.output as jest.Mock).mock.calls.find(
        ([name]) => name === 'values',
      )[1];
    };
    expect((await valuesWith({ delivery: 'apply' })).serving).toMatchObject({
      delivery: 'apply',
      cluster: 'prod',
    });
    expect(
      (await valuesWith({ delivery: 'apply', kserveCluster: 'staging' }))
        .serving.cluster,
    ).toBe('staging');
    await expect(
      valuesWith({ delivery: 'apply', kserveCluster: 'dev' }),
    ).rejects.toThrow("Unknown KServe cluster 'dev'");
  });

  describe('the Kubeflow Pipelines instance', () => {
    const valuesOf = async (
      overrides: Record<string, unknown>,
      configured: { kubeflowInstances?: readonly string[] } = {
        kubeflowInstances,
      },
    ) => {
      const ctx = createMockActionContext({
        input: { ...input, ...overrides } as typeof input,
      });
      await createModelProjectPlanAction({
        integrations,
        mlflow,
        ...configured,
      }).handler(ctx);
      const [, values] = (ctx.output as jest.Mock).mock.calls.find(
        ([name]) => name === 'values',
      );
      return values;
    };

    it('is the one asked for, when the pipeline runs on Kubeflow', async () => {
      for (const orchestrator of ['kubeflow', 'both']) {
        expect(
          await valuesOf({ orchestrator, kubeflowInstance: 'kfp-research' }),
        ).toEqual(
          expect.objectContaining({
            kubeflow: true,
            kubeflowInstance: 'kfp-research',
          }),
        );
      }
      expect(await valuesOf({ kubeflowInstance: ' ' })).toEqual(
        expect.objectContaining({ kubeflowInstance: 'kfp' }),
      );
    });

    it('is none when the pipeline runs on Airflow only, whatever is configured or asked for', async () => {
      for (const configured of [
        { kubeflowInstances },
        { kubeflowInstances: [] },
        {},
      ]) {
        expect(
          await valuesOf(
            { orchestrator: 'airflow', kubeflowInstance: 'elsewhere' },
            configured,
          ),
        ).toEqual(
          expect.objectContaining({ kubeflow: false, kubeflowInstance: '' }),
        );
      }
    });

    it('refuses an instance that is not configured, naming those that are', async () => {
      await expect(valuesOf({ kubeflowInstance: 'staging' })).rejects.toThrow(
        "Unknown kubeflow instance 'staging'; configured instances are 'kfp', 'kfp-research'",
      );
    });

    it('refuses Kubeflow when no instance is configured: the upload would fail after MLflow is written', async () => {
      for (const configured of [{ kubeflowInstances: [] }, {}]) {
        await expect(
          valuesOf({ orchestrator: 'kubeflow' }, configured),
        ).rejects.toThrow(
          'The pipeline is to run on Kubeflow Pipelines, but no Kubeflow Pipelines instance is configured (kubeflow.instances)',
        );
      }
    });
  });

  it('outputs nothing when a parameter is refused', async () => {
    const ctx = createMockActionContext({ input: { ...input, name: 'Fraud' } });
    await expect(action.handler(ctx)).rejects.toThrow(
      /no valid Kubernetes name/,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it.each(examples.map(example => [example.description, example] as const))(
    'example: %s',
    async (_, example) => {
      const [step] = yaml.parse(example.example).steps;
      expect(step.action).toBe('mlops:model-project:plan');
      // An input rendered from template parameters gets them from `input` above.
      const rendered: JsonObject = Object.fromEntries(
        Object.entries(step.input as JsonObject).map(([key, value]) => {
          const parameter = /^\$\{\{ parameters\.(\w+) \}\}$/.exec(
            String(value),
          );
          return [
            key,
            parameter
              ? (input[parameter[1] as keyof typeof input] as JsonValue)
              : value,
          ];
        }),
      );
      // Unchecked here on purpose: the action itself checks every field of an example.
      const ctx = createMockActionContext({ input: rendered as typeof input });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('publisher', expect.any(String));
    },
  );
});
