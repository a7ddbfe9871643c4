import { Command, InvalidArgumentError } from 'commander';
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_SEED,
  createSandbox,
} from './index';

/* eslint-disable no-console */

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError('expected a non-negative integer');
  }
  return n;
}

const env = process.env;
const program = new Command('mlops-sandbox')
  .description(
    'The demo MLOps stack: MLflow, Airflow, Kubeflow Pipelines and Kubernetes (KServe) APIs serving one seeded story.',
  )
  .option(
    '--port <port>',
    'port to listen on',
    integer,
    Number(env.SANDBOX_PORT ?? DEFAULT_PORT),
  )
  .option(
    '--host <host>',
    'interface to bind (loopback by default)',
    env.SANDBOX_HOST ?? DEFAULT_HOST,
  )
  .option(
    '--public-url <url>',
    'base URL clients use (OIDC issuer, Kubernetes discovery); default http://<host>:<port>',
    env.SANDBOX_PUBLIC_URL,
  )
  .option(
    '--seed <seed>',
    'PRNG seed for generated values',
    integer,
    Number(env.SANDBOX_SEED ?? DEFAULT_SEED),
  )
  .option(
    '--airflow-username <name>',
    'Airflow user (both mounts)',
    env.SANDBOX_AIRFLOW_USERNAME ?? 'admin',
  )
  .option(
    '--airflow-password <password>',
    'Airflow password (both mounts)',
    env.SANDBOX_AIRFLOW_PASSWORD ?? 'admin',
  )
  .option(
    '--airflow-jwt-secret <secret>',
    'HS256 secret for Airflow 3 JWTs',
    env.SANDBOX_AIRFLOW_JWT_SECRET,
  )
  .option(
    '--kfp-token <token>',
    'bearer token the KFP API requires',
    env.SANDBOX_KFP_TOKEN,
  )
  .option(
    '--k8s-token <token>',
    'bearer token the Kubernetes API requires',
    env.SANDBOX_K8S_TOKEN,
  )
  .option('--models <n>', 'synthetic MLflow registered models', integer, 0)
  .option(
    '--versions-per-model <n>',
    'versions per synthetic model (default 5)',
    integer,
  )
  .option('--dags <n>', 'synthetic Airflow DAGs', integer, 0)
  .option('--runs-per-dag <n>', 'runs per synthetic DAG (default 10)', integer)
  .option('--pipelines <n>', 'synthetic KFP pipelines', integer, 0)
  .option(
    '--versions-per-pipeline <n>',
    'versions per synthetic KFP pipeline (default 1)',
    integer,
  )
  .option(
    '--runs <n>',
    'synthetic KFP runs (spread over the synthetic pipelines)',
    integer,
    0,
  )
  .option(
    '--inference-services <n>',
    'synthetic KServe InferenceServices',
    integer,
    0,
  );

interface CliOptions {
  port: number;
  host: string;
  publicUrl?: string;
  seed: number;
  airflowUsername: string;
  airflowPassword: string;
  airflowJwtSecret?: string;
  kfpToken?: string;
  k8sToken?: string;
  models: number;
  versionsPerModel?: number;
  dags: number;
  runsPerDag?: number;
  pipelines: number;
  versionsPerPipeline?: number;
  runs: number;
  inferenceServices: number;
}

async function main(): Promise<void> {
  const opts = program.parse(process.argv).opts<CliOptions>();
  const started = process.hrtime.bigint();
  const sandbox = createSandbox({
    seed: opts.seed,
    publicUrl: opts.publicUrl,
    airflow: {
      username: opts.airflowUsername,
      password: opts.airflowPassword,
      jwtSecret: opts.airflowJwtSecret,
    },
    kubeflow: { token: opts.kfpToken },
    kubernetes: { token: opts.k8sToken },
    scale: {
      models: opts.models,
      versionsPerModel: opts.versionsPerModel,
      dags: opts.dags,
      runsPerDag: opts.runsPerDag,
      pipelines: opts.pipelines,
      versionsPerPipeline: opts.versionsPerPipeline,
      runs: opts.runs,
      inferenceServices: opts.inferenceServices,
    },
  });
  const server = await sandbox.listen(opts.port, opts.host);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const urls = sandbox.baseUrls();
  const o = sandbox.options;
  console.log(`MLOps sandbox (seed ${o.seed}) ready in ${ms.toFixed(0)} ms`);
  console.log(`  MLflow 3.x    ${urls.mlflow}`);
  console.log(`  MLflow 2.x    ${urls.mlflow2}`);
  console.log(
    `  Airflow 3     ${urls.airflow}   (POST /auth/token {"username":"${o.airflow.username}","password":"***"})`,
  );
  console.log(
    `  Airflow 2     ${urls.airflow2}  (HTTP Basic ${o.airflow.username}:***)`,
  );
  console.log(`  Kubeflow      ${urls.kubeflow}  (Bearer ${o.kubeflow.token})`);
  console.log(
    `  Kubernetes    ${urls.kubernetes}  (Bearer ${o.kubernetes.token})`,
  );
  console.log(`  OIDC issuer   ${urls.oidc}`);
  console.log(
    `  Sandbox admin ${urls.sandbox}  (GET /stats, POST /reset, GET /healthz)`,
  );
  const s = o.scale;
  if (Object.values(s).some(n => n > 0)) {
    console.log(
      `  Synthetic: ${s.models} models x ${s.versionsPerModel} versions, ${s.dags} DAGs x ${s.runsPerDag} runs, ${s.pipelines} pipelines x ${s.versionsPerPipeline} versions / ${s.runs} runs, ${s.inferenceServices} InferenceServices`,
    );
  }
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
