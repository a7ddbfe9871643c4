import fs from 'node:fs';
import path from 'node:path';
import { useSandboxMlflow } from '@mlops-portal/plugin-mlflow-node/testUtils';
import yaml from 'yaml';
import {
  comparePipeline,
  readPythonPipeline,
} from './__testUtils__/kfpPipeline';
import {
  expectedValues,
  KUBEFLOW_INSTANCES,
  loadTemplate,
  mlflowInstance,
  PipelineUpload,
  renderProject,
  startScaffolder,
  templateParameters,
} from './__testUtils__/scaffolder';
import type { ModelProjectValues } from './lib/values';

// The skeleton carries its Kubeflow pipeline twice: pipelines/pipeline.py (the KFP v2 DSL) and
// pipelines/pipeline.yaml (the PipelineSpec kfp.compiler writes for it), which the template
// uploads with kubeflow:pipeline:upload. Both are rendered here by the real template (a dry run)
// for every choice that reaches them; pipeline.py is read and compiled the way KFP 2.x's
// compiler does (__testUtils__/kfpPipeline.ts), and the result must be pipeline.yaml exactly.
// So a change to either file alone fails, whether the change is to:
//   - the pipeline's name or description;
//   - its input parameters: one added or removed, a type (str → STRING, int → NUMBER_INTEGER,
//     ...), a default;
//   - its tasks: one added or removed, what feeds which (an output → an input), `.after(...)`
//     (dependentTasks), a constant or placeholder argument;
//   - the `with If(...)` block around register: its name, its condition, what is inside it;
//   - a component's signature (its parameters, their types and defaults, Input/Output artifacts,
//     the return type) or its body (the source KFP embeds and runs);
//   - how the steps run: the image, extra packages, env variables (MLFLOW_TRACKING_URI),
//     caching (off), the KFP release the spec names and installs;
//   - or a statement of pipeline.py this reader does not know, which fails until it does.
// The last describe block makes each kind of change and checks that it is caught.

/** The only values the two skeleton files read; each is varied by the combinations below. */
const VALUES_READ = [
  'values.name',
  'values.description',
  'values.featureStore',
  'values.names.pipeline',
  'values.names.pythonPackage',
  'values.mlflow.trackingUri',
];

const projects = [
  {
    name: 'fraud-scorer',
    description: 'Scores card transactions for fraud.',
    kubeflowInstance: '',
  },
  // No description: KFP takes the pipeline function's docstring instead.
  { name: 'churn-model-2', description: '', kubeflowInstance: 'research' },
  {
    name: 'abc',
    description: 'Says "why" \\ twice, in ünïcode.',
    kubeflowInstance: 'sandbox',
  },
];

const combinations = (['kubeflow', 'both'] as const).flatMap(
  (orchestrator, o) =>
    [false, true].flatMap(featureStore =>
      projects.map((project, p) => ({
        orchestrator,
        featureStore,
        ...project,
        // Not read by either file (see VALUES_READ); varied anyway.
        framework: (['sklearn', 'xgboost', 'pytorch'] as const)[(o + p) % 3],
        repoUrl: `127.0.0.1:7101?owner=demo&repo=${project.name}`,
      })),
    ),
);

const PIPELINE_DIR = '${{ "pipelines" if values.kubeflow }}';

interface RenderedPipeline {
  values: ModelProjectValues;
  python: string;
  yamlText: string;
  spec: any;
  catalogInfo: any;
  uploads: PipelineUpload[];
}

describe('the Kubeflow pipeline of the ml-model-project template', () => {
  const { sandbox } = useSandboxMlflow([]);
  const template = loadTemplate();
  const uploads: PipelineUpload[] = [];
  let api: string;

  beforeAll(async () => {
    api = await startScaffolder({
      template,
      mlflowBaseUrl: sandbox().baseUrl('mlflow'),
      uploads,
    });
  }, 60_000);

  async function render(
    overrides: Record<string, unknown>,
  ): Promise<RenderedPipeline> {
    const parameters = templateParameters(overrides);
    const before = uploads.length;
    const project = await renderProject(api, template, parameters);
    const read = (file: string) =>
      fs.readFileSync(path.join(project.dir, file), 'utf8');
    const yamlText = read('pipelines/pipeline.yaml');
    return {
      values: expectedValues(
        parameters,
        mlflowInstance(sandbox().baseUrl('mlflow')),
      ),
      python: read('pipelines/pipeline.py'),
      yamlText,
      spec: yaml.parse(yamlText),
      catalogInfo: yaml.parseAllDocuments(read('catalog-info.yaml'))[0].toJS(),
      uploads: uploads.slice(before),
    };
  }

  it('reads nothing in the two files but the values the combinations vary', () => {
    const read = new Set(
      ['pipeline.py', 'pipeline.yaml'].flatMap(file =>
        [
          ...fs
            .readFileSync(
              path.join(template.files.dir, 'skeleton', PIPELINE_DIR, file),
              'utf8',
            )
            .matchAll(/\bvalues\.[\w.]+/g),
        ].map(match => match[0]),
      ),
    );
    // A new value here must be varied by the combinations of this test too.
    expect([...read].sort()).toEqual([...VALUES_READ].sort());
  });

  describe.each(combinations)(
    '$orchestrator, feature store $featureStore, $name (description "$description", instance "$kubeflowInstance")',
    combination => {
      let rendered: RenderedPipeline;
      let problems: string[];
      const at = (...prefixes: string[]) =>
        problems.filter(
          problem =>
            problem.startsWith('pipeline.py: cannot read') ||
            prefixes.some(prefix => problem.startsWith(prefix)),
        );

      beforeAll(async () => {
        rendered = await render(combination);
        problems = comparePipeline(rendered.python, rendered.spec);
      }, 60_000);

      it('has the steps the options ask for, in pipeline.py', () => {
        const { pipeline } = readPythonPipeline(rendered.python);
        expect(pipeline.tasks.map(task => task.component)).toEqual([
          'ingest',
          'validate',
          ...(combination.featureStore ? ['features'] : []),
          'train',
          'evaluate',
          'register',
        ]);
        expect(pipeline.conditions.map(c => c.name)).toEqual([
          'better-than-champion',
        ]);
        expect(Object.keys(rendered.spec.root.dag.tasks).sort()).toEqual(
          [
            'condition-1',
            'evaluate',
            ...(combination.featureStore ? ['features'] : []),
            'ingest',
            'train',
            'validate',
          ].sort(),
        );
      });

      it('declares the same pipeline name and description', () => {
        expect(at('pipelineInfo')).toEqual([]);
        expect(rendered.spec.pipelineInfo.name).toBe(
          rendered.values.names.pipeline,
        );
        expect(rendered.spec.pipelineInfo.description).toBe(
          combination.description ||
            'source: a .parquet/.csv the image can read; empty trains on a generated table.',
        );
      });

      it('declares the same input parameters, with the same types and defaults', () => {
        expect(at('root.inputDefinitions')).toEqual([]);
        expect(rendered.spec.root.inputDefinitions.parameters).toEqual({
          rows: {
            defaultValue: 5000,
            isOptional: true,
            parameterType: 'NUMBER_INTEGER',
          },
          source: {
            defaultValue: '',
            isOptional: true,
            parameterType: 'STRING',
          },
        });
      });

      it('has the same tasks, fed by the same outputs, with the same dependencies', () => {
        expect(
          at('root.dag.tasks').filter(
            problem => !problem.startsWith('root.dag.tasks.condition-1'),
          ),
        ).toEqual([]);
        expect(rendered.spec.root.dag.tasks.train.dependentTasks).toEqual(
          combination.featureStore
            ? ['features', 'ingest']
            : ['ingest', 'validate'],
        );
      });

      it('runs register only under the better-than-champion condition', () => {
        expect(
          at('root.dag.tasks.condition-1', 'components.comp-condition-1'),
        ).toEqual([]);
        const condition = rendered.spec.root.dag.tasks['condition-1'];
        expect(condition.taskInfo.name).toBe('better-than-champion');
        expect(condition.triggerPolicy.condition).toBe(
          "inputs.parameter_values['pipelinechannel--evaluate-Output'] == 'continue'",
        );
        expect(
          Object.keys(rendered.spec.components['comp-condition-1'].dag.tasks),
        ).toEqual(['register']);
      });

      it('has components whose inputs and outputs are the Python functions’ signatures', () => {
        expect(
          at('components').filter(
            problem => !problem.startsWith('components.comp-condition-1'),
          ),
        ).toEqual([]);
      });

      it('runs each function’s own source in the project image, with the tracking URI and no cache', () => {
        expect(at('deploymentSpec')).toEqual([]);
        for (const executor of Object.values<any>(
          rendered.spec.deploymentSpec.executors,
        )) {
          expect(executor.container.image).toBe(
            `${rendered.values.name}:latest`,
          );
          expect(executor.container.env).toEqual([
            {
              name: 'MLFLOW_TRACKING_URI',
              value: rendered.values.mlflow.trackingUri,
            },
          ]);
        }
      });

      it('is what kfp.compiler writes for pipeline.py, with no other difference', () => {
        expect(problems).toEqual([]);
      });

      it("is uploaded as the pipeline the Component's annotations name, on the chosen instance", () => {
        const instance =
          combination.kubeflowInstance || KUBEFLOW_INSTANCES[0].name;
        expect(rendered.uploads).toEqual([
          expect.objectContaining({
            input: expect.objectContaining({
              specPath: 'pipelines/pipeline.yaml',
              name: rendered.spec.pipelineInfo.name,
              instance,
            }),
            specPipelineName: rendered.spec.pipelineInfo.name,
          }),
        ]);
        expect(rendered.catalogInfo.metadata.annotations).toEqual(
          expect.objectContaining({
            'kubeflow.org/pipeline': rendered.spec.pipelineInfo.name,
            'kubeflow.org/instance': instance,
          }),
        );
      });
    },
  );

  describe('fails when either file changes alone', () => {
    let original: RenderedPipeline;

    beforeAll(async () => {
      original = await render({ orchestrator: 'both', featureStore: false });
    }, 60_000);

    it('agree before the change', () => {
      expect(comparePipeline(original.python, original.spec)).toEqual([]);
    });

    // [what changes, in which file, from, to, the start of the difference it must report]
    const changes: Array<
      [string, 'pipeline.py' | 'pipeline.yaml', string | RegExp, string, string]
    > = [
      // pipeline.py
      [
        'a parameter default',
        'pipeline.py',
        'rows: int = 5000)',
        'rows: int = 1000)',
        'root.inputDefinitions.parameters.rows.defaultValue',
      ],
      [
        'a parameter type',
        'pipeline.py',
        'rows: int = 5000)',
        'rows: float = 5000)',
        'root.inputDefinitions.parameters.rows.parameterType',
      ],
      [
        'a new parameter',
        'pipeline.py',
        'rows: int = 5000)',
        'rows: int = 5000, seed: int = 0)',
        'root.inputDefinitions.parameters.seed',
      ],
      [
        'the pipeline name',
        'pipeline.py',
        'PIPELINE_NAME = "fraud-scorer-training"',
        'PIPELINE_NAME = "fraud-scorer-v2"',
        'pipelineInfo.name',
      ],
      [
        'the description',
        'pipeline.py',
        'description="Scores card transactions for fraud."',
        'description="Scores card payments."',
        'pipelineInfo.description',
      ],
      [
        'a dependency (.after)',
        'pipeline.py',
        ').after(validated)',
        ')',
        'root.dag.tasks.train.dependentTasks',
      ],
      [
        'which output feeds a step',
        'pipeline.py',
        'evaluate(model_version=trained.output)',
        'evaluate(model_version=source)',
        'root.dag.tasks.evaluate.inputs.parameters.model_version',
      ],
      [
        'the name of the condition',
        'pipeline.py',
        'name="better-than-champion"',
        'name="not-worse"',
        'root.dag.tasks.condition-1.taskInfo.name',
      ],
      [
        'the condition',
        'pipeline.py',
        'decision.output == "continue"',
        'decision.output == "go"',
        'root.dag.tasks.condition-1.triggerPolicy.condition',
      ],
      [
        'register outside the condition',
        'pipeline.py',
        /with If\([^\n]*\n {8}registered = /,
        'registered = ',
        'root.dag.tasks.register',
      ],
      [
        'a new parameter of a component',
        'pipeline.py',
        'def register(model_version: str):',
        'def register(model_version: str, alias: str = "challenger"):',
        'components.comp-register.inputDefinitions.parameters.alias',
      ],
      [
        'the type of a component parameter',
        'pipeline.py',
        'def ingest(source: str, rows: int,',
        'def ingest(source: str, rows: float,',
        'components.comp-ingest.inputDefinitions.parameters.rows.parameterType',
      ],
      [
        'the return type of a component',
        'pipeline.py',
        'def evaluate(model_version: str) -> str:',
        'def evaluate(model_version: str) -> bool:',
        'components.comp-evaluate.outputDefinitions.parameters.Output.parameterType',
      ],
      [
        'the body of a component',
        'pipeline.py',
        '"--orchestrator=kubeflow",',
        '"--orchestrator=kfp",',
        'deploymentSpec.executors.exec-train.container.command[6]',
      ],
      [
        'the image',
        'pipeline.py',
        '"PIPELINE_IMAGE", "fraud-scorer:latest"',
        '"PIPELINE_IMAGE", "registry.example.com/fraud-scorer:1"',
        'deploymentSpec.executors.exec-evaluate.container.image',
      ],
      [
        'extra packages',
        'pipeline.py',
        '"PIPELINE_PACKAGES", ""',
        '"PIPELINE_PACKAGES", "pandas"',
        'deploymentSpec.executors.exec-evaluate.container.command[2]',
      ],
      [
        'an env variable',
        'pipeline.py',
        'set_env_variable("MLFLOW_TRACKING_URI",',
        'set_env_variable("MLFLOW_URI",',
        'deploymentSpec.executors.exec-evaluate.container.env[0].name',
      ],
      [
        'caching',
        'pipeline.py',
        'set_caching_options(False)',
        'set_caching_options(True)',
        'root.dag.tasks.evaluate.cachingOptions',
      ],
      [
        'a step left out of the env and caching settings',
        'pipeline.py',
        'trained, decision, registered]',
        'trained, registered]',
        'deploymentSpec.executors.exec-evaluate.container.env',
      ],
      [
        'a statement the reader does not know',
        'pipeline.py',
        '    steps = [',
        '    ingested.set_display_name("Ingest")\n    steps = [',
        'pipeline.py: cannot read',
      ],
      // pipeline.yaml
      [
        'a parameter default',
        'pipeline.yaml',
        'defaultValue: 5000.0',
        'defaultValue: 500.0',
        'root.inputDefinitions.parameters.rows.defaultValue',
      ],
      [
        'the type of a component parameter',
        'pipeline.yaml',
        /(rows:\n {10}parameterType:) NUMBER_INTEGER/,
        '$1 STRING',
        'components.comp-ingest.inputDefinitions.parameters.rows.parameterType',
      ],
      [
        'a dependency',
        'pipeline.yaml',
        '- ingest\n        - validate\n',
        '- ingest\n',
        'root.dag.tasks.train.dependentTasks',
      ],
      [
        'the name of the condition',
        'pipeline.yaml',
        'name: better-than-champion',
        'name: condition-1',
        'root.dag.tasks.condition-1.taskInfo.name',
      ],
      [
        'the condition',
        'pipeline.yaml',
        "== 'continue'",
        "== 'stop'",
        'root.dag.tasks.condition-1.triggerPolicy.condition',
      ],
      [
        'which output feeds register',
        'pipeline.yaml',
        'componentInputParameter: pipelinechannel--train-Output',
        'componentInputParameter: pipelinechannel--evaluate-Output',
        'components.comp-condition-1.dag.tasks.register.inputs',
      ],
      [
        'the body of a component',
        'pipeline.yaml',
        'return result.model_version',
        'return result.run_id',
        'deploymentSpec.executors.exec-train.container.command[6]',
      ],
      [
        'the image',
        'pipeline.yaml',
        'image: fraud-scorer:latest',
        'image: fraud-scorer:v1',
        'deploymentSpec.executors.exec-evaluate.container.image',
      ],
      [
        'caching',
        'pipeline.yaml',
        'cachingOptions: {}',
        'cachingOptions:\n            enableCache: true',
        'components.comp-condition-1.dag.tasks.register.cachingOptions',
      ],
      [
        'the pipeline name',
        'pipeline.yaml',
        /\n {2}name: fraud-scorer-training\nroot:/,
        '\n  name: fraud-scorer-v2\nroot:',
        'pipelineInfo.name',
      ],
      [
        'the KFP release',
        'pipeline.yaml',
        'sdkVersion: kfp-2.13.0',
        'sdkVersion: kfp-2.14.0',
        'deploymentSpec.executors.exec-evaluate.container.command[2]',
      ],
    ];

    it.each(changes)('%s, in %s', (_what, file, from, to, reported) => {
      const python =
        file === 'pipeline.py'
          ? original.python.replace(from, to)
          : original.python;
      const yamlText =
        file === 'pipeline.yaml'
          ? original.yamlText.replace(from, to)
          : original.yamlText;
      // The change applies to the rendered file (else this case would test nothing).
      expect(python + yamlText).not.toBe(original.python + original.yamlText);
      const problems = comparePipeline(python, yaml.parse(yamlText));
      expect(problems).toEqual(
        expect.arrayContaining([expect.stringMatching(`^${escape(reported)}`)]),
      );
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
