/**
 * The types a KFP v2 pipeline declares for its input parameters (`parameterType` in the
 * pipeline spec's `root.inputDefinitions.parameters`).
 *
 * @public
 */
export type KubeflowParameterType =
  | 'STRING'
  | 'NUMBER_INTEGER'
  | 'NUMBER_DOUBLE'
  | 'BOOLEAN'
  | 'LIST'
  | 'STRUCT';

/**
 * Every {@link KubeflowParameterType}.
 *
 * @public
 */
export const KUBEFLOW_PARAMETER_TYPES: readonly KubeflowParameterType[] = [
  'STRING',
  'NUMBER_INTEGER',
  'NUMBER_DOUBLE',
  'BOOLEAN',
  'LIST',
  'STRUCT',
];

/**
 * One input parameter a pipeline version declares.
 *
 * @public
 */
export interface KubeflowParameterSpec {
  /** The parameter's name, as the run's `runtime_config.parameters` key. */
  name: string;
  /** Its declared type. */
  type: KubeflowParameterType;
  /** Whether a run may leave it out: it has a default or is declared optional. */
  optional: boolean;
  /** The default the pipeline declares, as JSON. */
  defaultValue?: unknown;
  /** What the parameter is for, when the pipeline says. */
  description?: string;
}

const TYPE_WORDS: Record<KubeflowParameterType, string> = {
  STRING: 'a string',
  NUMBER_INTEGER: 'an integer',
  NUMBER_DOUBLE: 'a number',
  BOOLEAN: 'true or false',
  LIST: 'a list',
  STRUCT: 'an object',
};

/**
 * Whether a JSON value is of a declared parameter type.
 *
 * @public
 */
export function isKubeflowParameterValue(
  type: KubeflowParameterType,
  value: unknown,
): boolean {
  switch (type) {
    case 'STRING':
      return typeof value === 'string';
    case 'NUMBER_INTEGER':
      return Number.isSafeInteger(value);
    case 'NUMBER_DOUBLE':
      return typeof value === 'number' && Number.isFinite(value);
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'LIST':
      return Array.isArray(value);
    case 'STRUCT':
      return (
        typeof value === 'object' && value !== null && !Array.isArray(value)
      );
    default:
      return false;
  }
}

/**
 * What is wrong with a run's parameters against the version's declared inputs: unknown names,
 * missing required ones, values of the wrong type; empty when nothing is.
 *
 * @remarks
 * Checked before a run is created, so that a mistake is a clear message at once instead of a run
 * that fails in its first task. A `null` value counts as absent, as KFP reads it.
 *
 * @public
 */
export function runParameterProblems(
  declared: readonly KubeflowParameterSpec[],
  values: Readonly<Record<string, unknown>>,
): string[] {
  const problems: string[] = [];
  const byName = new Map(declared.map(spec => [spec.name, spec]));
  for (const name of Object.keys(values)) {
    if (!byName.has(name)) {
      problems.push(
        declared.length === 0
          ? `parameter '${name}' is not declared: the pipeline version takes no parameters`
          : `parameter '${name}' is not declared; the pipeline version takes ${declared
              .map(spec => `'${spec.name}'`)
              .join(', ')}`,
      );
    }
  }
  for (const spec of declared) {
    const value = values[spec.name];
    if (value === undefined || value === null) {
      if (!spec.optional) {
        problems.push(
          `parameter '${spec.name}' is required (${TYPE_WORDS[spec.type]})`,
        );
      }
      continue;
    }
    if (!isKubeflowParameterValue(spec.type, value)) {
      problems.push(
        `parameter '${spec.name}' must be ${
          TYPE_WORDS[spec.type]
        }, got ${describeValue(value)}`,
      );
    }
  }
  return problems;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? `the number ${value}` : String(value);
  }
  return typeof value === 'object' ? 'an object' : `${typeof value} ${value}`;
}
