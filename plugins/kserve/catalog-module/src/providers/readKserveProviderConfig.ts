import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KSERVE_SYSTEM } from '@mlops-portal/plugin-kserve-common';
import {
  ProviderCatalogConfig,
  readCatalogConfig,
  toProviderCatalogConfig,
} from '@mlops-portal/plugin-mlops-node';

/**
 * The KServe entity provider's settings: `kserve.catalog`.
 *
 * @internal
 */
export type KserveProviderConfig = ProviderCatalogConfig & {
  /** The InferenceService annotation holding an owner entity ref. */
  ownerAnnotation: string;
  /** The InferenceService label holding an owner group's name. */
  ownerLabel: string;
  /** Whether a plain storageUri is looked up among the MLflow model versions' sources. */
  matchModelVersionSources: boolean;
};

/** The annotation Backstage users already know for an owner. */
export const DEFAULT_OWNER_ANNOTATION = 'backstage.io/owner';
/** A label value cannot hold `:` or `/`, so the label names a group. */
export const DEFAULT_OWNER_LABEL = 'owner';

const CATALOG = 'kserve.catalog';

/**
 * Reads `kserve.catalog` for the entity provider (schedule, `defaultOwner`, name filters, the
 * owner annotation and label, artifact-source matching); throws `InputError` naming the key
 * path.
 *
 * @remarks
 * `defaultOwner` is required, as for every provider of the suite: a Component must have an
 * owner, and an InferenceService need not name one.
 *
 * @internal
 */
export function readKserveProviderConfig(config: Config): KserveProviderConfig {
  const catalog = toProviderCatalogConfig(
    readCatalogConfig(config, KSERVE_SYSTEM),
    {
      system: KSERVE_SYSTEM,
      owns: `the InferenceServices whose annotation ${CATALOG}.ownerAnnotation and label ${CATALOG}.ownerLabel name no owner`,
    },
  );
  return {
    ...catalog,
    ownerAnnotation: readKey(
      config,
      'ownerAnnotation',
      DEFAULT_OWNER_ANNOTATION,
      KubernetesValidatorFunctions.isValidAnnotationKey,
      'an annotation key',
    ),
    ownerLabel: readKey(
      config,
      'ownerLabel',
      DEFAULT_OWNER_LABEL,
      KubernetesValidatorFunctions.isValidLabelKey,
      'a label key',
    ),
    matchModelVersionSources:
      config.getOptionalBoolean(`${CATALOG}.matchModelVersionSources`) ?? true,
  };
}

function readKey(
  config: Config,
  key: string,
  fallback: string,
  isValid: (value: unknown) => boolean,
  what: string,
): string {
  const keyPath = `${CATALOG}.${key}`;
  const value = config.getOptionalString(keyPath);
  if (value === undefined) {
    return fallback;
  }
  if (!isValid(value)) {
    throw new InputError(
      `${keyPath} '${value}' is not ${what} Kubernetes accepts, e.g. '${fallback}' or 'example.com/team'`,
    );
  }
  return value;
}
