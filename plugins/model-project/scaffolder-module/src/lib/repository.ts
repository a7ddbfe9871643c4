import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';

/**
 * The publish actions the model-project template can use, by integration type.
 *
 * @public
 */
export const MODEL_PROJECT_PUBLISHERS = ['github', 'gitlab', 'gitea'] as const;

/**
 * One of {@link MODEL_PROJECT_PUBLISHERS}.
 *
 * @public
 */
export type ModelProjectPublisher = (typeof MODEL_PROJECT_PUBLISHERS)[number];

/**
 * Where the new project's repository goes, and which of Backstage's publish actions puts it there.
 *
 * @public
 */
export interface RepositoryPlan {
  /** The integration type of the host: the template runs `publish:<publisher>`. */
  publisher: ModelProjectPublisher;
  host: string;
  owner: string;
  name: string;
  /** The URL to clone the repository from (what Argo CD syncs from). */
  cloneUrl: string;
  defaultBranch: string;
  /** Where the host serves the project's `catalog-info.yaml` once published, for `catalog:register`. */
  catalogInfoUrl: string;
}

/** How each host spells the URL of a file on a branch (what its integration reads). */
const FILE_PATH: Record<ModelProjectPublisher, string> = {
  github: 'blob',
  gitlab: '-/blob',
  gitea: 'src/branch',
};

const REPOSITORY_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * Finds the integration configured for the repository's host (`integrations:` in app-config),
 * so the template publishes with the matching Backstage action and needs no change between
 * the demo's loopback host and a real one.
 *
 * @throws InputError when the URL is malformed or no supported integration serves its host
 * @public
 */
export function planRepository(
  repoUrl: unknown,
  integrations: ScmIntegrationRegistry,
): RepositoryPlan {
  if (typeof repoUrl !== 'string' || repoUrl === '') {
    throw new InputError('The repository location (repoUrl) is required');
  }
  let host: string;
  try {
    host = new URL(`https://${repoUrl}`).host;
  } catch {
    throw new InputError(`The repository location '${repoUrl}' is malformed`);
  }
  const integration = integrations.byHost(host);
  const publisher = MODEL_PROJECT_PUBLISHERS.find(
    type => type === integration?.type,
  );
  if (!integration || !publisher) {
    throw new InputError(
      integration
        ? `The repository host '${host}' is a ${
            integration.type
          } integration; the model-project template publishes to ${MODEL_PROJECT_PUBLISHERS.join(
            ', ',
          )}`
        : `No integration is configured for the repository host '${host}' (integrations: in app-config)`,
    );
  }
  let parsed: ReturnType<typeof parseRepoUrl>;
  try {
    parsed = parseRepoUrl(repoUrl, integrations);
  } catch (error) {
    throw new InputError(
      `The repository location '${repoUrl}' is incomplete: ${
        (error as Error).message
      }`,
    );
  }
  const { owner, repo } = parsed;
  if (!owner) {
    throw new InputError(
      `The repository location '${repoUrl}' names no owner (organization or user)`,
    );
  }
  if (!REPOSITORY_NAME.test(repo) || repo.endsWith('.git')) {
    throw new InputError(
      `'${repo}' is no repository name a git host accepts: use letters, digits, '_', '.' and '-'`,
    );
  }
  const base = `${webBaseUrl(publisher, host, integrations)}/${owner}/${repo}`;
  const defaultBranch = 'main';
  return {
    publisher,
    host,
    owner,
    name: repo,
    cloneUrl: `${base}.git`,
    defaultBranch,
    catalogInfoUrl: `${base}/${FILE_PATH[publisher]}/${defaultBranch}/catalog-info.yaml`,
  };
}

/** The base URL repositories of the host are served under (GitHub has no such setting). */
function webBaseUrl(
  publisher: ModelProjectPublisher,
  host: string,
  integrations: ScmIntegrationRegistry,
): string {
  let configured: string | undefined;
  if (publisher === 'gitea') {
    configured = integrations.gitea.byHost(host)?.config.baseUrl;
  } else if (publisher === 'gitlab') {
    configured = integrations.gitlab.byHost(host)?.config.baseUrl;
  }
  return (configured ?? `https://${host}`).replace(/\/+$/, '');
}
