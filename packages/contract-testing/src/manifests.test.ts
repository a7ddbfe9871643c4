import {
  describeWithContracts,
  expectValid,
  expectViolation,
  validateArgoApplication,
  validateGithubWorkflow,
} from './index';

const application = (spec: Record<string, unknown> = {}) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'fraud-scorer-staging', namespace: 'argocd' },
  spec: {
    project: 'default',
    source: {
      repoURL: 'http://127.0.0.1:7101/demo/fraud-scorer.git',
      targetRevision: 'main',
      path: 'deploy/overlays/staging',
    },
    destination: {
      server: 'https://kubernetes.default.svc',
      namespace: 'models-staging',
    },
    syncPolicy: { automated: { prune: true, selfHeal: true } },
    ...spec,
  },
});

describeWithContracts('Argo CD Application CRD', () => {
  it('accepts an Application the CRD allows', () => {
    expectValid(validateArgoApplication(application()));
  });

  it('refuses one without its destination, with a misspelt field, or of another kind', () => {
    const { destination: _, ...noDestination } = application().spec;
    expectViolation(
      validateArgoApplication({ ...application(), spec: noDestination }),
      'object /spec/destination',
      /required property 'destination' is missing/,
    );
    expectViolation(
      validateArgoApplication(application({ syncPolicy: { automatic: {} } })),
      'object /spec/syncPolicy/automatic',
    );
    expectViolation(
      validateArgoApplication({ ...application(), kind: 'ApplicationSet' }),
      'object /kind',
      /must be "Application"/,
    );
  });
});

describeWithContracts('GitHub workflow schema', () => {
  const workflow = {
    name: 'CI',
    on: { push: { branches: ['main'] }, pull_request: {} },
    jobs: {
      test: {
        'runs-on': 'ubuntu-latest',
        steps: [
          { uses: 'actions/checkout@v4' },
          {
            run: 'pytest',
            env: { MLFLOW_TRACKING_URI: '${{ vars.MLFLOW_TRACKING_URI }}' },
          },
        ],
      },
    },
  };

  it('accepts a workflow the schema allows', () => {
    expectValid(validateGithubWorkflow(workflow));
  });

  it('refuses a job without runs-on and a workflow without triggers', () => {
    expectViolation(
      validateGithubWorkflow({
        ...workflow,
        jobs: { test: { steps: [{ run: 'pytest' }] } },
      }),
      'workflow /jobs/test/runs-on',
      /required property 'runs-on' is missing/,
    );
    const { on: _, ...noTriggers } = workflow;
    expectViolation(
      validateGithubWorkflow(noTriggers),
      'workflow /on',
      /required property 'on' is missing/,
    );
  });
});
