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
  /** Versions per synthetic KFP pipeline (default 1: a pipeline is uploaded with its first). */
  versionsPerPipeline?: number;
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
  /** Kubeflow Pipelines: its bearer token and multi-user profiles. */
  kubeflow?: {
    /** Default `sandbox-kfp-token`. */
    token?: string;
    /**
     * Every request must carry the user-id header, and `GET /healthz` says `multi_user`.
     * Default false: only requests carrying the header are answered the multi-user way.
     */
    multiUser?: boolean;
    /** The user-id header; default `kubeflow-userid`. */
    userIdHeader?: string;
    /** Profile namespace → the user ids that may use it; default {@link DEFAULT_KFP_PROFILES}. */
    profiles?: Record<string, string[]>;
  };
  /** The Kubernetes API server. */
  kubernetes?: {
    /** Bearer token; default `sandbox-k8s-token`. */
    token?: string;
    /** Milliseconds between watch BOOKMARK events (`allowWatchBookmarks=true`); default 15000. */
    bookmarkIntervalMs?: number;
    /** Changes kept for watches from a resourceVersion (older ones get 410 Expired); default 1000. */
    watchHistorySize?: number;
  };
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
  kubeflow: {
    token: string;
    multiUser: boolean;
    userIdHeader: string;
    profiles: Record<string, string[]>;
  };
  kubernetes: {
    token: string;
    bookmarkIntervalMs: number;
    watchHistorySize: number;
  };
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
/** The user the portal acts as on the sandbox's multi-user Kubeflow. */
export const KFP_PORTAL_USER = 'portal@example.com';
/** A user with a profile of their own but none in the story's namespace. */
export const KFP_OTHER_USER = 'outsider@example.com';
/**
 * Default KFP profiles: the story's namespace `kubeflow` is the portal's, and a second, empty
 * profile `team-sandbox` is both users'.
 */
export const DEFAULT_KFP_PROFILES: Readonly<Record<string, readonly string[]>> =
  {
    kubeflow: [KFP_PORTAL_USER],
    'team-sandbox': [KFP_PORTAL_USER, KFP_OTHER_USER],
  };
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

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `Invalid sandbox option ${name}: ${value} (expected a positive integer)`,
    );
  }
  return value;
}

/** At least one when there are synthetic pipelines: KFP creates a pipeline with its first. */
function versionsPerPipeline(scale: ScaleOptions): number {
  const pipelines = scale.pipelines ?? 0;
  const versions = count(
    scale.versionsPerPipeline ?? (pipelines ? 1 : 0),
    'versionsPerPipeline',
  );
  if (pipelines > 0 && versions === 0) {
    throw new Error(
      'Invalid sandbox option versionsPerPipeline: 0 (a pipeline has at least one version)',
    );
  }
  return versions;
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
    kubeflow: {
      token: options.kubeflow?.token ?? DEFAULT_KFP_TOKEN,
      multiUser: options.kubeflow?.multiUser ?? false,
      userIdHeader: (
        options.kubeflow?.userIdHeader ?? 'kubeflow-userid'
      ).toLowerCase(),
      profiles: Object.fromEntries(
        Object.entries(options.kubeflow?.profiles ?? DEFAULT_KFP_PROFILES).map(
          ([namespace, users]) => [namespace, [...users]],
        ),
      ),
    },
    kubernetes: {
      token: options.kubernetes?.token ?? DEFAULT_K8S_TOKEN,
      bookmarkIntervalMs: positive(
        options.kubernetes?.bookmarkIntervalMs ?? 15_000,
        'kubernetes.bookmarkIntervalMs',
      ),
      watchHistorySize: positive(
        options.kubernetes?.watchHistorySize ?? 1000,
        'kubernetes.watchHistorySize',
      ),
    },
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
      versionsPerPipeline: versionsPerPipeline(scale),
      runs: count(scale.runs, 'runs'),
      inferenceServices: count(scale.inferenceServices, 'inferenceServices'),
    },
  };
}
