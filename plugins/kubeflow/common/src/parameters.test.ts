import {
  KUBEFLOW_PARAMETER_TYPES,
  KubeflowParameterSpec,
  isKubeflowParameterValue,
  runParameterProblems,
} from './parameters';

const declared: KubeflowParameterSpec[] = [
  { name: 'lookback_days', type: 'NUMBER_INTEGER', optional: false },
  {
    name: 'learning_rate',
    type: 'NUMBER_DOUBLE',
    optional: true,
    defaultValue: 0.1,
  },
  { name: 'feature_view', type: 'STRING', optional: false },
  { name: 'dry_run', type: 'BOOLEAN', optional: true },
  { name: 'columns', type: 'LIST', optional: true },
  { name: 'search_space', type: 'STRUCT', optional: true },
];

describe('runParameterProblems', () => {
  it('finds nothing wrong with the required parameters of the right types', () => {
    expect(
      runParameterProblems(declared, {
        lookback_days: 90,
        feature_view: 'transaction_features',
        learning_rate: 0.05,
        dry_run: false,
        columns: ['amount'],
        search_space: { depth: [4, 8] },
      }),
    ).toEqual([]);
  });

  it('names every missing required parameter with its type', () => {
    expect(runParameterProblems(declared, {})).toEqual([
      "parameter 'lookback_days' is required (an integer)",
      "parameter 'feature_view' is required (a string)",
    ]);
  });

  it('counts null as absent, as KFP reads it', () => {
    expect(
      runParameterProblems(declared, {
        lookback_days: 1,
        feature_view: null,
        dry_run: null,
      }),
    ).toEqual(["parameter 'feature_view' is required (a string)"]);
  });

  it('names each wrong type and what it got', () => {
    expect(
      runParameterProblems(declared, {
        lookback_days: '90',
        feature_view: 42,
        learning_rate: Number.NaN,
        dry_run: 'yes',
        columns: 'amount',
        search_space: [],
      }),
    ).toEqual([
      'parameter \'lookback_days\' must be an integer, got the string "90"',
      "parameter 'learning_rate' must be a number, got NaN",
      "parameter 'feature_view' must be a string, got the number 42",
      'parameter \'dry_run\' must be true or false, got the string "yes"',
      'parameter \'columns\' must be a list, got the string "amount"',
      "parameter 'search_space' must be an object, got a list",
    ]);
  });

  it('refuses parameters the version does not declare, saying which it does', () => {
    expect(
      runParameterProblems(declared.slice(0, 1), {
        lookback_days: 1,
        epochs: 3,
      }),
    ).toEqual([
      "parameter 'epochs' is not declared; the pipeline version takes 'lookback_days'",
    ]);
    expect(runParameterProblems([], { epochs: 3 })).toEqual([
      "parameter 'epochs' is not declared: the pipeline version takes no parameters",
    ]);
  });

  it('refuses a fractional or unsafe integer', () => {
    expect(isKubeflowParameterValue('NUMBER_INTEGER', 1.5)).toBe(false);
    expect(isKubeflowParameterValue('NUMBER_INTEGER', 2 ** 60)).toBe(false);
    expect(isKubeflowParameterValue('NUMBER_INTEGER', -3)).toBe(true);
  });

  it('knows every declared type', () => {
    for (const type of KUBEFLOW_PARAMETER_TYPES) {
      expect(typeof isKubeflowParameterValue(type, null)).toBe('boolean');
    }
    expect(isKubeflowParameterValue('STRUCT', null)).toBe(false);
  });
});
