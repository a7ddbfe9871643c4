/** Synthetic objects added beyond the story (benchmarks). All default to 0. */
export interface ScaleOptions {
  /** Synthetic MLflow registered models. */
  models?: number;
  /** Versions per synthetic registered model. */
  versionsPerModel?: number;
  /** Synthetic Airflow DAGs. */
  dags?: number;
  /** DAG runs per synthetic DAG. */
  runsPerDag?: number;
  /** Synthetic KFP pipelines. */
  pipelines?: number;
  /** Synthetic KFP runs (spread over the synthetic pipelines). */
  runs?: number;
  /** Synthetic KServe InferenceServices. */
  inferenceServices?: number;
}

/** Options of createSandbox(). */
export interface SandboxOptions {
  /** PRNG seed for generated values (metrics, durations); default 42. */
  seed?: number;
  /** Base URL the sandbox is reachable at (OIDC issuer, Kubernetes discovery); default http://127.0.0.1:7100. */
  publicUrl?: string;
  /** Airflow credentials (both /airflow and /airflow2). */
  airflow?: {
    /** Default `admin`. */
    username?: string;
    /** Default `admin`. */
    password?: string;
    /** HS256 secret for /airflow JWTs. */
    jwtSecret?: string;
    /** JWT lifetime in seconds; default 3600. */
    tokenTtlSeconds?: number;
  };
  /** KFP bearer token; default `sandbox-kfp-token`. */
  kubeflow?: { token?: string };
  /** Kubernetes bearer token; default `sandbox-k8s-token`. */
  kubernetes?: { token?: string };
  /** Synthetic objects beyond the story. */
  scale?: ScaleOptions;
}

/** Options with every default applied. */
export interface ResolvedSandboxOptions {
  seed: number;
  publicUrl: string;
  publicUrlExplicit: boolean;
  airflow: {
    username: string;
    password: string;
    jwtSecret: string;
    tokenTtlSeconds: number;
  };
  kubeflow: { token: string };
  kubernetes: { token: string };
  scale: Required<ScaleOptions>;
}

/** Default port of the CLI. */
export const DEFAULT_PORT = 7100;
/** Default listen host: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';
/** Default seed. */
export const DEFAULT_SEED = 42;
/** Default KFP token. */
export const DEFAULT_KFP_TOKEN = 'sandbox-kfp-token';
/** Default Kubernetes token. */
export const DEFAULT_K8S_TOKEN = 'sandbox-k8s-token';

function count(value: number | undefined, name: string): number {
  const n = value ?? 0;
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(
      `Invalid sandbox option ${name}: ${value} (expected a non-negative integer)`,
    );
  }
  return n;
}

/** Applies defaults and validates the options. */
export function resolveOptions(
  options: SandboxOptions = {},
): ResolvedSandboxOptions {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) {
    throw new Error(`Invalid sandbox seed: ${seed} (expected an integer)`);
  }
  const scale = options.scale ?? {};
  return {
    seed,
    publicUrl: (
      options.publicUrl ?? `http://${DEFAULT_HOST}:${DEFAULT_PORT}`
    ).replace(/\/+$/, ''),
    publicUrlExplicit: options.publicUrl !== undefined,
    airflow: {
      username: options.airflow?.username ?? 'admin',
      password: options.airflow?.password ?? 'admin',
      jwtSecret:
        options.airflow?.jwtSecret ??
        'sandbox-airflow-jwt-secret-not-for-production',
      tokenTtlSeconds: options.airflow?.tokenTtlSeconds ?? 3600,
    },
    kubeflow: { token: options.kubeflow?.token ?? DEFAULT_KFP_TOKEN },
    kubernetes: { token: options.kubernetes?.token ?? DEFAULT_K8S_TOKEN },
    scale: {
      models: count(scale.models, 'models'),
      versionsPerModel: count(
        scale.versionsPerModel ?? (scale.models ? 5 : 0),
        'versionsPerModel',
      ),
      dags: count(scale.dags, 'dags'),
      runsPerDag: count(
        scale.runsPerDag ?? (scale.dags ? 10 : 0),
        'runsPerDag',
      ),
      pipelines: count(scale.pipelines, 'pipelines'),
      runs: count(scale.runs, 'runs'),
      inferenceServices: count(scale.inferenceServices, 'inferenceServices'),
    },
  };
}
