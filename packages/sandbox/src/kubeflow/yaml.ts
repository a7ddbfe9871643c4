/*
 * The YAML the KFP SDK writes for a compiled pipeline (PyYAML's block style): documents split by
 * `---`, block mappings and sequences (also a sequence at its key's indentation), plain, single-
 * and double-quoted scalars over several lines, block scalars (`|`, `>`), flow collections and
 * comments. Anchors, aliases, tags and complex keys are refused: the SDK never writes them, and
 * the sandbox has no YAML library to fall back on. Scalars resolve as YAML 1.2's core schema.
 */

import { FlowReader, resolvePlain } from './yamlFlow';

/** A problem with the YAML, and the (1-based) line it is on. */
export class YamlError extends Error {
  constructor(message: string, readonly line: number) {
    super(`${message} (line ${line})`);
  }
}

function isBlank(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** A plain key up to `: ` (or `:` at the end); a quoted key up to its closing quote. */
const PLAIN_KEY = /^([^\s#'"[\]{},&*!|>%@`-][^#]*?|-[^\s#][^#]*?)\s*:(?:\s|$)/;

class BlockParser {
  private index = 0;

  constructor(
    private readonly lines: string[],
    private readonly first: number,
  ) {}

  document(): unknown {
    const value = this.node(-1);
    if (this.nextContent() !== undefined) {
      this.fail('content after the document ends; check the indentation');
    }
    return value;
  }

  private fail(message: string): never {
    throw new YamlError(message, this.first + this.index + 1);
  }

  private nextContent(): number | undefined {
    while (this.index < this.lines.length && isBlank(this.lines[this.index])) {
      this.index++;
    }
    return this.index < this.lines.length ? this.index : undefined;
  }

  /** The node whose lines are indented more than `parent`, or null when there is none. */
  private node(parent: number): unknown {
    const at = this.nextContent();
    if (at === undefined) return null;
    const line = this.lines[at];
    const indent = indentOf(line);
    if (indent <= parent) return null;
    if (/^ *\t/.test(line)) {
      this.fail('a tab in indentation');
    }
    const rest = line.slice(indent);
    if (/^-(\s|$)/.test(rest)) return this.sequence(indent);
    if (mappingKey(rest)) return this.mapping(indent);
    return this.inline(indent, parent);
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (
      let at = this.nextContent();
      at !== undefined;
      at = this.nextContent()
    ) {
      const line = this.lines[at];
      if (indentOf(line) !== indent || !/^-(\s|$)/.test(line.slice(indent))) {
        break;
      }
      const content = line.slice(indent + 1);
      if (content.trim() === '' || content.trim().startsWith('#')) {
        this.index++;
        items.push(this.node(indent));
      } else {
        // `- key: value` and `- scalar`: the item starts where its content does.
        const column =
          indent + 1 + (content.length - content.trimStart().length);
        this.lines[at] = ' '.repeat(column) + content.trimStart();
        items.push(this.node(indent));
      }
    }
    return items;
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (
      let at = this.nextContent();
      at !== undefined;
      at = this.nextContent()
    ) {
      const line = this.lines[at];
      if (indentOf(line) < indent) break;
      if (indentOf(line) > indent) this.fail('unexpected indentation');
      const key = mappingKey(line.slice(indent));
      if (!key) this.fail('expected a `key: value` line');
      if (Object.prototype.hasOwnProperty.call(map, key.name)) {
        this.fail(`duplicate key ${JSON.stringify(key.name)}`);
      }
      const valueColumn = indent + key.length;
      const rest = line.slice(valueColumn);
      if (rest.trim() === '' || rest.trim().startsWith('#')) {
        this.index++;
        const next = this.nextContent();
        const nested = next === undefined ? '' : this.lines[next];
        // PyYAML writes a mapping's sequence at the key's own indentation.
        map[key.name] =
          next !== undefined &&
          indentOf(nested) === indent &&
          /^-(\s|$)/.test(nested.slice(indent))
            ? this.sequence(indent)
            : this.node(indent);
      } else {
        const column = valueColumn + (rest.length - rest.trimStart().length);
        map[key.name] = this.inline(column, indent);
      }
    }
    return map;
  }

  /** A scalar or flow collection starting at `column` of the current line. */
  private inline(column: number, parent: number): unknown {
    const line = this.lines[this.index];
    const text = line.slice(column);
    const first = text[0];
    if (first === '&' || first === '*' || first === '!' || first === '?') {
      this.fail('anchors, aliases, tags and complex keys are not supported');
    }
    if (first === '|' || first === '>') return this.blockScalar(text, parent);
    if (first === '"' || first === "'" || first === '[' || first === '{') {
      return this.quotedOrFlow(column);
    }
    return this.plain(text, parent);
  }

  private plain(text: string, parent: number): unknown {
    const parts = [stripComment(text)];
    this.index++;
    // A long plain scalar goes on over the lines indented more than its parent.
    while (this.index < this.lines.length) {
      const line = this.lines[this.index];
      if (line.trim() === '') {
        parts.push('');
        this.index++;
        continue;
      }
      if (indentOf(line) <= parent || line.trim().startsWith('#')) break;
      if (mappingKey(line.trim()) || /^-(\s|$)/.test(line.trim())) {
        this.fail('a mapping or sequence where a scalar goes on');
      }
      parts.push(stripComment(line.trim()));
      this.index++;
    }
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    return resolvePlain(fold(parts));
  }

  private quotedOrFlow(column: number): unknown {
    // The rest of the document from the value on: a quoted scalar or flow collection may
    // span lines, and reports how far it got.
    const startLine = this.index;
    const rest = [
      this.lines[startLine].slice(column),
      ...this.lines.slice(startLine + 1),
    ].join('\n');
    const reader = new FlowReader(rest, (message, offset) => {
      const line = startLine + rest.slice(0, offset).split('\n').length - 1;
      throw new YamlError(message, this.first + line + 1);
    });
    const value = reader.value();
    const consumed = rest.slice(0, reader.position).split('\n').length - 1;
    const tail = rest.slice(reader.position).split('\n')[0];
    if (tail.trim() !== '' && !/^\s+#/.test(tail)) {
      this.fail(`unexpected ${JSON.stringify(tail.trim())} after a value`);
    }
    this.index = startLine + consumed + 1;
    return value;
  }

  private blockScalar(header: string, parent: number): string {
    const match = /^([|>])([-+]?)([1-9]?)([-+]?)\s*(#.*)?$/.exec(header);
    if (!match)
      this.fail(`a bad block scalar header ${JSON.stringify(header)}`);
    const folded = match[1] === '>';
    const chomp = match[2] || match[4];
    this.index++;
    const lines: string[] = [];
    let contentIndent = match[3] ? parent + Number(match[3]) : undefined;
    while (this.index < this.lines.length) {
      const line = this.lines[this.index];
      if (line.trim() === '') {
        lines.push('');
      } else {
        const indent = indentOf(line);
        if (indent <= parent) break;
        contentIndent ??= indent;
        if (indent < contentIndent) break;
        lines.push(line.slice(contentIndent));
      }
      this.index++;
    }
    let body = folded ? foldBlock(lines) : lines.join('\n');
    const trailing = /\n*$/.exec(body)![0].length + (lines.length > 0 ? 1 : 0);
    body = body.replace(/\n*$/, '');
    if (chomp === '+') return body + '\n'.repeat(trailing);
    return chomp === '-' || body === '' ? body : `${body}\n`;
  }
}

function mappingKey(
  rest: string,
): { name: string; length: number } | undefined {
  if (rest.startsWith('"') || rest.startsWith("'")) {
    const reader = new FlowReader(rest, message => {
      throw new Error(message);
    });
    let name: unknown;
    try {
      name = reader.value();
    } catch {
      return undefined;
    }
    const after = /^\s*:(?:\s|$)/.exec(rest.slice(reader.position));
    return after && typeof name === 'string'
      ? { name, length: reader.position + after[0].trimEnd().length }
      : undefined;
  }
  const match = PLAIN_KEY.exec(rest);
  if (!match) return undefined;
  return { name: match[1], length: match[0].trimEnd().length };
}

function stripComment(text: string): string {
  const at = text.search(/\s#/);
  return (at >= 0 ? text.slice(0, at) : text).trim();
}

/** Line folding: one line break is a space, each further (empty) line a newline. */
function fold(parts: string[]): string {
  let out = parts[0];
  let breaks = 0;
  for (const part of parts.slice(1)) {
    if (part === '') {
      breaks++;
      continue;
    }
    out += breaks > 0 ? '\n'.repeat(breaks) : ' ';
    out += part;
    breaks = 0;
  }
  return out;
}

/** `>`: lines joined by spaces, except around empty and more-indented lines. */
function foldBlock(lines: string[]): string {
  let out = '';
  lines.forEach((line, i) => {
    if (i === 0) {
      out = line;
      return;
    }
    const previous = lines[i - 1];
    const literal = line.startsWith(' ') || previous.startsWith(' ');
    out += line === '' || previous === '' || literal ? '\n' : ' ';
    out += line;
  });
  return out;
}

/** Parses every document of a YAML stream. */
export function parseYamlDocuments(text: string): unknown[] {
  const documents: string[][] = [[]];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const firstLines: number[] = [0];
  lines.forEach((line, index) => {
    if (/^(---|\.\.\.)(\s|$)/.test(line)) {
      if (
        line.slice(3).trim() !== '' &&
        !line.slice(3).trim().startsWith('#')
      ) {
        throw new YamlError('content after a document marker', index + 1);
      }
      documents.push([]);
      firstLines.push(index + 1);
    } else {
      documents[documents.length - 1].push(line);
    }
  });
  return documents
    .map((doc, index) => ({ doc, first: firstLines[index] }))
    .filter(({ doc }) => doc.some(line => !isBlank(line)))
    .map(({ doc, first }) => new BlockParser(doc, first).document());
}
