import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readKubeflowInstanceConfigs } from './readKubeflowInstanceConfigs';

const read = (...instances: object[]) =>
  readKubeflowInstanceConfigs(
    new ConfigReader({ kubeflow: { instances } } as any),
  );

const base = { name: 'prod', baseUrl: 'https://kfp.example.com/' };

describe('readKubeflowInstanceConfigs', () => {
  it('is empty when Kubeflow is not configured', () => {
    expect(readKubeflowInstanceConfigs(new ConfigReader({}))).toEqual([]);
  });

  it('fills in the defaults, the kit’s and its own', () => {
    expect(read(base)).toEqual([
      {
        name: 'prod',
        baseUrl: 'https://kfp.example.com',
        uiUrl: 'https://kfp.example.com',
        auth: { type: 'none' },
        timeoutMs: 10_000,
        retries: 2,
        cacheTtlMs: 5_000,
        pageSize: 100,
      },
    ]);
  });

  it('reads every key', () => {
    const [instance] = read({
      ...base,
      uiUrl: 'https://kubeflow.example.com/pipeline',
      auth: { type: 'bearer', token: 'secret' },
      timeout: '30s',
      retries: 0,
      cacheTtl: { seconds: 30 },
      pageSize: '200',
      multiUser: {
        userIdHeader: 'X-Goog-Authenticated-User-Email',
        userId: ' backstage@example.com ',
        namespace: 'ml-platform',
      },
      defaultExperiment: 'portal-runs',
    });
    expect(instance).toEqual({
      name: 'prod',
      baseUrl: 'https://kfp.example.com',
      uiUrl: 'https://kubeflow.example.com/pipeline',
      auth: { type: 'bearer', token: 'secret' },
      timeoutMs: 30_000,
      retries: 0,
      cacheTtlMs: 30_000,
      pageSize: 200,
      multiUser: {
        userIdHeader: 'x-goog-authenticated-user-email',
        userId: 'backstage@example.com',
        namespace: 'ml-platform',
      },
      defaultExperiment: 'portal-runs',
    });
  });

  it('reads a service account token file as its own auth, beside the kit’s types', () => {
    const instances = read(
      {
        ...base,
        auth: {
          type: 'serviceAccountToken',
          tokenPath: '/var/run/secrets/kubeflow/pipelines/token',
        },
        multiUser: { userId: 'portal@example.com', namespace: 'team-a' },
      },
      {
        name: 'dev',
        baseUrl: 'http://dev',
        auth: { type: 'basic', username: 'u', password: 'p' },
      },
    );
    expect(instances[0]).toMatchObject({
      auth: { type: 'none' },
      serviceAccountToken: {
        type: 'serviceAccountToken',
        tokenPath: '/var/run/secrets/kubeflow/pipelines/token',
      },
      multiUser: {
        userIdHeader: 'kubeflow-userid',
        userId: 'portal@example.com',
        namespace: 'team-a',
      },
    });
    expect(instances[1].auth).toEqual({
      type: 'basic',
      username: 'u',
      password: 'p',
    });
    expect(instances[1]).not.toHaveProperty('serviceAccountToken');
  });

  it.each([
    [
      { ...base, pageSize: 500 },
      "kubeflow.instances[0].pageSize must be an integer from 1 to 200 (KFP's largest page), got 500",
    ],
    [
      { ...base, pageSize: 'many' },
      'kubeflow.instances[0].pageSize must be an integer from 1 to 200',
    ],
    [
      { ...base, pageSize: 0 },
      'kubeflow.instances[0].pageSize must be an integer from 1 to 200',
    ],
    [
      { ...base, auth: { type: 'serviceAccountToken' } },
      'kubeflow.instances[0].auth.tokenPath is required with auth type serviceAccountToken',
    ],
    [
      { ...base, auth: { type: 'kerberos' } },
      "kubeflow.instances[0].auth.type 'kerberos' is not supported; expected one of none, basic, bearer, serviceAccountToken",
    ],
    [
      { ...base, multiUser: { namespace: 'team-a' } },
      'kubeflow.instances[0].multiUser.userId is required',
    ],
    [
      { ...base, multiUser: { userId: 'u' } },
      'kubeflow.instances[0].multiUser.namespace is required',
    ],
    [
      { ...base, multiUser: { userId: 'u', namespace: 'Team_A' } },
      'kubeflow.instances[0].multiUser.namespace must be a Kubernetes namespace',
    ],
    [
      {
        ...base,
        multiUser: { userId: 'u', namespace: 'a', userIdHeader: 'user id' },
      },
      'kubeflow.instances[0].multiUser.userIdHeader must be an HTTP header name, got "user id"',
    ],
    [
      { ...base, multiUser: { userId: 'a\nb', namespace: 'a' } },
      'kubeflow.instances[0].multiUser.userId must be a single line',
    ],
    [
      { ...base, defaultExperiment: 7 },
      'kubeflow.instances[0].defaultExperiment must be a string, got 7',
    ],
    [{ ...base, baseUrl: 'ftp://kfp' }, 'kubeflow.instances[0].baseUrl'],
  ])('refuses %j naming the key', (instance, message) => {
    expect(() => read(instance)).toThrow(InputError);
    expect(() => read(instance)).toThrow(message);
  });

  it('names the right instance, also behind one with a token file', () => {
    expect(() =>
      read(
        { ...base, auth: { type: 'serviceAccountToken', tokenPath: '/t' } },
        { name: 'prod', baseUrl: 'http://other' },
      ),
    ).toThrow(
      "kubeflow.instances[1].name 'prod' is a duplicate of kubeflow.instances[0].name",
    );
    expect(() =>
      read(
        { ...base, auth: { type: 'serviceAccountToken', tokenPath: '/t' } },
        { name: 'dev', baseUrl: 'http://dev', retries: 99 },
      ),
    ).toThrow('kubeflow.instances[1].retries must be a whole number');
  });
});
