/** A path template turned into a matcher. */
export interface CompiledTemplate {
  /** The template as written in the contract. */
  template: string;
  /** Names of the template's parameters, in order of appearance. */
  params: string[];
  /** Per-segment specificity (3 literal, 2 literal with a param, 1 param, 0 multi-segment param). */
  score: number[];
  regex: RegExp;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// {name} (OpenAPI, grpc-gateway, MLflow) or <name> / <converter:name> (Flask, MLflow artifacts).
const PARAM = /\{([^}]+)\}|<(?:([a-z]+):)?([^>]+)>/g;

/** Compiles a path template (with an optional literal prefix such as a server's /api/v1). */
export function compileTemplate(
  template: string,
  prefix = '',
): CompiledTemplate {
  const params: string[] = [];
  const score: number[] = [];
  const full = `${prefix.replace(/\/+$/, '')}${template}`;
  const source = full
    .split('/')
    .map(segment => {
      let specificity = 3;
      let pattern = '';
      let last = 0;
      for (const m of segment.matchAll(PARAM)) {
        pattern += escapeRegex(segment.slice(last, m.index));
        last = (m.index ?? 0) + m[0].length;
        const converter = m[2];
        params.push(m[1] ?? m[3]);
        if (converter === 'path') {
          pattern += '(.+)';
          specificity = 0;
        } else {
          // Lazy so that a literal suffix such as ':archive' in '{run_id}:archive' stays literal.
          pattern += '([^/]+?)';
          specificity = Math.min(specificity, m[0] === segment ? 1 : 2);
        }
      }
      pattern += escapeRegex(segment.slice(last));
      score.push(specificity);
      return pattern;
    })
    .join('/');
  return { template, params, score, regex: new RegExp(`^${source}$`) };
}

/** Compares two templates' specificity; negative when a is more specific (literal segments beat params). */
export function compareSpecificity(
  a: CompiledTemplate,
  b: CompiledTemplate,
): number {
  const n = Math.max(a.score.length, b.score.length);
  for (let i = 0; i < n; i++) {
    const diff = (b.score[i] ?? -1) - (a.score[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Matches a path against a template; returns the decoded parameter values or undefined. */
export function matchTemplate(
  compiled: CompiledTemplate,
  pathname: string,
): Record<string, string> | undefined {
  const m = compiled.regex.exec(pathname);
  if (!m) return undefined;
  const values: Record<string, string> = {};
  compiled.params.forEach((name, i) => {
    const raw = m[i + 1];
    try {
      values[name] = decodeURIComponent(raw);
    } catch {
      values[name] = raw;
    }
  });
  return values;
}

/** A request path split into pathname and query values (each key's values in order). */
export interface SplitPath {
  pathname: string;
  query: Record<string, string[]>;
}

/** Splits '/a/b?x=1&x=2' into pathname and query, merging in extra query values. */
export function splitPath(
  path: string,
  extra?: Record<string, string | string[]>,
): SplitPath {
  const hash = path.indexOf('#');
  const withoutHash = hash >= 0 ? path.slice(0, hash) : path;
  const q = withoutHash.indexOf('?');
  const pathname = q >= 0 ? withoutHash.slice(0, q) : withoutHash;
  const query: Record<string, string[]> = {};
  if (q >= 0) {
    for (const [key, value] of new URLSearchParams(withoutHash.slice(q + 1))) {
      (query[key] ??= []).push(value);
    }
  }
  for (const [key, value] of Object.entries(extra ?? {})) {
    (query[key] ??= []).push(...(Array.isArray(value) ? value : [value]));
  }
  return { pathname: pathname || '/', query };
}

/** A routing table of (method, template) entries that returns the most specific match. */
export class Router<T> {
  private readonly routes: Array<{
    method: string;
    compiled: CompiledTemplate;
    value: T;
  }> = [];

  /** Adds a route. */
  add(method: string, compiled: CompiledTemplate, value: T): void {
    this.routes.push({ method: method.toLowerCase(), compiled, value });
    this.routes.sort((a, b) => compareSpecificity(a.compiled, b.compiled));
  }

  /** The most specific route for method + pathname, with its path parameters. */
  find(
    method: string,
    pathname: string,
  ): { value: T; params: Record<string, string> } | undefined {
    const wanted = method.toLowerCase();
    for (const route of this.routes) {
      if (route.method !== wanted) continue;
      const params = matchTemplate(route.compiled, pathname);
      if (params) return { value: route.value, params };
    }
    return undefined;
  }

  /** Methods that do have a route for this pathname (to explain a method mismatch). */
  methodsFor(pathname: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes) {
      if (matchTemplate(route.compiled, pathname))
        methods.add(route.method.toUpperCase());
    }
    return [...methods];
  }
}
