import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { ContractName } from './types';

/** Files (relative to the contracts folder) behind each contract name. */
export const CONTRACT_FILES: Readonly<Record<ContractName, string>> = {
  'airflow-v1': 'airflow/v1.yaml',
  'airflow-v2': 'airflow/v2.yaml',
  'airflow-v2-3.0': 'airflow/v2-airflow-3.0.2.yaml',
  'kfp-v2beta1': 'kubeflow-pipelines/kfp_api_single_file.swagger.json',
  'mlflow-2': 'mlflow/rest-api.json',
  'mlflow-3': 'mlflow/rest-api-3.x.json',
  kserve: 'kserve/serving.kserve.io_inferenceservices.yaml',
  'argocd-application': 'argocd/application-crd.yaml',
  'github-workflow': 'github-actions/github-workflow.json',
};

const ENV_DIR = 'MLOPS_CONTRACTS_DIR';
const ENV_REQUIRED = 'MLOPS_CONTRACTS_REQUIRED';

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The monorepo root: the nearest folder above `from` whose package.json declares workspaces. */
// This package only ever runs from source, under jest, so __dirname is where the file is.
// eslint-disable-next-line no-restricted-syntax
export function findRepoRoot(from: string = __dirname): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces) {
          return dir;
        }
      } catch {
        // A broken package.json on the way up is not ours to judge; keep walking.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

/** Where the contracts folder is expected: $MLOPS_CONTRACTS_DIR, else <repo root>/../shared/contracts. */
export function expectedContractsDir(): string | undefined {
  const fromEnv = process.env[ENV_DIR];
  if (fromEnv) {
    return path.resolve(fromEnv);
  }
  const root = findRepoRoot();
  return root ? path.resolve(root, '..', 'shared', 'contracts') : undefined;
}

/** Absolute path of the contracts folder, or undefined when absent. */
export function findContractsDir(): string | undefined {
  const dir = expectedContractsDir();
  return dir && isDirectory(dir) ? dir : undefined;
}

/** Why contract tests cannot run here, or undefined when the contracts folder is present. */
export function contractsSkipReason(): string | undefined {
  if (findContractsDir()) {
    return undefined;
  }
  const fromEnv = process.env[ENV_DIR];
  if (fromEnv) {
    return `${ENV_DIR}=${fromEnv} is not a directory`;
  }
  const expected = expectedContractsDir();
  return expected
    ? `../shared/contracts not found (looked in ${expected}; set ${ENV_DIR})`
    : // eslint-disable-next-line no-restricted-syntax
      `../shared/contracts not found (no workspace root above ${__dirname}; set ${ENV_DIR})`;
}

/** `describe` when contracts are present, otherwise `describe.skip` plus one console.warn line giving the reason. */
export function describeWithContracts(name: string, fn: () => void): void {
  const reason = contractsSkipReason();
  if (!reason) {
    // eslint-disable-next-line jest/valid-title, jest/valid-describe-callback
    describe(name, fn);
    return;
  }
  // CI always has ../shared; there a missing folder is a broken checkout, not a reason to go green.
  if (/^(1|true|yes)$/i.test(process.env[ENV_REQUIRED] ?? '')) {
    throw new Error(
      `contract tests cannot run (${name}): ${reason}, and ${ENV_REQUIRED} is set`,
    );
  }
  // eslint-disable-next-line no-console
  console.warn(`contract tests skipped (${name}): ${reason}`);
  // eslint-disable-next-line jest/valid-title, jest/valid-describe-callback, jest/no-disabled-tests
  describe.skip(name, fn);
}

/** Absolute path of one contract file; throws with the skip reason when contracts are absent. */
export function contractFile(name: ContractName): string {
  const dir = findContractsDir();
  if (!dir) {
    throw new Error(
      `Cannot load contract '${name}': ${contractsSkipReason()}. Wrap contract tests in describeWithContracts().`,
    );
  }
  const file = path.join(dir, CONTRACT_FILES[name]);
  if (!fs.existsSync(file)) {
    throw new Error(`Cannot load contract '${name}': ${file} does not exist`);
  }
  return file;
}

const documents = new Map<string, unknown>();

/** Parsed contents (YAML or JSON) of one contract file, read once per process. */
export function readContractDocument(name: ContractName): unknown {
  const file = contractFile(name);
  let doc = documents.get(file);
  if (doc === undefined) {
    const text = fs.readFileSync(file, 'utf8');
    doc = file.endsWith('.json') ? JSON.parse(text) : yaml.load(text);
    documents.set(file, doc);
  }
  return doc;
}
