import { InputError } from '@backstage/errors';
import { INFERENCE_SERVICE_API_VERSION } from '@mlops-portal/plugin-kserve-common';
import type { NamespacedName } from '@mlops-portal/plugin-mlops-common';
import {
  isDns1123Label,
  isDns1123Subdomain,
  labelSelectorProblem,
} from '../config/kubernetesNames';
import type { InferenceServiceObject } from '../KserveApi';

/*
 * What the client refuses before anything is sent (InputError): the API server would refuse
 * it too, later, or (a bad path segment) answer about something else.
 */

export function checkNamespace(namespace: unknown): string {
  if (!isDns1123Label(namespace)) {
    throw new InputError(
      `${JSON.stringify(
        namespace,
      )} is not a Kubernetes namespace (a DNS-1123 label: ` +
        `lower-case letters, digits and '-', at most 63 characters)`,
    );
  }
  return namespace;
}

export function checkRef(ref: NamespacedName): NamespacedName {
  if (typeof ref !== 'object' || ref === null) {
    throw new InputError(
      'An InferenceService is named by its namespace and name',
    );
  }
  checkNamespace(ref.namespace);
  if (!isDns1123Subdomain(ref.name)) {
    throw new InputError(
      `${JSON.stringify(
        ref.name,
      )} is not a Kubernetes object name (a DNS-1123 subdomain: ` +
        `lower-case letters, digits, '-' and '.', at most 253 characters)`,
    );
  }
  return { namespace: ref.namespace, name: ref.name };
}

export function checkLabelSelector(selector: unknown): string | undefined {
  if (selector === undefined || selector === '') {
    return undefined;
  }
  const problem =
    typeof selector === 'string'
      ? labelSelectorProblem(selector)
      : 'is not a string';
  if (problem) {
    throw new InputError(
      `${JSON.stringify(
        selector,
      )} is not a Kubernetes label selector: it ${problem}`,
    );
  }
  return selector as string;
}

export function checkPositiveInteger(
  value: unknown,
  what: string,
  max: number,
): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > max
  ) {
    throw new InputError(
      `${what} must be an integer from 1 to ${max}, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return value;
}

export function checkCanaryPercent(percent: unknown): number {
  if (
    typeof percent !== 'number' ||
    !Number.isInteger(percent) ||
    percent < 0 ||
    percent > 100
  ) {
    throw new InputError(
      `The canary traffic percentage must be a whole number from 0 to 100, got ${JSON.stringify(
        percent,
      )}`,
    );
  }
  return percent;
}

export function checkResourceVersion(resourceVersion: unknown): string {
  if (typeof resourceVersion !== 'string' || !resourceVersion.trim()) {
    throw new InputError(
      'The resourceVersion the change is based on is required (read the InferenceService first)',
    );
  }
  return resourceVersion;
}

/** A field manager: what `kubectl` and the API server accept (at most 128 printable characters). */
export function checkFieldManager(fieldManager: unknown): string {
  if (
    typeof fieldManager !== 'string' ||
    !/^[\x21-\x7e][\x20-\x7e]{0,127}$/.test(fieldManager)
  ) {
    throw new InputError(
      `fieldManager must be 1 to 128 printable ASCII characters, got ${JSON.stringify(
        fieldManager,
      )}`,
    );
  }
  return fieldManager;
}

/** An InferenceService manifest to apply: the right group, version and kind, a valid name. */
export function checkManifest(manifest: unknown): InferenceServiceObject {
  if (
    typeof manifest !== 'object' ||
    manifest === null ||
    Array.isArray(manifest)
  ) {
    throw new InputError('The manifest must be an object');
  }
  const { apiVersion, kind, metadata } = manifest as Record<string, unknown>;
  if (
    apiVersion !== INFERENCE_SERVICE_API_VERSION ||
    kind !== 'InferenceService'
  ) {
    throw new InputError(
      `The manifest must be a ${INFERENCE_SERVICE_API_VERSION} InferenceService, got ` +
        `${JSON.stringify(apiVersion)} ${JSON.stringify(kind)}`,
    );
  }
  if (typeof metadata !== 'object' || metadata === null) {
    throw new InputError('The manifest has no metadata');
  }
  checkRef(metadata as NamespacedName);
  return manifest as InferenceServiceObject;
}
