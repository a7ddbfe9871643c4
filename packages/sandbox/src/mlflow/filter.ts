/**
 * The subset of MLflow's search filter language the portal uses: comparisons joined by
 * AND, e.g. `metrics.auc > 0.9 and params.max_depth = '6' and attributes.status = 'FINISHED'`,
 * `name LIKE '%fraud%'`, `run_id IN ('a', 'b')`. Parse errors become MLflow's
 * INVALID_PARAMETER_VALUE (the caller maps FilterError).
 */

/** Which namespace a filter key lives in. */
export type FilterEntity = 'metric' | 'param' | 'tag' | 'attribute';

/** Comparison operators. */
export type FilterOp =
  | '='
  | '!='
  | '>'
  | '>='
  | '<'
  | '<='
  | 'LIKE'
  | 'ILIKE'
  | 'IN'
  | 'NOT IN';

/** A filter value: a string, a number or a list for IN. */
export type FilterValue = string | number | Array<string | number>;

/** One parsed comparison. */
export interface Comparison {
  entity: FilterEntity;
  key: string;
  op: FilterOp;
  value: FilterValue;
}

/** One parsed order_by clause. */
export interface OrderClause {
  entity: FilterEntity;
  key: string;
  ascending: boolean;
}

/** A filter or order_by that could not be parsed. */
export class FilterError extends Error {}

type Token =
  | { kind: 'ident'; text: string }
  | { kind: 'string'; text: string; quote: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'punct'; text: '(' | ')' | ',' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let text = '';
      while (j < input.length && input[j] !== c) {
        if (input[j] === '\\' && j + 1 < input.length) {
          j++;
        }
        text += input[j];
        j++;
      }
      if (j >= input.length) {
        throw new FilterError(`Unterminated quoted string in '${input}'`);
      }
      tokens.push({ kind: 'string', text, quote: c });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(input.slice(i));
    if (num) {
      tokens.push({ kind: 'number', value: Number(num[0]), text: num[0] });
      i += num[0].length;
      continue;
    }
    const op = /^(>=|<=|!=|<>|==|=|>|<)/.exec(input.slice(i));
    if (op) {
      const aliases: Record<string, string> = { '<>': '!=', '==': '=' };
      tokens.push({ kind: 'op', text: aliases[op[0]] ?? op[0] });
      i += op[0].length;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c });
      i++;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(input.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0] });
      i += ident[0].length;
      continue;
    }
    throw new FilterError(`Invalid character '${c}' in '${input}'`);
  }
  return tokens;
}

const ENTITY_PREFIXES: Record<string, FilterEntity> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
};

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  next(): Token {
    const token = this.tokens[this.pos++];
    if (!token) {
      throw new FilterError(`Unexpected end of expression '${this.source}'`);
    }
    return token;
  }

  keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind === 'ident' && token.text.toUpperCase() === word) {
      this.pos++;
      return true;
    }
    return false;
  }

  identifier(): { entity: FilterEntity; key: string } {
    const token = this.next();
    if (token.kind === 'string' && token.quote !== "'") {
      return { entity: 'attribute', key: token.text };
    }
    if (token.kind !== 'ident') {
      throw new FilterError(`Expected an identifier in '${this.source}'`);
    }
    const dot = token.text.indexOf('.');
    if (dot < 0) {
      return { entity: 'attribute', key: token.text };
    }
    const prefix = token.text.slice(0, dot).toLowerCase();
    const entity = ENTITY_PREFIXES[prefix];
    if (!entity) {
      throw new FilterError(
        `Invalid entity type '${token.text.slice(
          0,
          dot,
        )}'. Valid values are ['metric', 'parameter', 'tag', 'attribute']`,
      );
    }
    let key = token.text.slice(dot + 1);
    if (key === '') {
      const quoted = this.next();
      if (quoted.kind !== 'string') {
        throw new FilterError(
          `Expected a key after '${token.text}' in '${this.source}'`,
        );
      }
      key = quoted.text;
    }
    return { entity, key };
  }

  value(): string | number {
    const token = this.next();
    if (token.kind === 'string' && token.quote !== '`') {
      return token.text;
    }
    if (token.kind === 'number') {
      return token.value;
    }
    throw new FilterError(
      `Expected a quoted string or a number in '${this.source}'`,
    );
  }

  operator(): FilterOp {
    const token = this.next();
    if (token.kind === 'op') {
      return token.text as FilterOp;
    }
    if (token.kind === 'ident') {
      const word = token.text.toUpperCase();
      if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') {
        return word;
      }
      if (word === 'NOT' && this.keyword('IN')) {
        return 'NOT IN';
      }
    }
    throw new FilterError(`Invalid comparator in '${this.source}'`);
  }

  comparison(): Comparison {
    const { entity, key } = this.identifier();
    const op = this.operator();
    if (op === 'IN' || op === 'NOT IN') {
      const open = this.next();
      if (open.kind !== 'punct' || open.text !== '(') {
        throw new FilterError(`Expected '(' after ${op} in '${this.source}'`);
      }
      const values: Array<string | number> = [];
      for (;;) {
        values.push(this.value());
        const sep = this.next();
        if (sep.kind === 'punct' && sep.text === ')') {
          break;
        }
        if (sep.kind !== 'punct' || sep.text !== ',') {
          throw new FilterError(`Expected ',' or ')' in '${this.source}'`);
        }
      }
      return { entity, key, op, value: values };
    }
    return { entity, key, op, value: this.value() };
  }
}

/** Parses a filter string into AND-ed comparisons (empty filter → []). */
export function parseFilter(filter: string | undefined): Comparison[] {
  if (!filter || filter.trim() === '') {
    return [];
  }
  const parser = new Parser(tokenize(filter), filter);
  const result: Comparison[] = [parser.comparison()];
  while (!parser.done()) {
    if (!parser.keyword('AND')) {
      throw new FilterError(
        `Invalid filter '${filter}'. Only 'AND' is supported to join comparisons.`,
      );
    }
    result.push(parser.comparison());
  }
  return result;
}

/** Parses one order_by clause such as `metrics.auc DESC` or `name`. */
export function parseOrderBy(clause: string): OrderClause {
  const parser = new Parser(tokenize(clause), clause);
  const { entity, key } = parser.identifier();
  let ascending = true;
  if (parser.keyword('DESC')) {
    ascending = false;
  } else {
    parser.keyword('ASC');
  }
  if (!parser.done()) {
    throw new FilterError(`Invalid order_by clause '${clause}'`);
  }
  return { entity, key, ascending };
}

/** SQL LIKE pattern → anchored RegExp (% = any run, _ = any one character). */
export function likeToRegExp(
  pattern: string,
  caseInsensitive: boolean,
): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'isu' : 'su');
}

/**
 * Evaluates one comparison against a value (undefined = the run/model lacks the key, which
 * never matches, as with MLflow's SQL joins).
 */
export function matches(
  comparison: Comparison,
  actual: string | number | undefined,
): boolean {
  if (actual === undefined) {
    return false;
  }
  const { op, value } = comparison;
  if (op === 'IN' || op === 'NOT IN') {
    const list = (value as Array<string | number>).map(String);
    const found = list.includes(String(actual));
    return op === 'IN' ? found : !found;
  }
  if (op === 'LIKE' || op === 'ILIKE') {
    return likeToRegExp(String(value), op === 'ILIKE').test(String(actual));
  }
  if (typeof value === 'number' || typeof actual === 'number') {
    const a = Number(actual);
    const b = Number(value);
    if (Number.isNaN(a) || Number.isNaN(b)) {
      return false;
    }
    return compare(op, a, b);
  }
  return compare(op, String(actual), String(value));
}

function compare<T extends number | string>(op: FilterOp, a: T, b: T): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    default:
      return false;
  }
}
