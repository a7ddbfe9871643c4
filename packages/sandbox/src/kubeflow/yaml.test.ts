import { CHURN_PIPELINE_YAML as churn } from './__testUtils__/churnPipeline';
import { parseYamlDocuments, YamlError } from './yaml';

describe('parseYamlDocuments', () => {
  it('reads what the KFP SDK compiles: the spec and its platform spec', () => {
    const [spec, platform] = parseYamlDocuments(churn) as any[];
    expect(spec.pipelineInfo).toEqual({
      description: 'Trains the churn model.',
      name: 'churn-training',
    });
    expect(spec.root.inputDefinitions.parameters).toEqual({
      learning_rate: {
        defaultValue: 0.1,
        isOptional: true,
        parameterType: 'NUMBER_DOUBLE',
      },
      registered_model: {
        description: 'The MLflow model to register.',
        parameterType: 'STRING',
      },
    });
    expect(spec.root.dag.tasks.evaluate.dependentTasks).toEqual(['train']);
    expect(spec.root.dag.tasks.train.cachingOptions).toEqual({
      enableCache: true,
    });
    const container = spec.deploymentSpec.executors['exec-train'].container;
    expect(container.args).toEqual([
      '--executor_input',
      '{{$}}',
      '--function_to_execute',
      'train',
    ]);
    expect(container.command[2]).toBe(
      '\nif ! [ -x "$(command -v pip)" ]; then\n    python3 -m ensurepip || python3 -m ensurepip --user || apt-get install python3-pip\nfi\n\n' +
        "PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --quiet --no-warn-script-location 'kfp==2.7.0' '--no-deps' " +
        `'typing-extensions>=3.7.4,<5; python_version<"3.9"' && "$0" "$@"\n`,
    );
    expect(container.command[5]).toBe(
      'program_path=$(mktemp -d)\n\nprintf "%s" "$0" > "$program_path/ephemeral_component.py"\n' +
        '_KFP_RUNTIME=true python3 -m kfp.dsl.executor_main "$@"\n',
    );
    expect(container.image).toBe('python:3.11');
    expect(spec.deploymentSpec.executors['exec-evaluate'].container).toEqual({
      args: [],
      env: {},
      image: 'registry.example.com/ml/evaluate:1.2',
    });
    expect(spec.schemaVersion).toBe('2.1.0');
    expect(
      platform.platforms.kubernetes.deploymentSpec.executors['exec-train'],
    ).toEqual({
      secretAsEnv: [
        {
          keyToEnv: [{ envVar: 'MLFLOW_TRACKING_TOKEN', secretKey: 'token' }],
          secretName: 'mlflow',
        },
      ],
    });
  });

  it('resolves scalars as YAML 1.2 core does and keeps block scalars', () => {
    const [doc] = parseYamlDocuments(
      [
        'int: 42',
        'negative: -7',
        'float: 1.5e3',
        'yes: yes',
        'bool: false',
        'nothing: ~',
        'empty:',
        'quoted: "42"',
        "single: 'it''s'",
        'url: http://example.com/a#b # a comment',
        'flow: [1, two, {three: 3}]',
        'literal: |',
        '  line one',
        '    indented',
        '',
        'kept: |+',
        '  a',
        '',
        'next: 1',
      ].join('\n'),
    ) as any[];
    expect(doc).toEqual({
      int: 42,
      negative: -7,
      float: 1500,
      yes: 'yes',
      bool: false,
      nothing: null,
      empty: null,
      quoted: '42',
      single: "it's",
      url: 'http://example.com/a#b',
      flow: [1, 'two', { three: 3 }],
      literal: 'line one\n  indented\n',
      kept: 'a\n\n',
      next: 1,
    });
  });

  it('reads JSON, which is YAML', () => {
    expect(
      parseYamlDocuments('{"root": {"dag": {"tasks": {}}}, "n": [1, 2]}'),
    ).toEqual([{ root: { dag: { tasks: {} } }, n: [1, 2] }]);
  });

  it.each([
    ['a: 1\n  b: 2', /a mapping or sequence where a scalar goes on \(line 2\)/],
    ['a:\n    b: 1\n  c: 2', /unexpected indentation \(line 3\)/],
    ['a: 1\na: 2', /duplicate key "a" \(line 2\)/],
    ['base: &anchor\n  x: 1', /anchors, aliases, tags/],
    ['a: "open', /an unclosed double-quoted string \(line 1\)/],
    ['a: [1, 2', /expected ',' or '\]'/],
    ['a:\n\t- b', /a tab in indentation/],
  ])('refuses %j with a line number', (text, message) => {
    expect(() => parseYamlDocuments(text)).toThrow(YamlError);
    expect(() => parseYamlDocuments(text)).toThrow(message);
  });
});
