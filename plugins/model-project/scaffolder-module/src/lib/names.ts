import { InputError } from '@backstage/errors';
import { validateModelName } from '@mlops-portal/plugin-mlflow-node';

/**
 * The longest project name: Kubernetes names derived from it (`<name>-production`,
 * `<name>-predictor`, `<name>-features`) must stay within the 63 characters of a DNS-1123 label.
 *
 * @public
 */
export const MAX_PROJECT_NAME_LENGTH = 40;

/** A DNS-1123 label that starts with a letter (KServe names become DNS-1035 labels too). */
const KUBERNETES_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Airflow's `KEY_REGEX` for a `dag_id`, and its `ID_LEN`. */
const AIRFLOW_DAG_ID = /^[\w.-]+$/;
const AIRFLOW_ID_LEN = 250;
const PYTHON_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `keyword.kwlist` of Python 3.11: none of them can be a package name. */
const PYTHON_KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'
  ).split(' '),
);

/**
 * Every name a model project gives its objects, all derived from the one project name.
 *
 * @public
 */
export interface ModelProjectNames {
  /** The MLflow experiment. */
  experiment: string;
  /** The MLflow registered model. */
  model: string;
  /**
   * The Airflow DAG's `dag_id`: `<package>_training`, not the name itself, for the same reason as
   * the pipeline's — the DAG's `airflow-dag` Resource must not take the MLflow model's name.
   */
  dagId: string;
  /**
   * The Kubeflow pipeline: `<name>-training`, not the name itself — the catalog makes an entity of
   * the pipeline and of the MLflow model, and two Resources of one name would clash.
   */
  pipeline: string;
  /** The KServe InferenceService. */
  inferenceService: string;
  /** The Python package of the training code. */
  pythonPackage: string;
  /** The Feast feature view. */
  featureView: string;
  /** The Feast entity (join key `entity_id`). */
  featureEntity: string;
}

/**
 * Checks a project name against every system that will carry it — Kubernetes, MLflow, Airflow
 * and Python — and derives the names of the project's objects from it.
 *
 * @throws InputError naming the system whose rule the name breaks
 * @public
 */
export function planProjectNames(value: unknown): ModelProjectNames {
  if (typeof value !== 'string' || value === '') {
    throw new InputError('The project name is required');
  }
  const name = value;
  const quoted = JSON.stringify(name);
  if (name.length > MAX_PROJECT_NAME_LENGTH) {
    throw new InputError(
      `The project name ${quoted} is ${name.length} characters long; at most ${MAX_PROJECT_NAME_LENGTH} are allowed, so that the Kubernetes names derived from it stay within 63`,
    );
  }
  if (!KUBERNETES_NAME.test(name)) {
    throw new InputError(
      `The project name ${quoted} is no valid Kubernetes name (the InferenceService and the Argo CD Applications carry it): use lowercase letters, digits and '-', start with a letter and end with a letter or digit`,
    );
  }
  try {
    validateModelName(name);
  } catch (error) {
    throw new InputError(
      `The project name ${quoted} is no valid MLflow model name: ${
        (error as Error).message
      }`,
    );
  }
  if (!AIRFLOW_DAG_ID.test(name) || name.length > AIRFLOW_ID_LEN) {
    throw new InputError(
      `The project name ${quoted} is no valid Airflow dag_id: use letters, digits, '_', '.' and '-'`,
    );
  }
  const pythonPackage = name.replace(/-/g, '_');
  if (
    !PYTHON_IDENTIFIER.test(pythonPackage) ||
    PYTHON_KEYWORDS.has(pythonPackage)
  ) {
    throw new InputError(
      `The project name ${quoted} gives the Python package '${pythonPackage}', which Python cannot import (a keyword or no identifier)`,
    );
  }
  return {
    experiment: name,
    model: name,
    dagId: `${pythonPackage}_training`,
    pipeline: `${name}-training`,
    inferenceService: name,
    pythonPackage,
    featureView: `${pythonPackage}_features`,
    featureEntity: `${pythonPackage}_entity`,
  };
}
