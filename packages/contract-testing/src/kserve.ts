import type { ValidateFunction } from 'ajv';
import { createAjv, formatErrors, isObject, type JsonObject } from './ajv';
import { readContractDocument } from './contracts';
import { checkKind, LazyCrdValidator, validateCustomResource } from './crd';
import type { ContractViolation, ValidationResult } from './types';

/** apiVersion every InferenceService (and list) must carry. */
export const KSERVE_API_VERSION = 'serving.kserve.io/v1beta1';

const LIST_META: JsonObject = {
  type: 'object',
  additionalProperties: false,
  required: ['resourceVersion'],
  properties: {
    resourceVersion: { type: 'string' },
    continue: { type: 'string' },
    remainingItemCount: { type: 'integer' },
    selfLink: { type: 'string' },
  },
};

let inferenceServices: LazyCrdValidator | undefined;

function inferenceServiceValidator(): LazyCrdValidator {
  inferenceServices ??= new LazyCrdValidator(
    readContractDocument('kserve'),
    'v1beta1',
  );
  return inferenceServices;
}

function validateItem(
  obj: unknown,
  where: (p: string) => string,
): ContractViolation[] {
  return validateCustomResource(
    inferenceServiceValidator(),
    obj,
    { apiVersion: KSERVE_API_VERSION, kind: 'InferenceService' },
    where,
  );
}

/** Validates an InferenceService against the CRD's v1beta1 schema (plus apiVersion, kind, ObjectMeta and pruning). */
export function validateInferenceService(obj: unknown): ValidationResult {
  const errors = validateItem(obj, p => (p ? `object ${p}` : 'object'));
  return { valid: errors.length === 0, operation: 'InferenceService', errors };
}

/** Validates an InferenceServiceList: apiVersion, kind, list metadata and every item. */
export function validateInferenceServiceList(obj: unknown): ValidationResult {
  const where = (p: string) => (p ? `list ${p}` : 'list');
  const errors: ContractViolation[] = [];
  if (!isObject(obj)) {
    errors.push({
      where: 'list',
      message: `must be an object; got ${obj === null ? 'null' : typeof obj}`,
    });
    return { valid: false, operation: 'InferenceServiceList', errors };
  }
  errors.push(
    ...checkKind(
      obj,
      { apiVersion: KSERVE_API_VERSION, kind: 'InferenceServiceList' },
      where,
    ),
  );
  for (const key of Object.keys(obj)) {
    if (!['apiVersion', 'kind', 'metadata', 'items'].includes(key)) {
      errors.push({
        where: where(`/${key}`),
        message: `unknown field '${key}' (a list has apiVersion, kind, metadata, items)`,
      });
    }
  }
  const metaAjv = listMetaValidator();
  if (!metaAjv(obj.metadata)) {
    errors.push(...formatErrors(metaAjv.errors, p => where(`/metadata${p}`)));
  }
  if (!Array.isArray(obj.items)) {
    errors.push({
      where: where('/items'),
      message: `must be an array; got ${
        obj.items === undefined ? 'nothing' : typeof obj.items
      }`,
    });
  } else {
    obj.items.forEach((item, i) =>
      errors.push(...validateItem(item, p => where(`/items/${i}${p}`))),
    );
  }
  return {
    valid: errors.length === 0,
    operation: 'InferenceServiceList',
    errors,
  };
}

let listMeta: ValidateFunction | undefined;

function listMetaValidator(): ValidateFunction {
  listMeta ??= createAjv('draft07').compile(LIST_META);
  return listMeta;
}
