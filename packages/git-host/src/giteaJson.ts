import type { CommitInfo, OrgRecord, RepoRecord, TreeEntry } from './repoStore';

/** The Gitea version the host reports. */
export const GITEA_VERSION = '1.22.0';

const EPOCH = '1970-01-01T00:00:00Z';

function avatar(baseUrl: string): string {
  return `${baseUrl}/assets/img/avatar_default.png`;
}

/** A Gitea `User` for the configured account (id 1). */
export function userJson(baseUrl: string, username: string) {
  return {
    id: 1,
    login: username,
    login_name: '',
    source_id: 0,
    full_name: username,
    email: `${username}@noreply.localhost`,
    avatar_url: avatar(baseUrl),
    html_url: `${baseUrl}/${username}`,
    language: '',
    is_admin: true,
    last_login: EPOCH,
    created: EPOCH,
    restricted: false,
    active: true,
    prohibit_login: false,
    location: '',
    website: '',
    description: '',
    visibility: 'public',
    followers_count: 0,
    following_count: 0,
    starred_repos_count: 0,
    username,
  };
}

/** A Gitea `Organization`. */
export function organizationJson(baseUrl: string, org: OrgRecord) {
  return {
    id: org.id,
    name: org.name,
    full_name: org.name,
    email: '',
    avatar_url: avatar(baseUrl),
    description: '',
    website: '',
    location: '',
    visibility: 'public',
    repo_admin_change_team_access: true,
    username: org.name,
  };
}

/** An organization in the `User` shape Gitea uses for a repository owner. */
function ownerJson(baseUrl: string, org: OrgRecord) {
  return {
    ...userJson(baseUrl, org.name),
    id: org.id,
    email: '',
    is_admin: false,
  };
}

/** A Gitea `Repository`. */
export function repositoryJson(
  baseUrl: string,
  repo: RepoRecord,
  state: { defaultBranch: string; empty: boolean; canWrite: boolean },
) {
  const fullName = `${repo.owner.name}/${repo.name}`;
  return {
    id: repo.id,
    owner: ownerJson(baseUrl, repo.owner),
    name: repo.name,
    full_name: fullName,
    description: repo.description,
    empty: state.empty,
    private: repo.private,
    fork: false,
    template: false,
    parent: null,
    mirror: false,
    size: 0,
    language: '',
    languages_url: `${baseUrl}/api/v1/repos/${fullName}/languages`,
    html_url: `${baseUrl}/${fullName}`,
    url: `${baseUrl}/api/v1/repos/${fullName}`,
    link: '',
    ssh_url: '',
    clone_url: `${baseUrl}/${fullName}.git`,
    original_url: '',
    website: '',
    stars_count: 0,
    forks_count: 0,
    watchers_count: 0,
    open_issues_count: 0,
    open_pr_counter: 0,
    release_counter: 0,
    default_branch: state.defaultBranch,
    archived: false,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    archived_at: EPOCH,
    permissions: { admin: state.canWrite, push: state.canWrite, pull: true },
    has_issues: false,
    has_wiki: false,
    has_pull_requests: false,
    has_projects: false,
    has_releases: false,
    has_packages: false,
    has_actions: false,
    internal: false,
    mirror_interval: '',
    object_format_name: 'sha1',
  };
}

/** A Gitea `ContentsResponse` for one entry; `content` (base64) only for files. */
export function contentsJson(
  baseUrl: string,
  repo: RepoRecord,
  ref: string,
  entry: TreeEntry,
  lastCommitSha: string,
  content?: Buffer,
  target?: string,
) {
  const fullName = `${repo.owner.name}/${repo.name}`;
  const self = `${baseUrl}/api/v1/repos/${fullName}/contents/${entry.path}?ref=${ref}`;
  const git =
    entry.type === 'dir'
      ? `${baseUrl}/api/v1/repos/${fullName}/git/trees/${entry.sha}`
      : `${baseUrl}/api/v1/repos/${fullName}/git/blobs/${entry.sha}`;
  const html = `${baseUrl}/${fullName}/src/branch/${ref}/${entry.path}`;
  return {
    name: entry.name,
    path: entry.path,
    sha: entry.sha,
    last_commit_sha: lastCommitSha,
    type: entry.type,
    size: entry.size,
    encoding: content ? 'base64' : null,
    content: content ? content.toString('base64') : null,
    target: target ?? null,
    url: self,
    html_url: html,
    git_url: git,
    download_url:
      entry.type === 'file'
        ? `${baseUrl}/${fullName}/raw/branch/${ref}/${entry.path}`
        : null,
    submodule_git_url: null,
    _links: { self, git, html },
  };
}

/** A Gitea `Commit` (the answer of `GET /repos/{owner}/{repo}/git/commits/{sha}`). */
export function commitJson(baseUrl: string, repo: RepoRecord, c: CommitInfo) {
  const api = `${baseUrl}/api/v1/repos/${repo.owner.name}/${repo.name}`;
  const html = `${baseUrl}/${repo.owner.name}/${repo.name}`;
  return {
    url: `${api}/git/commits/${c.sha}`,
    sha: c.sha,
    created: c.committer.date,
    html_url: `${html}/commit/${c.sha}`,
    commit: {
      url: `${api}/git/commits/${c.sha}`,
      author: c.author,
      committer: c.committer,
      message: c.message,
      tree: {
        url: `${api}/git/trees/${c.tree}`,
        sha: c.tree,
        created: c.committer.date,
      },
      verification: {
        verified: false,
        reason: 'gpg.error.not_signed_commit',
        signature: '',
        signer: null,
        payload: '',
      },
    },
    author: null,
    committer: null,
    parents: c.parents.map(sha => ({
      url: `${api}/git/commits/${sha}`,
      sha,
      created: c.committer.date,
    })),
    files: null,
    stats: null,
  };
}
