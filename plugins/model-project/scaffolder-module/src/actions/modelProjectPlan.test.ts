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
const action = createModelProjectPlanAction({ integrations, mlflow });

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
        dagId: 'fraud-scorer',
        pipeline: 'fraud-scorer',
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
      },
      mlflow: {
        instance: 'research',
        trackingUri: 'https://research.example.com',
        uiUrl: 'https://research.example.com',
      },
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
