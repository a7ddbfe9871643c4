/*
 * The flow side of the sandbox's YAML reader: quoted scalars (with their escapes and line
 * folding) and flow collections, read character by character, and how plain scalars resolve.
 */

/** YAML 1.2 core schema: null, booleans, integers, floats; everything else a string. */
export function resolvePlain(text: string): unknown {
  if (/^(~|null|Null|NULL|)$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) {
    return Number(text);
  }
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) {
    return text.startsWith('-') ? -Infinity : Infinity;
  }
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  return text;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** Quoted scalars and flow collections, read character by character. */
export class FlowReader {
  position = 0;

  constructor(
    private readonly text: string,
    private readonly fail: (message: string, offset: number) => never,
  ) {}

  value(): unknown {
    this.skipSpace();
    const c = this.text[this.position];
    if (c === '"') return this.doubleQuoted();
    if (c === "'") return this.singleQuoted();
    if (c === '[') return this.flowSequence();
    if (c === '{') return this.flowMapping();
    return this.flowPlain();
  }

  private skipSpace() {
    while (/\s/.test(this.text[this.position] ?? '')) this.position++;
  }

  private doubleQuoted(): string {
    let out = '';
    this.position++;
    for (;;) {
      const c = this.text[this.position];
      if (c === undefined)
        this.fail('an unclosed double-quoted string', this.position);
      if (c === '"') {
        this.position++;
        return out;
      }
      if (c === '\\') {
        const next = this.text[this.position + 1];
        if (next === '\n') {
          // An escaped line break joins the lines without a space.
          this.position += 2;
          while (/[ \t]/.test(this.text[this.position] ?? '')) this.position++;
          continue;
        }
        const hex = { x: 2, u: 4, U: 8 }[next as 'x' | 'u' | 'U'];
        if (hex) {
          const digits = this.text.slice(
            this.position + 2,
            this.position + 2 + hex,
          );
          if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) {
            this.fail('a bad escape', this.position);
          }
          out += String.fromCodePoint(parseInt(digits, 16));
          this.position += 2 + hex;
          continue;
        }
        if (!(next in ESCAPES))
          this.fail(`an unknown escape \\${next}`, this.position);
        out += ESCAPES[next];
        this.position += 2;
        continue;
      }
      if (c === '\n') {
        out = out.replace(/[ \t]+$/, '') + this.foldBreaks();
        continue;
      }
      out += c;
      this.position++;
    }
  }

  private singleQuoted(): string {
    let out = '';
    this.position++;
    for (;;) {
      const c = this.text[this.position];
      if (c === undefined)
        this.fail('an unclosed single-quoted string', this.position);
      if (c === "'") {
        if (this.text[this.position + 1] === "'") {
          out += "'";
          this.position += 2;
          continue;
        }
        this.position++;
        return out;
      }
      if (c === '\n') {
        out = out.replace(/[ \t]+$/, '') + this.foldBreaks();
        continue;
      }
      out += c;
      this.position++;
    }
  }

  /** At a line break inside quotes: a space, or a newline per empty line that follows. */
  private foldBreaks(): string {
    let breaks = 0;
    while (this.text[this.position] === '\n') {
      this.position++;
      breaks++;
      while (/[ \t]/.test(this.text[this.position] ?? '')) this.position++;
    }
    return breaks > 1 ? '\n'.repeat(breaks - 1) : ' ';
  }

  private flowSequence(): unknown[] {
    const items: unknown[] = [];
    this.position++;
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === ']') {
        this.position++;
        return items;
      }
      items.push(this.value());
      this.skipSpace();
      const c = this.text[this.position];
      if (c === ',') this.position++;
      else if (c !== ']') this.fail("expected ',' or ']'", this.position);
    }
  }

  private flowMapping(): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    this.position++;
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === '}') {
        this.position++;
        return map;
      }
      const key = this.value();
      this.skipSpace();
      let value: unknown = null;
      if (this.text[this.position] === ':') {
        this.position++;
        value = this.value();
        this.skipSpace();
      }
      map[String(key)] = value;
      const c = this.text[this.position];
      if (c === ',') this.position++;
      else if (c !== '}') this.fail("expected ',' or '}'", this.position);
    }
  }

  private flowPlain(): unknown {
    const start = this.position;
    while (this.position < this.text.length) {
      const c = this.text[this.position];
      if (',[]{}\n'.includes(c)) break;
      if (c === ':' && /[\s,[\]{}]/.test(this.text[this.position + 1] ?? ' '))
        break;
      if (c === '#' && /\s/.test(this.text[this.position - 1] ?? '')) break;
      this.position++;
    }
    const text = this.text.slice(start, this.position).trim();
    if (text === '') this.fail('a missing value', start);
    return resolvePlain(text);
  }
}
