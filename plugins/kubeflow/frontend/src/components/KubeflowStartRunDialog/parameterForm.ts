import {
  isKubeflowParameterValue,
  KubeflowParameterSpec,
  KubeflowParameterType,
  runParameterProblems,
} from '@mlops-portal/plugin-kubeflow-common';

/**
 * What a parameter's field holds: the text typed (numbers and JSON too, so a wrong entry can be
 * shown and explained rather than swallowed by a number input), or a switch's state for a
 * BOOLEAN — undefined while an optional one without a default is untouched.
 */
export type FieldValue = string | boolean | undefined;

/** How a parameter of each type is entered. */
export type FieldKind = 'text' | 'integer' | 'number' | 'boolean' | 'json';

const KINDS: Record<KubeflowParameterType, FieldKind> = {
  STRING: 'text',
  NUMBER_INTEGER: 'integer',
  NUMBER_DOUBLE: 'number',
  BOOLEAN: 'boolean',
  LIST: 'json',
  STRUCT: 'json',
};

/** The field kind of a declared parameter type. */
export function fieldKind(type: KubeflowParameterType): FieldKind {
  return KINDS[type];
}

const TYPE_HINTS: Record<KubeflowParameterType, string> = {
  STRING: 'Text',
  NUMBER_INTEGER: 'Integer',
  NUMBER_DOUBLE: 'Number',
  BOOLEAN: 'True or false',
  LIST: 'JSON list, such as ["a", "b"]',
  STRUCT: 'JSON object, such as {"depth": 6}',
};

/** What a field expects, for its helper text: `Integer`, `JSON list, such as ["a", "b"]`. */
export function typeHint(type: KubeflowParameterType): string {
  return TYPE_HINTS[type];
}

/** The fields' first values: each declared default, written as the user would type it. */
export function initialValues(
  specs: readonly KubeflowParameterSpec[],
): Record<string, FieldValue> {
  return Object.fromEntries(specs.map(spec => [spec.name, initialValue(spec)]));
}

function initialValue(spec: KubeflowParameterSpec): FieldValue {
  const value = spec.defaultValue;
  const hasDefault = value !== undefined && value !== null;
  switch (fieldKind(spec.type)) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      // a required switch is a value either way; an optional one is left out until touched
      return spec.optional ? undefined : false;
    case 'json':
      return hasDefault ? JSON.stringify(value, null, 2) : '';
    default:
      return hasDefault ? String(value) : '';
  }
}

/** One field read: its value (undefined to leave the parameter out) or what is wrong with it. */
export type ParsedField =
  | { ok: true; value: unknown }
  | { ok: false; problem: string };

const INTEGER = /^[+-]?\d+$/;
// What a person writes for a number; Number() alone would also take '', '0x1f' and 'Infinity'.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Reads one field as its declared type. */
export function parseField(
  spec: KubeflowParameterSpec,
  raw: FieldValue,
): ParsedField {
  if (typeof raw === 'boolean') {
    return { ok: true, value: raw };
  }
  const text = (raw ?? '').trim();
  if (text === '') {
    return spec.optional
      ? { ok: true, value: undefined }
      : {
          ok: false,
          problem: `Required: ${typeHint(spec.type).toLowerCase()}`,
        };
  }
  switch (fieldKind(spec.type)) {
    case 'integer': {
      const value = Number(text);
      if (INTEGER.test(text) && Number.isSafeInteger(value)) {
        return { ok: true, value };
      }
      return {
        ok: false,
        problem: DECIMAL.test(text)
          ? `Must be a whole number, not ${text}`
          : `Must be an integer, such as 10, not ${JSON.stringify(text)}`,
      };
    }
    case 'number': {
      const value = Number(text);
      if (DECIMAL.test(text) && Number.isFinite(value)) {
        return { ok: true, value };
      }
      return {
        ok: false,
        problem: `Must be a number, such as 0.01, not ${JSON.stringify(text)}`,
      };
    }
    case 'json':
      return parseJson(spec, text);
    default:
      // a string keeps its spaces: they may matter to the pipeline
      return { ok: true, value: raw };
  }
}

function parseJson(spec: KubeflowParameterSpec, text: string): ParsedField {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `Not valid JSON: ${(e as Error).message}` };
  }
  if (!isKubeflowParameterValue(spec.type, value)) {
    return {
      ok: false,
      problem:
        spec.type === 'LIST'
          ? 'Must be a JSON list, such as ["a", "b"]'
          : 'Must be a JSON object, such as {"depth": 6}',
    };
  }
  return { ok: true, value };
}

/** The run's parameters from the fields, or what is wrong: per field, and overall. */
export interface ParameterForm {
  /** The parameters to send: every field that has a value. */
  parameters: Record<string, unknown>;
  /** What is wrong with each field, by parameter name. */
  fieldProblems: Record<string, string>;
  /**
   * What the shared check (the one the backend runs) still finds once every field reads well;
   * kept so the dialog never sends what the backend is known to refuse.
   */
  problems: string[];
}

/** Reads every field of a version's parameters. */
export function readParameterForm(
  specs: readonly KubeflowParameterSpec[],
  values: Readonly<Record<string, FieldValue>>,
): ParameterForm {
  const parameters: Record<string, unknown> = {};
  const fieldProblems: Record<string, string> = {};
  for (const spec of specs) {
    const parsed = parseField(spec, values[spec.name]);
    if (!parsed.ok) {
      fieldProblems[spec.name] = parsed.problem;
    } else if (parsed.value !== undefined) {
      parameters[spec.name] = parsed.value;
    }
  }
  const problems =
    Object.keys(fieldProblems).length === 0
      ? runParameterProblems(specs, parameters)
      : [];
  return { parameters, fieldProblems, problems };
}
