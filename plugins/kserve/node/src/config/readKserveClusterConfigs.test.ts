import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readKserveClusterConfigs } from './readKserveClusterConfigs';

const sandbox = {
  name: 'sandbox',
  url: 'http://127.0.0.1:7100/kubernetes/',
  authProvider: 'serviceAccount',
  serviceAccountToken: 'sandbox-token',
  skipTLSVerify: true,
};

function read(
  clusters: object[],
  kserve?: object,
  extraMethods: object[] = [],
) {
  return readKserveClusterConfigs(
    new ConfigReader({
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [...extraMethods, { type: 'config', clusters }],
      },
      ...(kserve && { kserve }),
    } as any),
  );
}

describe('readKserveClusterConfigs', () => {
  it('is empty without a kubernetes: config', () => {
    expect(readKserveClusterConfigs(new ConfigReader({}))).toEqual({
      clusters: [],
      skipped: [],
    });
  });

  it('turns a service-account cluster into a cluster config with the defaults', () => {
    expect(read([sandbox])).toEqual({
      clusters: [
        {
          name: 'sandbox',
          baseUrl: 'http://127.0.0.1:7100/kubernetes',
          uiUrl: 'http://127.0.0.1:7100/kubernetes',
          auth: { type: 'bearer', token: 'sandbox-token' },
          skipTLSVerify: true,
          namespaces: [],
          pageSize: 500,
          timeoutMs: 10_000,
          retries: 2,
          cacheTtlMs: 5_000,
        },
      ],
      skipped: [],
    });
  });

  it('reads every cluster key, and authMetadata as newer Backstage writes it', () => {
    const { clusters } = read([
      {
        name: 'prod',
        url: 'https://k8s.example.com:6443',
        authMetadata: {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: ' prod-token ',
        },
        caData: 'LS0tLS1CRUdJTi==',
        caFile: '/etc/ca.pem',
        skipTLSVerify: 'false',
        dashboardUrl: 'https://dashboard.example.com/',
      },
    ]);
    expect(clusters[0]).toMatchObject({
      name: 'prod',
      baseUrl: 'https://k8s.example.com:6443',
      uiUrl: 'https://dashboard.example.com',
      auth: { type: 'bearer', token: 'prod-token' },
      caData: 'LS0tLS1CRUdJTi==',
      caFile: '/etc/ca.pem',
      skipTLSVerify: false,
    });
    expect(clusters[0]).not.toHaveProperty('serviceAccountTokenFile');
  });

  it('uses the in-cluster token and CA when no token is configured', () => {
    const { clusters } = read([
      {
        name: 'local',
        url: 'https://kubernetes.default.svc',
        authProvider: 'serviceAccount',
      },
      {
        name: 'own-ca',
        url: 'https://k8s.internal',
        authProvider: 'serviceAccount',
        caData: 'Q0E=',
      },
    ]);
    expect(clusters[0]).toMatchObject({
      auth: { type: 'none' },
      serviceAccountTokenFile:
        '/var/run/secrets/kubernetes.io/serviceaccount/token',
      caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
    });
    expect(clusters[1]).toMatchObject({
      serviceAccountTokenFile:
        '/var/run/secrets/kubernetes.io/serviceaccount/token',
      caData: 'Q0E=',
    });
    expect(clusters[1]).not.toHaveProperty('caFile');
  });

  it('skips clusters a backend cannot use by itself, with the reason, instead of failing', () => {
    const result = read(
      [
        { name: 'eks', url: 'https://eks.example.com', authProvider: 'aws' },
        { name: 'gke', url: 'https://gke.example.com', authProvider: 'google' },
        { name: 'bare', url: 'https://bare.example.com' },
        {
          name: 'Big_Cluster',
          url: 'https://b.example.com',
          authProvider: 'serviceAccount',
        },
        sandbox,
      ],
      undefined,
      [{ type: 'gke', projectId: 'p' }, { type: 'catalog' }],
    );
    expect(result.clusters.map(c => c.name)).toEqual(['sandbox']);
    expect(result.skipped).toEqual([
      { name: 'eks', reason: expect.stringContaining("authProvider 'aws'") },
      { name: 'gke', reason: expect.stringContaining("authProvider 'google'") },
      { name: 'bare', reason: 'it names no authProvider' },
      {
        name: 'Big_Cluster',
        reason: expect.stringContaining('entity-name prefix'),
      },
    ]);
  });

  it('applies kserve defaults to every cluster', () => {
    const { clusters } = read([sandbox, { ...sandbox, name: 'second' }], {
      namespaces: ['fraud', 'churn', 'fraud'],
      labelSelector: 'team in (fraud, churn),!experimental',
      pageSize: '1000',
      timeout: '30s',
      retries: 0,
      cacheTtl: { seconds: 0 },
    });
    for (const cluster of clusters) {
      expect(cluster).toMatchObject({
        namespaces: ['fraud', 'churn'],
        labelSelector: 'team in (fraud, churn),!experimental',
        pageSize: 1000,
        timeoutMs: 30_000,
        retries: 0,
        cacheTtlMs: 0,
      });
    }
  });

  it('uses only the clusters kserve.clusters names, in its order, with their own options', () => {
    const result = read(
      [sandbox, { ...sandbox, name: 'prod' }, { ...sandbox, name: 'dev' }],
      {
        namespaces: ['default'],
        clusters: [
          {
            name: 'prod',
            namespaces: ['serving'],
            labelSelector: 'tier=prod',
            pageSize: 50,
          },
          { name: 'sandbox' },
        ],
      },
    );
    expect(result.clusters.map(c => c.name)).toEqual(['prod', 'sandbox']);
    expect(result.clusters[0]).toMatchObject({
      namespaces: ['serving'],
      labelSelector: 'tier=prod',
      pageSize: 50,
    });
    expect(result.clusters[1]).toMatchObject({
      namespaces: ['default'],
      pageSize: 500,
    });
    expect(result.clusters[1]).not.toHaveProperty('labelSelector');
    expect(result.skipped).toEqual([
      { name: 'dev', reason: 'kserve.clusters does not list it' },
    ]);
  });

  it.each([
    [
      [sandbox, sandbox],
      undefined,
      "kubernetes.clusterLocatorMethods[0].clusters[1].name 'sandbox' is a duplicate of kubernetes.clusterLocatorMethods[0].clusters[0].name",
    ],
    [
      [{ ...sandbox, url: 'ftp://k8s' }],
      undefined,
      "kubernetes.clusterLocatorMethods[0].clusters[0].url 'ftp://k8s' must be an http or https URL",
    ],
    [
      [{ ...sandbox, url: 'not a url' }],
      undefined,
      "kubernetes.clusterLocatorMethods[0].clusters[0].url 'not a url' is not a valid URL",
    ],
    [
      [{ ...sandbox, url: undefined }],
      undefined,
      'kubernetes.clusterLocatorMethods[0].clusters[0].url is required',
    ],
    [
      [{ ...sandbox, url: 'https://user:pw@k8s' }],
      undefined,
      'kubernetes.clusterLocatorMethods[0].clusters[0].url must not contain credentials',
    ],
    [
      [{ ...sandbox, skipTLSVerify: 'yes' }],
      undefined,
      'kubernetes.clusterLocatorMethods[0].clusters[0].skipTLSVerify must be true or false, got "yes"',
    ],
    [
      [sandbox],
      { clusters: [{ name: 'prod' }] },
      "kserve.clusters[0].name 'prod' is not a cluster of kubernetes.clusterLocatorMethods (type config); known clusters are 'sandbox'",
    ],
    [
      [sandbox, { name: 'eks', url: 'https://eks', authProvider: 'aws' }],
      { clusters: [{ name: 'eks' }] },
      "kserve.clusters[0].name 'eks' names a cluster KServe cannot use: its authProvider 'aws'",
    ],
    [
      [sandbox],
      { clusters: [{ name: 'sandbox' }, { name: 'sandbox' }] },
      "kserve.clusters[1].name 'sandbox' names a cluster already listed",
    ],
    [[sandbox], { clusters: [{}] }, 'kserve.clusters[0].name is required'],
    [
      [sandbox],
      { namespaces: ['Fraud_Team'] },
      'kserve.namespaces[0] must be a Kubernetes namespace (a DNS-1123 label',
    ],
    [
      [sandbox],
      { namespaces: 'fraud' },
      'kserve.namespaces must be a list of namespaces, got "fraud"',
    ],
    [
      [sandbox],
      { clusters: [{ name: 'sandbox', namespaces: ['-x'] }] },
      'kserve.clusters[0].namespaces[0] must be a Kubernetes namespace',
    ],
    [
      [sandbox],
      { labelSelector: 'team in (a,b' },
      "kserve.labelSelector 'team in (a,b' is not a Kubernetes label selector: it has unbalanced parentheses",
    ],
    [
      [sandbox],
      { labelSelector: 'team=fraud,,tier=1' },
      "has an invalid requirement '': it is empty",
    ],
    [
      [sandbox],
      { clusters: [{ name: 'sandbox', labelSelector: 'team=fraud team' }] },
      'kserve.clusters[0].labelSelector',
    ],
    [[sandbox], { labelSelector: 'bad key=1' }, "'bad key=1'"],
    [[sandbox], { labelSelector: 'replicas>many' }, "'>' needs an integer"],
    [
      [sandbox],
      { pageSize: 5001 },
      'kserve.pageSize must be an integer from 1 to 5000, got 5001',
    ],
    [
      [sandbox],
      { pageSize: 0 },
      'kserve.pageSize must be an integer from 1 to 5000',
    ],
    [
      [sandbox],
      { retries: 11 },
      'kserve.retries must be an integer from 0 to 10',
    ],
    [[sandbox], { timeout: 0 }, 'kserve.timeout'],
    [[sandbox], { timeout: 'soon' }, 'kserve.timeout is not a valid duration'],
    [
      [sandbox],
      { cacheTtl: 'never' },
      'kserve.cacheTtl is not a valid duration',
    ],
  ])('refuses bad config #%#, naming the key', (clusters, kserve, message) => {
    expect(() => read(clusters, kserve)).toThrow(InputError);
    expect(() => read(clusters, kserve)).toThrow(message);
  });

  it.each([
    'team',
    '!experimental',
    'team=fraud',
    'team==fraud',
    'team!=fraud',
    'app.kubernetes.io/part-of=fraud-detection',
    'tier in (gold, silver),env notin (dev)',
    'replicas>2,replicas<10',
    'team=',
  ])('accepts the label selector %j', selector => {
    expect(
      read([sandbox], { labelSelector: selector }).clusters[0],
    ).toMatchObject({
      labelSelector: selector,
    });
  });
});
