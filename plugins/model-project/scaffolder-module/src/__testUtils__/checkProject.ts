import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  Entity,
  EntityPolicies,
  DefaultNamespaceEntityPolicy,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  formatViolations,
  validateArgoApplication,
  validateGithubWorkflow,
  validateInferenceService,
  type ValidationResult,
} from '@mlops-portal/contract-testing';
import { readMlflowAnnotations } from '@mlops-portal/plugin-mlflow-common';
import yaml from 'yaml';
import type { ModelProjectValues } from '../lib/values';

// What the template's test checks of a rendered project; each check returns the problems it
// found, so a failure lists all of them at once.

/** A rendered project on disk. */
export interface RenderedProject {
  dir: string;
  /** Relative paths, '/'-separated. */
  files: string[];
  values: ModelProjectValues;
}

const read = (project: RenderedProject, file: string) =>
  fs.readFileSync(path.join(project.dir, file), 'utf8');

/** Every YAML document of a file, or the parse errors. */
export function parseYamlFile(project: RenderedProject, file: string) {
  return yaml.parseAllDocuments(read(project, file));
}

/** Files that must and must not exist for the chosen options. */
export function checkLayout(project: RenderedProject): string[] {
  const { values, files } = project;
  const pkg = values.names.pythonPackage;
  const problems: string[] = [];
  const want = (condition: boolean, pattern: RegExp, what: string) => {
    const found = files.some(file => pattern.test(file));
    if (found !== condition) {
      problems.push(
        `${what} ${condition ? 'missing' : 'present, but not chosen'}`,
      );
    }
  };
  want(true, new RegExp(`^src/${pkg}/train\\.py$`), 'training code');
  want(true, /^MLproject$/, 'MLproject');
  want(true, /^requirements\.txt$/, 'requirements.txt');
  want(true, /^tests\/.+\.py$/, 'unit tests');
  want(true, /^catalog-info\.yaml$/, 'catalog-info.yaml');
  want(true, /^mkdocs\.ya?ml$/, 'mkdocs.yml');
  want(true, /^docs\/model-card\.md$/, 'the model card');
  want(true, /^\.github\/workflows\/.+\.ya?ml$/, 'the CI workflow');
  want(true, /^deploy\/base\/inference-service\.yaml$/, 'the InferenceService');
  for (const env of values.environments) {
    want(
      true,
      new RegExp(`^deploy/overlays/${env}/kustomization\\.yaml$`),
      `the ${env} overlay`,
    );
    want(
      values.serving.delivery === 'argocd',
      new RegExp(`^deploy/argocd/${env}\\.yaml$`),
      `the ${env} Argo CD Application`,
    );
  }
  want(values.airflow, /^dags\/.+\.py$/, 'the Airflow DAG');
  want(values.kubeflow, /^pipelines\/pipeline\.py$/, 'the Kubeflow pipeline');
  want(
    values.featureStore,
    /^feature_repo\/feature_store\.yaml$/,
    'the Feast repository',
  );
  return problems;
}

/** Every YAML file parses, and nothing is left unrendered. */
export function checkSyntax(project: RenderedProject): string[] {
  const problems: string[] = [];
  for (const file of project.files) {
    const text = read(project, file);
    if (/\bvalues\.[a-zA-Z]/.test(text) && /\$\{\{\s*values\./.test(text)) {
      problems.push(`${file}: unrendered template expression`);
    }
    if (/\{%-?\s*(if|for|endif|endfor)\b/.test(text)) {
      problems.push(`${file}: unrendered template tag`);
    }
    if (/\.ya?ml$/.test(file)) {
      for (const doc of parseYamlFile(project, file)) {
        for (const error of doc.errors) {
          problems.push(`${file}: ${error.message}`);
        }
      }
    }
  }
  return problems;
}

/** `python3 -m py_compile` of every Python file. */
export function checkPython(project: RenderedProject): string[] {
  const sources = project.files.filter(file => file.endsWith('.py'));
  try {
    execFileSync('python3', ['-m', 'py_compile', ...sources], {
      cwd: project.dir,
      stdio: 'pipe',
      env: {
        ...process.env,
        PYTHONPYCACHEPREFIX: path.join(project.dir, '.pycache'),
      },
    });
    return [];
  } catch (error) {
    const { stderr, message } = error as { stderr?: Buffer; message: string };
    return [`py_compile: ${stderr?.toString() || message}`];
  }
}

const problemsOf = (file: string, result: ValidationResult) =>
  result.valid ? [] : [`${file}:\n${formatViolations(result)}`];

/** A deep merge of a kustomize patch onto its base (maps merge, everything else is replaced). */
function mergePatch(base: unknown, patch: unknown): unknown {
  if (
    typeof base !== 'object' ||
    base === null ||
    Array.isArray(base) ||
    typeof patch !== 'object' ||
    patch === null ||
    Array.isArray(patch)
  ) {
    return patch;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    out[key] = value === null ? undefined : mergePatch(out[key], value);
  }
  return out;
}

/** The manifests validate against KServe's and Argo CD's CRDs and GitHub's workflow schema, and agree on names. */
export function checkManifests(project: RenderedProject): string[] {
  const { values } = project;
  const problems: string[] = [];
  const base = parseYamlFile(
    project,
    'deploy/base/inference-service.yaml',
  )[0].toJS();
  problems.push(
    ...problemsOf(
      'deploy/base/inference-service.yaml',
      validateInferenceService(base),
    ),
  );
  if (base.metadata?.name !== values.names.inferenceService) {
    problems.push(`InferenceService is named ${base.metadata?.name}`);
  }
  const mode = base.metadata?.annotations?.['serving.kserve.io/deploymentMode'];
  if (mode !== values.serving.deploymentMode) {
    problems.push(`InferenceService deployment mode is ${mode}`);
  }
  const canary = base.spec?.predictor?.canaryTrafficPercent;
  if (
    values.serving.canary
      ? canary !== values.serving.canaryPercent
      : canary !== undefined
  ) {
    problems.push(`canaryTrafficPercent is ${canary}`);
  }
  const model = base.spec?.predictor?.model;
  if (model?.protocolVersion !== values.serving.protocol) {
    problems.push(`protocolVersion is ${model?.protocolVersion}`);
  }
  if (!String(model?.storageUri).startsWith(`models:/${values.names.model}`)) {
    problems.push(
      `storageUri ${model?.storageUri} names no version of ${values.names.model}`,
    );
  }

  for (const env of values.environments) {
    const overlay = `deploy/overlays/${env}`;
    const kustomization = parseYamlFile(
      project,
      `${overlay}/kustomization.yaml`,
    )[0].toJS();
    for (const entry of kustomization.patches ?? []) {
      if (typeof entry?.path === 'string') {
        const patchFile = path.posix.join(overlay, entry.path);
        if (!project.files.includes(patchFile)) {
          problems.push(`${overlay}: patch ${entry.path} does not exist`);
          continue;
        }
        const patch = parseYamlFile(project, patchFile)[0].toJS();
        if (patch?.kind === 'InferenceService') {
          const merged = mergePatch(base, patch);
          problems.push(
            ...problemsOf(
              `${patchFile} on the base`,
              validateInferenceService(merged),
            ),
          );
        }
      }
    }
    if (values.serving.delivery !== 'argocd') {
      continue;
    }
    const appFile = `deploy/argocd/${env}.yaml`;
    const app = parseYamlFile(project, appFile)[0].toJS();
    problems.push(...problemsOf(appFile, validateArgoApplication(app)));
    const source = app.spec?.source ?? {};
    if (source.repoURL !== values.repo.cloneUrl) {
      problems.push(`${appFile}: repoURL ${source.repoURL}`);
    }
    if (!project.files.some(file => file.startsWith(`${source.path}/`))) {
      problems.push(`${appFile}: path ${source.path} is not in the project`);
    }
  }

  for (const file of project.files.filter(f =>
    /^\.github\/workflows\/.+\.ya?ml$/.test(f),
  )) {
    problems.push(
      ...problemsOf(
        file,
        validateGithubWorkflow(parseYamlFile(project, file)[0].toJS()),
      ),
    );
  }
  return problems;
}

const entityPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/** The catalog entities are valid and carry exactly what the suite's plugins read. */
export async function checkCatalogInfo(
  project: RenderedProject,
): Promise<string[]> {
  const { values } = project;
  const problems: string[] = [];
  const entities = parseYamlFile(project, 'catalog-info.yaml').map(
    doc => doc.toJS() as Entity,
  );
  for (const entity of entities) {
    try {
      const checked = await entityPolicy.enforce(entity);
      const validator =
        entity.kind === 'Component'
          ? componentEntityV1alpha1Validator
          : resourceEntityV1alpha1Validator;
      if (!checked || !(await validator.check(entity))) {
        problems.push(
          `${entity.kind} ${entity.metadata?.name}: not a valid ${entity.kind}`,
        );
      }
    } catch (error) {
      problems.push(
        `${entity.kind} ${entity.metadata?.name}: ${(error as Error).message}`,
      );
    }
  }
  const component = entities.find(e => e.kind === 'Component');
  if (!component) {
    return [...problems, 'no Component'];
  }
  if (
    component.metadata.name !== values.name ||
    component.spec?.type !== 'model-project'
  ) {
    problems.push(
      `Component ${component.metadata.name} of type ${component.spec?.type}`,
    );
  }
  const mlflow = readMlflowAnnotations(component);
  if (
    mlflow.registeredModel !== values.names.model ||
    mlflow.experiment !== values.names.experiment ||
    mlflow.instance !== values.mlflow.instance
  ) {
    problems.push(`MLflow annotations ${JSON.stringify(mlflow)}`);
  }
  const annotations = component.metadata.annotations ?? {};
  const expected: Record<string, string | undefined> = {
    'airflow.apache.org/dag-id': values.airflow
      ? values.names.dagId
      : undefined,
    'kubeflow.org/pipeline': values.kubeflow
      ? values.names.pipeline
      : undefined,
    'kubeflow.org/instance': values.kubeflow
      ? values.kubeflowInstance
      : undefined,
    'kserve.io/inference-service': `${values.serving.namespace}/${values.names.inferenceService}`,
    'feast.dev/feature-view': values.featureStore
      ? values.names.featureView
      : undefined,
    'backstage.io/techdocs-ref': 'dir:.',
  };
  for (const [key, value] of Object.entries(expected)) {
    if (annotations[key] !== value) {
      problems.push(
        `annotation ${key} is ${annotations[key]}, expected ${value}`,
      );
    }
  }
  const dependsOn = (component.spec?.dependsOn as string[] | undefined) ?? [];
  if (!dependsOn.includes(values.names.modelEntityRef)) {
    problems.push(
      `the Component does not depend on ${values.names.modelEntityRef}`,
    );
  }
  if (component.spec?.owner !== values.owner) {
    problems.push(`owner ${component.spec?.owner}`);
  }
  const featureViews = entities.filter(
    e => e.kind === 'Resource' && e.spec?.type === 'feast-feature-view',
  );
  if (featureViews.length !== (values.featureStore ? 1 : 0)) {
    problems.push(`${featureViews.length} feature-view Resources`);
  }
  return problems;
}

/** The names the plan computed appear where each tool reads them. */
export function checkNames(project: RenderedProject): string[] {
  const { values } = project;
  const { names } = values;
  const problems: string[] = [];
  const mention = (file: string, text: string, what: string) => {
    if (!project.files.includes(file)) {
      problems.push(`${file} is missing (for ${what})`);
    } else if (!read(project, file).includes(text)) {
      problems.push(`${file} does not name ${what} '${text}'`);
    }
  };
  const config = `src/${names.pythonPackage}/config.py`;
  mention(config, names.model, 'the MLflow model');
  mention(config, names.experiment, 'the MLflow experiment');
  mention(config, values.mlflow.trackingUri, 'the MLflow tracking URI');
  mention('MLproject', names.pythonPackage, 'the Python package');
  if (values.airflow) {
    const dag = project.files.find(file => /^dags\/.+\.py$/.test(file))!;
    mention(dag, names.dagId, 'the dag_id');
  }
  if (values.kubeflow) {
    mention('pipelines/pipeline.py', names.pipeline, 'the pipeline');
  }
  if (values.featureStore) {
    mention(
      'feature_repo/feature_store.yaml',
      names.pythonPackage,
      'the Feast project',
    );
    const featureFiles = project.files.filter(
      f => f.startsWith('feature_repo/') && f.endsWith('.py'),
    );
    if (!featureFiles.some(f => read(project, f).includes(names.featureView))) {
      problems.push(
        `no Feast definition names the feature view '${names.featureView}'`,
      );
    }
  }
  return problems;
}
