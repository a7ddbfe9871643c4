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
    });
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
  ])('refuses %j', (input, message) => {
    expect(() => planServing(input)).toThrow(message);
  });
});
