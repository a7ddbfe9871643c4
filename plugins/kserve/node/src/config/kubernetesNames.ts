/*
 * The Kubernetes syntax rules the KServe packages check before anything is sent: a server would
 * refuse the same values, but later and with a less helpful message.
 */

const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const DNS_SUBDOMAIN =
  /^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Whether `value` is a DNS-1123 label (a namespace, an InferenceService name): lower-case
 * letters, digits and '-', starting and ending with a letter or digit, at most 63 characters.
 *
 * @public
 */
export function isDns1123Label(value: unknown): value is string {
  return typeof value === 'string' && DNS_LABEL.test(value);
}

/**
 * Whether `value` is a DNS-1123 subdomain (the name of most Kubernetes objects): DNS labels
 * joined by '.', at most 253 characters.
 *
 * @public
 */
export function isDns1123Subdomain(value: unknown): value is string {
  return typeof value === 'string' && DNS_SUBDOMAIN.test(value);
}

/** A label key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  if (slash < 0) {
    return LABEL_NAME.test(key);
  }
  return (
    DNS_SUBDOMAIN.test(key.slice(0, slash)) &&
    LABEL_NAME.test(key.slice(slash + 1))
  );
}

/** Splits at the commas that separate requirements, not those inside `in (a,b)`. */
function splitRequirements(selector: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < selector.length; index++) {
    const char = selector[index];
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (depth < 0 || depth > 1) return undefined;
    if (char === ',' && depth === 0) {
      parts.push(selector.slice(start, index));
      start = index + 1;
    }
  }
  if (depth !== 0) return undefined;
  parts.push(selector.slice(start));
  return parts.map(part => part.trim());
}

const SET_REQUIREMENT = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/;
const EQUALITY_REQUIREMENT = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(\S*)$/;

/**
 * Why `selector` is not a Kubernetes label selector (`team=fraud,tier in (a,b),!legacy`), or
 * undefined when it is one. Checked roughly, as the API server parses it: requirements of
 * existence (`key`, `!key`), equality (`=`, `==`, `!=`), sets (`in`, `notin`) and `<`/`>`.
 *
 * @public
 */
export function labelSelectorProblem(selector: string): string | undefined {
  const requirements = splitRequirements(selector);
  if (!requirements) {
    return 'has unbalanced parentheses';
  }
  for (const requirement of requirements) {
    const problem = requirementProblem(requirement);
    if (problem) {
      return `has an invalid requirement '${requirement}': ${problem}`;
    }
  }
  return undefined;
}

function requirementProblem(requirement: string): string | undefined {
  if (requirement === '') {
    return 'it is empty';
  }
  const set = SET_REQUIREMENT.exec(requirement);
  if (set) {
    const values = set[3].split(',').map(value => value.trim());
    if (!isLabelKey(set[1])) return `'${set[1]}' is not a label key`;
    const bad = values.find(value => !LABEL_VALUE.test(value));
    return bad === undefined ? undefined : `'${bad}' is not a label value`;
  }
  const equality = EQUALITY_REQUIREMENT.exec(requirement);
  if (equality) {
    const [, key, operator, value] = equality;
    if (!isLabelKey(key)) return `'${key}' is not a label key`;
    if ((operator === '<' || operator === '>') && !/^-?\d+$/.test(value)) {
      return `'${operator}' needs an integer, got '${value}'`;
    }
    return LABEL_VALUE.test(value)
      ? undefined
      : `'${value}' is not a label value`;
  }
  const key = requirement.startsWith('!')
    ? requirement.slice(1).trim()
    : requirement;
  return isLabelKey(key)
    ? undefined
    : `'${key}' is not a label key (letters, digits, '-', '_' and '.', at most 63 characters, after an optional DNS prefix and '/')`;
}
