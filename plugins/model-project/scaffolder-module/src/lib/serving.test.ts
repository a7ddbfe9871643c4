import { planServing } from './serving';

describe('planServing', () => {
  it('starts a Serverless predictor with a canary', () => {
    expect(
      planServing({
        protocol: 'v1',
        deploymentMode: 'Serverless',
        canaryPercent: 20,
      }),
    ).toEqual({
      protocol: 'v1',
      deploymentMode: 'Serverless',
      canary: true,
      canaryPercent: 20,
      namespace: 'models',
      delivery: 'argocd',
      cluster: '',
    });
  });

  it('applies to the first configured cluster, or the one named', () => {
    expect(
      planServing({ delivery: 'apply' }, ['prod', 'staging']),
    ).toMatchObject({
      delivery: 'apply',
      cluster: 'prod',
    });
    expect(
      planServing({ delivery: 'apply', kserveCluster: ' staging ' }, [
        'prod',
        'staging',
      ]).cluster,
    ).toBe('staging');
    expect(
      planServing({ delivery: 'argocd', kserveCluster: 'staging' }, ['prod'])
        .cluster,
    ).toBe('');
  });

  it('refuses to apply without a configured cluster, or to an unknown one', () => {
    expect(() => planServing({ delivery: 'apply' })).toThrow(
      /no KServe cluster is configured \(kubernetes.clusterLocatorMethods\); choose Argo CD instead/,
    );
    expect(() =>
      planServing({ delivery: 'apply', kserveCluster: 'dev' }, [
        'prod',
        'staging',
      ]),
    ).toThrow(
      "Unknown KServe cluster 'dev'; configured clusters are 'prod', 'staging'",
    );
  });

  it('defaults to the V2 protocol, Serverless, no canary', () => {
    expect(planServing({})).toMatchObject({
      protocol: 'v2',
      deploymentMode: 'Serverless',
      canary: false,
      canaryPercent: 0,
    });
  });

  it("reads newer KServe's Standard as RawDeployment", () => {
    expect(planServing({ deploymentMode: 'Standard' }).deploymentMode).toBe(
      'RawDeployment',
    );
  });

  it.each([
    [
      { deploymentMode: 'RawDeployment', canaryPercent: 10 },
      /needs the Serverless deployment mode/,
    ],
    [{ deploymentMode: 'Standard', canaryPercent: 1 }, /needs the Serverless/],
    [{ canaryPercent: 100 }, /from 0 \(no canary\) to 99, not 100/],
    [{ canaryPercent: 12.5 }, /whole number/],
    [{ canaryPercent: -1 }, /whole number/],
    [{ protocol: 'grpc' }, /protocol 'grpc' is unknown/],
    [{ deploymentMode: 'ModelMesh' }, /deployment mode 'ModelMesh' is unknown/],
    [{ namespace: 'Models' }, /no valid Kubernetes namespace/],
    [{ namespace: 'n'.repeat(51) }, /at most 50/],
    [{ delivery: 'helm' }, /delivery 'helm' is unknown/],
  ])('refuses %j', (input, message) => {
    expect(() => planServing(input)).toThrow(message);
  });
});
