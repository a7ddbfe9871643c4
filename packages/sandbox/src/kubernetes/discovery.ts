import { NamespaceRecord } from './types';

/** What `/version` reports (a recent Kubernetes release). */
export const KUBERNETES_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.4',
  gitCommit: 'a78aa47129b8539636eb86a9d00e31b2720fe06b',
  gitTreeState: 'clean',
  buildDate: '2024-12-10T18:03:14Z',
  goVersion: 'go1.22.9',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** `/api` (APIVersions). */
export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `/apis` (APIGroupList) with the KServe group. */
export function apiGroups() {
  const version = {
    groupVersion: 'serving.kserve.io/v1beta1',
    version: 'v1beta1',
  };
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [
      {
        name: 'serving.kserve.io',
        versions: [version],
        preferredVersion: version,
      },
    ],
  };
}

/** `/apis/serving.kserve.io/v1beta1` (APIResourceList). */
export function kserveResources() {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'serving.kserve.io/v1beta1',
    resources: [
      {
        name: 'inferenceservices',
        singularName: 'inferenceservice',
        namespaced: true,
        kind: 'InferenceService',
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'watch'],
        shortNames: ['isvc'],
      },
      {
        name: 'inferenceservices/status',
        singularName: '',
        namespaced: true,
        kind: 'InferenceService',
        verbs: ['get', 'patch'],
      },
    ],
  };
}

/** A core v1 Namespace object. */
export function namespaceJson(ns: NamespaceRecord, resourceVersion: string) {
  return {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: {
      name: ns.name,
      uid: ns.uid,
      resourceVersion,
      creationTimestamp: ns.creationTimestamp,
      labels: ns.labels,
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}
