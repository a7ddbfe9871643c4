/**
 * Kubernetes label selectors (the `labelSelector` query parameter), following
 * apimachinery's labels.Parse: comma-separated requirements, all of which must match.
 *   a=b  a==b  a!=b  a in (x,y)  a notin (x,y)  a  !a  a>1  a<1
 * `!=` and `notin` also match objects without the label, as in Kubernetes.
 */

/** One requirement of a selector. */
export type Requirement =
  | { key: string; op: 'exists' | 'notexists' }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'gt' | 'lt'; value: number };

/** A selector that does not parse; the message is Kubernetes' wording. */
export class LabelSelectorError extends Error {}

const NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateKey(key: string): void {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (
    prefix !== undefined &&
    (prefix.length === 0 ||
      prefix.length > 253 ||
      !DNS1123_SUBDOMAIN.test(prefix))
  ) {
    throw new LabelSelectorError(
      `unable to parse requirement: key: Invalid value: "${key}": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    );
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    throw new LabelSelectorError(
      `unable to parse requirement: key: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
  }
}

function validateValue(key: string, value: string, index: number): void {
  if (value.length > 63 || (value !== '' && !NAME.test(value))) {
    throw new LabelSelectorError(
      `unable to parse requirement: values[${index}][${key}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
  }
}

type Token = { kind: 'id' | 'op' | 'open' | 'close' | 'comma'; text: string };

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(') {
      tokens.push({ kind: 'open', text: c });
      i++;
    } else if (c === ')') {
      tokens.push({ kind: 'close', text: c });
      i++;
    } else if (c === ',') {
      tokens.push({ kind: 'comma', text: c });
      i++;
    } else if (input.startsWith('==', i) || input.startsWith('!=', i)) {
      tokens.push({ kind: 'op', text: input.slice(i, i + 2) });
      i += 2;
    } else if (c === '=' || c === '!' || c === '>' || c === '<') {
      tokens.push({ kind: 'op', text: c });
      i++;
    } else {
      let j = i;
      while (j < input.length && !/[\s(),=!<>]/.test(input[j])) j++;
      tokens.push({ kind: 'id', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

/** Parses a selector; an empty string selects everything. */
export function parseLabelSelector(selector: string): Requirement[] {
  const tokens = lex(selector);
  const requirements: Requirement[] = [];
  let pos = 0;
  const fail = (message: string): never => {
    throw new LabelSelectorError(`unable to parse requirement: ${message}`);
  };
  while (pos < tokens.length) {
    let negate = false;
    if (tokens[pos].kind === 'op' && tokens[pos].text === '!') {
      negate = true;
      pos++;
    }
    const keyToken = tokens[pos++];
    if (!keyToken || keyToken.kind !== 'id')
      fail(`found '${keyToken?.text ?? ''}', expected: identifier`);
    const key = keyToken.text;
    validateKey(key);
    const next = tokens[pos];
    if (negate || !next || next.kind === 'comma') {
      requirements.push({ key, op: negate ? 'notexists' : 'exists' });
    } else if (next.kind === 'op' && ['=', '==', '!='].includes(next.text)) {
      pos++;
      const valueToken = tokens[pos];
      const value = valueToken?.kind === 'id' ? valueToken.text : '';
      if (valueToken?.kind === 'id') pos++;
      validateValue(key, value, 0);
      requirements.push({
        key,
        op: next.text === '!=' ? 'notin' : 'in',
        values: [value],
      });
    } else if (next.kind === 'op' && (next.text === '>' || next.text === '<')) {
      pos++;
      const valueToken = tokens[pos++];
      const n = Number(valueToken?.text);
      if (
        !valueToken ||
        valueToken.kind !== 'id' ||
        !/^-?\d+$/.test(valueToken.text)
      ) {
        fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
      }
      requirements.push({ key, op: next.text === '>' ? 'gt' : 'lt', value: n });
    } else if (
      next.kind === 'id' &&
      (next.text === 'in' || next.text === 'notin')
    ) {
      pos++;
      if (tokens[pos]?.kind !== 'open')
        fail(`found '${tokens[pos]?.text ?? ''}', expected: '('`);
      pos++;
      const values: string[] = [];
      while (tokens[pos] && tokens[pos].kind !== 'close') {
        const t = tokens[pos];
        if (t.kind === 'id') {
          validateValue(key, t.text, values.length);
          values.push(t.text);
        } else if (t.kind !== 'comma') {
          fail(`found '${t.text}', expected: ',', ')' or identifier`);
        }
        pos++;
      }
      if (tokens[pos]?.kind !== 'close') fail(`found '', expected: ')'`);
      pos++;
      if (values.length === 0)
        fail(`for 'in', 'notin' operators, values set can't be empty`);
      requirements.push({ key, op: next.text as 'in' | 'notin', values });
    } else {
      fail(`found '${next.text}', expected: in, notin, =, ==, !=, gt, lt`);
    }
    if (pos < tokens.length) {
      if (tokens[pos].kind !== 'comma')
        fail(`found '${tokens[pos].text}', expected: ',' or 'end of string'`);
      pos++;
      if (pos >= tokens.length) fail(`found '', expected: identifier`);
    }
  }
  return requirements;
}

/** True when the labels satisfy every requirement. */
export function matchesSelector(
  requirements: Requirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return requirements.every(req => {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    switch (req.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && req.values.includes(l[req.key]);
      case 'notin':
        return !has || !req.values.includes(l[req.key]);
      case 'gt':
        return (
          has && /^-?\d+$/.test(l[req.key]) && Number(l[req.key]) > req.value
        );
      case 'lt':
      default:
        return (
          has &&
          /^-?\d+$/.test(l[req.key]) &&
          Number(l[req.key]) < (req as { value: number }).value
        );
    }
  });
}
