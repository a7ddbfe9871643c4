// The skeleton's Kubeflow pipeline, read from its Python source (pipelines/pipeline.py), and the
// compiled KFP v2 PipelineSpec that source stands for, as kfp.compiler writes it (KFP 2.x,
// sdk/python/kfp/compiler/pipeline_spec_builder.py and kfp/dsl/component_factory.py), for the
// part of the DSL the skeleton uses. KFP is not installed where the portal's tests run, so the
// source is read, not run; whatever statement this reader does not know is reported rather than
// skipped, so a change of the pipeline's shape fails the test until the reader learns it.

/** A parameter of a Python function, as written. */
export interface PythonParameter {
  name: string;
  annotation: string;
  /** The default's source text, when there is one. */
  default?: string;
}

/** A `@dsl.component` function. */
export interface PythonComponent {
  name: string;
  parameters: PythonParameter[];
  returns?: string;
  /** `base_image=` of the decorator, resolved. */
  image?: string;
  /** `packages_to_install=` of the decorator, resolved. */
  packages: string[];
  /** The function as inspect.getsource gives it without its decorator (what KFP embeds). */
  source: string;
}

/** A reference to a value in the pipeline function: what a task argument or a condition reads. */
export type PythonValue =
  | { kind: 'pipelineParameter'; name: string }
  | { kind: 'taskOutput'; task: string; key?: string }
  | { kind: 'placeholder'; value: string }
  | { kind: 'constant'; value: unknown };

/** A component called in the pipeline function. */
export interface PythonTask {
  /** The variable it is assigned to. */
  variable: string;
  component: string;
  arguments: Record<string, PythonValue>;
  /** Variables of `.after(...)`. */
  after: string[];
  /** The index of its `with If(...)` block in `PythonPipeline.conditions`. */
  condition?: number;
}

/** A `with If(...)` (or `dsl.If`, `dsl.Condition`) block. */
export interface PythonCondition {
  left: PythonValue;
  operator: string;
  right: PythonValue;
  name?: string;
}

/** What pipelines/pipeline.py declares. */
export interface PythonPipeline {
  constants: Record<string, unknown>;
  components: Record<string, PythonComponent>;
  pipeline: {
    function: string;
    name: string;
    description?: string;
    docstring?: string;
    parameters: PythonParameter[];
    tasks: PythonTask[];
    conditions: PythonCondition[];
    /** Per task variable: the env variables and caching set on it. */
    settings: Record<string, { env: Record<string, string>; cache?: boolean }>;
  };
  /** Statements this reader did not understand: each one fails the comparison. */
  unreadable: string[];
}

// --- reading the source -------------------------------------------------------------------

/** A Python string literal (single or double quoted, no prefix) as its value. */
function stringLiteral(text: string): string | undefined {
  const match = /^(['"])((?:\\.|(?!\1).)*)\1$/s.exec(text.trim());
  if (!match) return undefined;
  const body = match[2];
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'u':
      case 'x':
        return String.fromCharCode(parseInt(e.slice(1), 16));
      default:
        return e;
    }
  });
}

/** A Python literal: a string, a number, True/False/None or a list of those. */
function literal(text: string): { value: unknown } | undefined {
  const trimmed = text.trim();
  const string = stringLiteral(trimmed);
  if (string !== undefined) return { value: string };
  if (/^-?\d+$/.test(trimmed)) return { value: Number(trimmed) };
  if (/^-?\d*\.\d+(e-?\d+)?$/i.test(trimmed)) return { value: Number(trimmed) };
  if (trimmed === 'True') return { value: true };
  if (trimmed === 'False') return { value: false };
  if (trimmed === 'None') return { value: null };
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    const items = splitTopLevel(trimmed.slice(1, -1)).map(literal);
    if (items.every(Boolean)) return { value: items.map(item => item!.value) };
  }
  return undefined;
}

/** Splits on commas outside brackets and strings. */
function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      current += c;
      if (c === '\\') {
        current += text[++i] ?? '';
      } else if (c === quote) {
        quote = undefined;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
    } else if ('([{'.includes(c)) {
      depth++;
    } else if (')]}'.includes(c)) {
      depth--;
    } else if (c === separator && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim() !== '') parts.push(current);
  return parts.map(part => part.trim()).filter(part => part !== '');
}

/** The text without its comment (a `#` outside strings). */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#') {
      return line.slice(0, i).trimEnd();
    }
  }
  return line.trimEnd();
}

/** How far brackets stay open at the end of a text (strings skipped). */
function openBrackets(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if ('([{'.includes(c)) {
      depth++;
    } else if (')]}'.includes(c)) {
      depth--;
    }
  }
  return depth;
}

/** Logical lines (brackets joined) with their indentation, comments and blank lines dropped. */
function logicalLines(
  lines: string[],
): Array<{ indent: number; text: string }> {
  const out: Array<{ indent: number; text: string }> = [];
  let pending: { indent: number; text: string } | undefined;
  for (const raw of lines) {
    const line = withoutComment(raw);
    if (line.trim() === '') continue;
    if (pending) {
      pending.text += ` ${line.trim()}`;
    } else {
      pending = {
        indent: line.length - line.trimStart().length,
        text: line.trim(),
      };
    }
    if (openBrackets(pending.text) <= 0) {
      out.push({
        indent: pending.indent,
        // `f(a, )` and `[a, ]` as Python reads them.
        text: pending.text
          .replace(/\(\s+/g, '(')
          .replace(/\s+\)/g, ')')
          .replace(/,\s*([)\]])/g, '$1'),
      });
      pending = undefined;
    }
  }
  if (pending) out.push(pending);
  return out;
}

/** Keyword arguments of a call's argument text (`a=1, b=x`); positional ones under their index. */
function callArguments(text: string): Record<string, string> {
  const args: Record<string, string> = {};
  splitTopLevel(text).forEach((part, index) => {
    const match = /^([A-Za-z_]\w*)\s*=(?!=)\s*(.+)$/s.exec(part);
    if (match) args[match[1]] = match[2].trim();
    else args[String(index)] = part;
  });
  return args;
}

/** A function definition: its decorator, signature and body lines. */
interface PythonFunction {
  decorator?: string;
  name: string;
  parameters: PythonParameter[];
  returns?: string;
  /** The lines from `def` to the last line of the body. */
  lines: string[];
  body: string[];
}

/** Top-level functions of a module, with the decorator right above each. */
function topLevelFunctions(lines: string[]): PythonFunction[] {
  const functions: PythonFunction[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('def ')) continue;
    // The signature may span lines.
    let signature = lines[i];
    let end = i;
    while (
      !/\)\s*(->\s*[^:]+)?:\s*(#.*)?$/.test(signature) &&
      end + 1 < lines.length
    ) {
      signature += `\n${lines[++end]}`;
    }
    let last = end;
    for (let j = end + 1; j < lines.length; j++) {
      if (lines[j].trim() === '') continue;
      if (!/^\s/.test(lines[j])) break;
      last = j;
    }
    // The decorator (one logical line) right above.
    let decorator: string | undefined;
    let k = i - 1;
    const above: string[] = [];
    while (
      k >= 0 &&
      lines[k].trim() !== '' &&
      !/^(def |class )/.test(lines[k]) &&
      !/^\s/.test(lines[k])
    ) {
      above.unshift(lines[k]);
      k--;
    }
    if (above.length > 0 && above[0].startsWith('@')) {
      decorator = above.join(' ');
    }
    const match = /^def\s+(\w+)\s*\(([\s\S]*)\)\s*(?:->\s*([^:]+))?:/.exec(
      signature.split('\n').map(withoutComment).join(' '),
    );
    if (!match) continue;
    const parameters = splitTopLevel(match[2]).map(part => {
      const p = /^(\w+)\s*(?::\s*([^=]+?))?\s*(?:=\s*(.+))?$/s.exec(part);
      return {
        name: p?.[1] ?? part,
        annotation: p?.[2]?.trim() ?? '',
        ...(p?.[3] !== undefined && { default: p[3].trim() }),
      };
    });
    functions.push({
      decorator,
      name: match[1],
      parameters,
      returns: match[3]?.trim(),
      lines: lines.slice(i, last + 1),
      body: lines.slice(end + 1, last + 1),
    });
  }
  return functions;
}

/** A module constant's value as compiled with no environment variables set. */
function constantValue(text: string): { value: unknown } | undefined {
  const direct = literal(text);
  if (direct) return direct;
  const environ =
    /^os\.environ\.get\(\s*(['"][^'"]*['"])\s*,\s*(.+?)\)(\.split\(\))?$/s.exec(
      text.trim(),
    );
  if (environ) {
    const fallback = literal(environ[2]);
    if (fallback && typeof fallback.value === 'string') {
      return {
        value: environ[3]
          ? fallback.value.split(/\s+/).filter(Boolean)
          : fallback.value,
      };
    }
  }
  return undefined;
}

const PLACEHOLDERS: Record<string, string> = {
  PIPELINE_JOB_NAME_PLACEHOLDER: '{{$.pipeline_job_name}}',
  PIPELINE_JOB_RESOURCE_NAME_PLACEHOLDER: '{{$.pipeline_job_resource_name}}',
  PIPELINE_JOB_ID_PLACEHOLDER: '{{$.pipeline_job_uuid}}',
  PIPELINE_TASK_NAME_PLACEHOLDER: '{{$.pipeline_task_name}}',
  PIPELINE_TASK_ID_PLACEHOLDER: '{{$.pipeline_task_uuid}}',
};

/** The docstring of a function body, if its first statement is one. */
function docstring(
  body: string[],
): { text: string; lines: number } | undefined {
  const first = body.findIndex(line => line.trim() !== '');
  if (first < 0) return undefined;
  const start = body[first].trim();
  const quote = ['"""', "'''"].find(q => start.startsWith(q));
  if (!quote) return undefined;
  const rest = start.slice(3);
  if (rest.includes(quote)) {
    return { text: rest.slice(0, rest.indexOf(quote)), lines: first + 1 };
  }
  const collected = [rest];
  for (let i = first + 1; i < body.length; i++) {
    const line = body[i];
    if (line.includes(quote)) {
      collected.push(line.slice(0, line.indexOf(quote)));
      return { text: collected.join('\n'), lines: i + 1 };
    }
    collected.push(line);
  }
  return undefined;
}

/** inspect.getdoc: the docstring without its common indentation and outer blank lines. */
function cleanDocstring(text: string): string {
  const lines = text.split('\n');
  const indents = lines
    .slice(1)
    .filter(line => line.trim() !== '')
    .map(line => line.length - line.trimStart().length);
  const margin = indents.length ? Math.min(...indents) : 0;
  return [
    lines[0].trim(),
    ...lines.slice(1).map(line => line.slice(margin).trimEnd()),
  ]
    .join('\n')
    .trim();
}

/** Reads pipelines/pipeline.py. */
export function readPythonPipeline(source: string): PythonPipeline {
  const lines = source.split('\n');
  const unreadable: string[] = [];
  // Module constants: one-line assignments to UPPER_CASE names.
  const constants: Record<string, unknown> = {};
  for (const line of lines) {
    const match = /^([A-Z][A-Z0-9_]*)\s*=\s*(.+)$/.exec(withoutComment(line));
    if (match) {
      const value = constantValue(match[2]);
      if (value) constants[match[1]] = value.value;
    }
  }
  const resolve = (text: string | undefined): unknown => {
    if (text === undefined) return undefined;
    if (/^[A-Z][A-Z0-9_]*$/.test(text.trim()) && text.trim() in constants) {
      return constants[text.trim()];
    }
    const value = literal(text);
    if (!value)
      unreadable.push(`a value that is no literal or module constant: ${text}`);
    return value?.value;
  };

  const functions = topLevelFunctions(lines);
  const components: Record<string, PythonComponent> = {};
  for (const fn of functions) {
    const decorator = /^@dsl\.component(?:\((.*)\))?$/s.exec(
      fn.decorator ?? '',
    );
    if (!decorator) continue;
    const args = callArguments(decorator[1] ?? '');
    const packages = resolve(args.packages_to_install) ?? [];
    components[fn.name] = {
      name: fn.name,
      parameters: fn.parameters,
      returns: fn.returns,
      image:
        args.base_image === undefined
          ? undefined
          : String(resolve(args.base_image)),
      packages: Array.isArray(packages) ? packages.map(String) : [],
      source: `${fn.lines.join('\n')}\n`,
    };
  }

  const pipelineFns = functions.filter(fn =>
    /^@dsl\.pipeline\b/.test(fn.decorator ?? ''),
  );
  if (pipelineFns.length !== 1) {
    unreadable.push(
      `${pipelineFns.length} @dsl.pipeline functions, expected one`,
    );
  }
  const fn = pipelineFns[0] ?? {
    name: '',
    parameters: [],
    body: [],
    lines: [],
    decorator: '',
  };
  const decoratorArgs = callArguments(
    /^@dsl\.pipeline(?:\((.*)\))?$/s.exec(fn.decorator ?? '')?.[1] ?? '',
  );
  const doc = docstring(fn.body);
  const pipeline: PythonPipeline['pipeline'] = {
    function: fn.name,
    name:
      decoratorArgs.name === undefined
        ? fn.name
        : String(resolve(decoratorArgs.name)),
    description:
      decoratorArgs.description === undefined
        ? undefined
        : String(resolve(decoratorArgs.description)),
    docstring: doc ? cleanDocstring(doc.text) : undefined,
    parameters: fn.parameters,
    tasks: [],
    conditions: [],
    settings: {},
  };

  const variables = new Map<string, PythonTask>();
  const lists = new Map<string, string[]>();
  const value = (text: string): PythonValue => {
    const t = text.trim();
    const output = /^(\w+)\.output$/.exec(t);
    if (output && variables.has(output[1])) {
      return { kind: 'taskOutput', task: output[1] };
    }
    const outputs = /^(\w+)\.outputs\[\s*(['"])(\w+)\2\s*\]$/.exec(t);
    if (outputs && variables.has(outputs[1])) {
      return { kind: 'taskOutput', task: outputs[1], key: outputs[3] };
    }
    const placeholder = /^dsl\.(\w+)$/.exec(t);
    if (placeholder && PLACEHOLDERS[placeholder[1]]) {
      return { kind: 'placeholder', value: PLACEHOLDERS[placeholder[1]] };
    }
    if (fn.parameters.some(p => p.name === t)) {
      return { kind: 'pipelineParameter', name: t };
    }
    const constant = literal(t);
    if (constant) return { kind: 'constant', value: constant.value };
    if (/^[A-Z][A-Z0-9_]*$/.test(t) && t in constants) {
      return { kind: 'constant', value: constants[t] };
    }
    unreadable.push(`an argument this reader does not know: ${t}`);
    return { kind: 'constant', value: t };
  };
  const settingsOf = (variable: string) =>
    (pipeline.settings[variable] ??= { env: {} });
  const applySetting = (variable: string, call: string, args: string) => {
    const a = splitTopLevel(args);
    if (call === 'set_env_variable' && a.length === 2) {
      settingsOf(variable).env[String(resolve(a[0]))] = String(resolve(a[1]));
    } else if (call === 'set_caching_options' && a.length === 1) {
      settingsOf(variable).cache = resolve(a[0]) === true;
    } else {
      unreadable.push(`${variable}.${call}(${args})`);
    }
  };

  // Block structure: `with If(...)` and `for x in list:` open a block of deeper statements.
  const blocks: Array<{
    indent: number;
    condition?: number;
    loop?: { variable: string; list: string };
  }> = [];
  const bodyLines = fn.body.slice(doc?.lines ?? 0);
  for (const { indent, text } of logicalLines(bodyLines)) {
    while (blocks.length && indent <= blocks[blocks.length - 1].indent)
      blocks.pop();
    const condition = [...blocks]
      .reverse()
      .find(b => b.condition !== undefined)?.condition;
    const loop = [...blocks].reverse().find(b => b.loop)?.loop;

    const withIf = /^with\s+(?:If|dsl\.If|dsl\.Condition)\((.*)\)\s*:$/.exec(
      text,
    );
    if (withIf) {
      const args = callArguments(withIf[1]);
      const comparison = /^(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(
        args['0'] ?? '',
      );
      if (!comparison) {
        unreadable.push(text);
        continue;
      }
      pipeline.conditions.push({
        left: value(comparison[1]),
        operator: comparison[2],
        right: value(comparison[3]),
        ...(args.name !== undefined && { name: String(resolve(args.name)) }),
      });
      blocks.push({ indent, condition: pipeline.conditions.length - 1 });
      continue;
    }
    const forLoop = /^for\s+(\w+)\s+in\s+(\w+)\s*:$/.exec(text);
    if (forLoop && lists.has(forLoop[2])) {
      blocks.push({ indent, loop: { variable: forLoop[1], list: forLoop[2] } });
      continue;
    }
    const setting = /^(\w+)\.(set_\w+)\((.*)\)$/.exec(text);
    if (setting) {
      const targets =
        loop && setting[1] === loop.variable
          ? lists.get(loop.list)!
          : [setting[1]];
      for (const target of targets)
        applySetting(target, setting[2], setting[3]);
      continue;
    }
    const list = /^(\w+)\s*=\s*\[(.*)\]$/.exec(text);
    if (list && !loop) {
      const items = splitTopLevel(list[2]);
      if (items.every(item => variables.has(item))) {
        lists.set(list[1], items);
        continue;
      }
    }
    const call = /^(\w+)\s*=\s*(\w+)\((.*?)\)((?:\.after\([^)]*\))*)$/.exec(
      text,
    );
    if (call && components[call[2]]) {
      const args = callArguments(call[3]);
      const task: PythonTask = {
        variable: call[1],
        component: call[2],
        arguments: Object.fromEntries(
          Object.entries(args).map(([name, arg]) => [name, value(arg)]),
        ),
        after: [...call[4].matchAll(/\.after\(([^)]*)\)/g)].flatMap(m =>
          splitTopLevel(m[1]),
        ),
        ...(condition !== undefined && { condition }),
      };
      for (const after of task.after) {
        if (!variables.has(after))
          unreadable.push(`.after(${after}): no such task`);
      }
      variables.set(task.variable, task);
      pipeline.tasks.push(task);
      continue;
    }
    unreadable.push(text);
  }
  return { constants, components, pipeline, unreadable };
}

// --- compiling what was read --------------------------------------------------------------

const PARAMETER_TYPES: Record<string, string> = {
  str: 'STRING',
  int: 'NUMBER_INTEGER',
  float: 'NUMBER_DOUBLE',
  bool: 'BOOLEAN',
  dict: 'STRUCT',
  Dict: 'STRUCT',
  list: 'LIST',
  List: 'LIST',
};
const ARTIFACT_TYPES = [
  'Artifact',
  'Dataset',
  'Model',
  'Metrics',
  'ClassificationMetrics',
  'SlicedClassificationMetrics',
  'HTML',
  'Markdown',
];

type Io =
  | { io: 'input' | 'output'; kind: 'parameter'; type: string }
  | { io: 'input' | 'output'; kind: 'artifact'; type: string };

function ioOf(
  annotation: string,
  problems: string[],
  where: string,
): Io | undefined {
  const wrapped = /^(Input|Output)\[(\w+)\]$/.exec(annotation);
  if (wrapped && ARTIFACT_TYPES.includes(wrapped[2])) {
    return {
      io: wrapped[1] === 'Input' ? 'input' : 'output',
      kind: 'artifact',
      type: `system.${wrapped[2]}`,
    };
  }
  const base = annotation.replace(/\[.*$/, '');
  if (PARAMETER_TYPES[base]) {
    return { io: 'input', kind: 'parameter', type: PARAMETER_TYPES[base] };
  }
  problems.push(
    `${where}: an annotation this test does not know: ${annotation}`,
  );
  return undefined;
}

const artifactType = (type: string) => ({
  schemaTitle: type,
  schemaVersion: '0.0.1',
});

/** `Python function name` → KFP component and task name (`my_step` → `my-step`). */
const kfpName = (name: string) =>
  name
    .replace(/_/g, ' ')
    .replace(/ +/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');

/** The default of a parameter as KFP writes it into the spec. */
function defaultValue(
  text: string,
  problems: string[],
  where: string,
): unknown {
  const value = literal(text);
  if (!value) problems.push(`${where}: a default that is no literal: ${text}`);
  return value?.value;
}

function componentSpec(component: PythonComponent, problems: string[]) {
  const inputs: {
    parameters: Record<string, object>;
    artifacts: Record<string, object>;
  } = {
    parameters: {},
    artifacts: {},
  };
  const outputs: {
    parameters: Record<string, object>;
    artifacts: Record<string, object>;
  } = {
    parameters: {},
    artifacts: {},
  };
  for (const parameter of component.parameters) {
    const io = ioOf(
      parameter.annotation,
      problems,
      `${component.name}(${parameter.name})`,
    );
    if (!io) continue;
    const target = (io.io === 'input' ? inputs : outputs)[
      io.kind === 'parameter' ? 'parameters' : 'artifacts'
    ];
    target[parameter.name] =
      io.kind === 'artifact'
        ? { artifactType: artifactType(io.type) }
        : {
            ...(parameter.default !== undefined && {
              defaultValue: defaultValue(
                parameter.default,
                problems,
                component.name,
              ),
              isOptional: true,
            }),
            parameterType: io.type,
          };
  }
  if (component.returns && component.returns !== 'None') {
    const io = ioOf(
      component.returns,
      problems,
      `${component.name} -> ${component.returns}`,
    );
    if (io?.kind === 'parameter') {
      outputs.parameters.Output = { parameterType: io.type };
    } else if (io) {
      problems.push(
        `${component.name}: returns an artifact, which this test does not know`,
      );
    }
  }
  const section = (s: typeof inputs) => ({
    ...(Object.keys(s.artifacts).length > 0 && { artifacts: s.artifacts }),
    ...(Object.keys(s.parameters).length > 0 && { parameters: s.parameters }),
  });
  return {
    executorLabel: `exec-${kfpName(component.name)}`,
    ...(Object.keys(section(inputs)).length > 0 && {
      inputDefinitions: section(inputs),
    }),
    ...(Object.keys(section(outputs)).length > 0 && {
      outputDefinitions: section(outputs),
    }),
  };
}

/** The shell command of a lightweight Python component that installs KFP (and packages) first. */
export function kfpInstallCommand(
  kfpVersion: string,
  packages: string[],
): string[] {
  const pip = (parts: string[]) =>
    `python3 -m pip install --quiet --no-warn-script-location ${parts
      .map(part => `'${part}'`)
      .join(' ')}`;
  const commands = [
    pip([
      `kfp==${kfpVersion}`,
      '--no-deps',
      'typing-extensions>=3.7.4,<5; python_version<"3.9"',
    ]),
    ...(packages.length > 0 ? [' && ', pip(packages)] : []),
  ];
  return [
    'sh',
    '-c',
    '\nif ! [ -x "$(command -v pip)" ]; then\n    python3 -m ensurepip || python3 -m ensurepip --user || apt-get install python3-pip\nfi\n\n' +
      `PIP_DISABLE_PIP_VERSION_CHECK=1 ${commands.join(' ')} && "$0" "$@"\n`,
  ];
}

const PROGRAM_COMMAND = [
  'sh',
  '-ec',
  'program_path=$(mktemp -d)\n\nprintf "%s" "$0" > "$program_path/ephemeral_component.py"\n' +
    `_KFP_RUNTIME=true python3 -m kfp.dsl.executor_main${' '.repeat(
      25,
    )}--component_module_path${' '.repeat(
      25,
    )}"$program_path/ephemeral_component.py"${' '.repeat(25)}"$@"\n`,
];

/** The program a lightweight component runs: KFP's imports and the function's source. */
export const componentProgram = (source: string) =>
  `\nimport kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\nfrom typing import *\n\n${source}\n`;

/**
 * The PipelineSpec `kfp.compiler.Compiler().compile` writes for the pipeline read, with the SDK
 * version the compared spec names (its `sdkVersion`); problems for what cannot be compiled.
 */
export function compilePythonPipeline(
  py: PythonPipeline,
  sdkVersion: string,
): { spec: Record<string, unknown>; problems: string[] } {
  const problems = py.unreadable.map(
    statement => `pipeline.py: cannot read: ${statement}`,
  );
  const kfpVersion = /^kfp-(.+)$/.exec(sdkVersion)?.[1] ?? '?';
  const { pipeline } = py;
  const taskName = new Map<string, string>();
  const byVariable = new Map<string, PythonTask>();
  for (const task of pipeline.tasks) {
    const name = kfpName(task.component);
    if ([...taskName.values()].includes(name)) {
      problems.push(
        `pipeline.py: ${task.component} is called twice, which this test does not know`,
      );
    }
    taskName.set(task.variable, name);
    byVariable.set(task.variable, task);
  }
  const pipelineParameter = (name: string) =>
    pipeline.parameters.find(p => p.name === name);
  const parameterType = (name: string) => {
    const p = pipelineParameter(name);
    return p
      ? ioOf(p.annotation, problems, `${pipeline.function}(${name})`)
      : undefined;
  };
  /** What a task output is: a parameter or an artifact, and its type. */
  const outputOf = (v: Extract<PythonValue, { kind: 'taskOutput' }>) => {
    const component = py.components[byVariable.get(v.task)!.component];
    if (v.key === undefined) {
      if (!component.returns || component.returns === 'None') {
        problems.push(
          `pipeline.py: ${v.task}.output, but ${component.name} returns nothing`,
        );
        return undefined;
      }
      const io = ioOf(component.returns, problems, component.name);
      return io && { key: 'Output', ...io };
    }
    const parameter = component.parameters.find(p => p.name === v.key);
    const io =
      parameter && ioOf(parameter.annotation, problems, component.name);
    if (!io || io.io !== 'output') {
      problems.push(
        `pipeline.py: ${v.task}.outputs["${v.key}"] is no output of ${component.name}`,
      );
      return undefined;
    }
    return { key: v.key, ...io };
  };
  const channelName = (v: PythonValue) => {
    if (v.kind === 'taskOutput') {
      return `pipelinechannel--${taskName.get(v.task)}-${v.key ?? 'Output'}`;
    }
    return v.kind === 'pipelineParameter'
      ? `pipelinechannel--${v.name}`
      : undefined;
  };

  /** The channels a condition group needs from outside it, with what feeds them. */
  const groupChannels = pipeline.conditions.map(
    () => new Map<string, PythonValue>(),
  );
  const groupDependencies = pipeline.conditions.map(() => new Set<string>());
  pipeline.conditions.forEach((condition, index) => {
    for (const operand of [condition.left, condition.right]) {
      const name = channelName(operand);
      if (name) groupChannels[index].set(name, operand);
      if (operand.kind === 'taskOutput')
        groupDependencies[index].add(taskName.get(operand.task)!);
    }
  });

  const taskSpec = (task: PythonTask) => {
    const component = py.components[task.component];
    const inputs: {
      parameters: Record<string, object>;
      artifacts: Record<string, object>;
    } = {
      parameters: {},
      artifacts: {},
    };
    const dependencies = new Set<string>();
    for (const [argument, v] of Object.entries(task.arguments)) {
      const parameter = component.parameters.find(p => p.name === argument);
      if (!parameter) {
        problems.push(
          `pipeline.py: ${task.variable} passes ${argument}, which ${component.name} has not`,
        );
        continue;
      }
      const target = ioOf(parameter.annotation, problems, component.name);
      if (!target) continue;
      if (target.io === 'output') {
        problems.push(
          `pipeline.py: ${task.variable} passes the output ${argument} of ${component.name}`,
        );
        continue;
      }
      const section =
        target.kind === 'artifact' ? inputs.artifacts : inputs.parameters;
      if (v.kind === 'constant' || v.kind === 'placeholder') {
        section[argument] = { runtimeValue: { constant: v.value } };
        continue;
      }
      const producer =
        v.kind === 'taskOutput' ? byVariable.get(v.task) : undefined;
      const outside =
        task.condition !== undefined && producer?.condition !== task.condition;
      if (
        producer &&
        producer.condition !== undefined &&
        producer.condition !== task.condition
      ) {
        problems.push(
          `pipeline.py: ${task.variable} reads ${producer.variable} from inside a condition`,
        );
      }
      if (v.kind === 'pipelineParameter' || outside) {
        const name =
          task.condition !== undefined
            ? channelName(v)!
            : (v as { name: string }).name;
        if (task.condition !== undefined)
          groupChannels[task.condition].set(name, v);
        if (producer && task.condition !== undefined) {
          groupDependencies[task.condition].add(
            taskName.get(producer.variable)!,
          );
        }
        section[argument] =
          target.kind === 'artifact'
            ? { componentInputArtifact: name }
            : { componentInputParameter: name };
        continue;
      }
      const output = outputOf(
        v as Extract<PythonValue, { kind: 'taskOutput' }>,
      );
      if (!output) continue;
      if (output.kind !== target.kind) {
        problems.push(
          `pipeline.py: ${task.variable}.${argument} gets an ${output.kind} for a ${target.kind}`,
        );
      }
      const producerTask = taskName.get(producer!.variable)!;
      dependencies.add(producerTask);
      section[argument] =
        output.kind === 'artifact'
          ? {
              taskOutputArtifact: {
                outputArtifactKey: output.key,
                producerTask,
              },
            }
          : {
              taskOutputParameter: {
                outputParameterKey: output.key,
                producerTask,
              },
            };
    }
    for (const after of task.after) {
      const upstream = byVariable.get(after);
      if (!upstream) continue;
      if (upstream.condition === task.condition)
        dependencies.add(taskName.get(after)!);
      else if (task.condition !== undefined)
        groupDependencies[task.condition].add(taskName.get(after)!);
    }
    const settings = pipeline.settings[task.variable];
    const section = {
      ...(Object.keys(inputs.artifacts).length > 0 && {
        artifacts: inputs.artifacts,
      }),
      ...(Object.keys(inputs.parameters).length > 0 && {
        parameters: inputs.parameters,
      }),
    };
    const name = taskName.get(task.variable)!;
    return {
      cachingOptions: settings?.cache === false ? {} : { enableCache: true },
      componentRef: { name: `comp-${name}` },
      ...(dependencies.size > 0 && {
        dependentTasks: [...dependencies].sort(),
      }),
      ...(Object.keys(section).length > 0 && { inputs: section }),
      taskInfo: { name },
    };
  };

  const components: Record<string, unknown> = {};
  const executors: Record<string, unknown> = {};
  const rootTasks: Record<string, unknown> = {};
  const groupTasks = pipeline.conditions.map(
    () => ({} as Record<string, unknown>),
  );
  for (const task of pipeline.tasks) {
    const name = taskName.get(task.variable)!;
    const spec = taskSpec(task);
    (task.condition === undefined ? rootTasks : groupTasks[task.condition])[
      name
    ] = spec;
    const component = py.components[task.component];
    components[`comp-${name}`] = componentSpec(component, problems);
    if (component.image === undefined) {
      problems.push(`pipeline.py: ${component.name} names no base_image`);
    }
    const env = pipeline.settings[task.variable]?.env ?? {};
    executors[`exec-${name}`] = {
      container: {
        args: [
          '--executor_input',
          '{{$}}',
          '--function_to_execute',
          component.name,
        ],
        command: [
          ...kfpInstallCommand(kfpVersion, component.packages),
          ...PROGRAM_COMMAND,
          componentProgram(component.source),
        ],
        ...(Object.keys(env).length > 0 && {
          env: Object.entries(env).map(([envName, envValue]) => ({
            name: envName,
            value: envValue,
          })),
        }),
        image: component.image,
      },
    };
  }
  pipeline.conditions.forEach((condition, index) => {
    const group = `condition-${index + 1}`;
    const channels = [...groupChannels[index].entries()].sort(([a], [b]) =>
      a.localeCompare(b),
    );
    const typeOf = (v: PythonValue) => {
      if (v.kind === 'pipelineParameter') return parameterType(v.name);
      if (v.kind === 'taskOutput') return outputOf(v);
      return undefined;
    };
    const groupInputs: {
      parameters: Record<string, object>;
      artifacts: Record<string, object>;
    } = {
      parameters: {},
      artifacts: {},
    };
    const definitions: typeof groupInputs = { parameters: {}, artifacts: {} };
    for (const [name, v] of channels) {
      const type = typeOf(v);
      if (!type) continue;
      const section = type.kind === 'artifact' ? 'artifacts' : 'parameters';
      definitions[section][name] =
        type.kind === 'artifact'
          ? { artifactType: artifactType(type.type) }
          : { parameterType: type.type };
      if (v.kind === 'pipelineParameter') {
        groupInputs[section][name] =
          type.kind === 'artifact'
            ? { componentInputArtifact: v.name }
            : { componentInputParameter: v.name };
      } else if (v.kind === 'taskOutput') {
        const producerTask = taskName.get(v.task)!;
        groupInputs[section][name] =
          type.kind === 'artifact'
            ? { taskOutputArtifact: { outputArtifactKey: v.key, producerTask } }
            : {
                taskOutputParameter: {
                  outputParameterKey: v.key ?? 'Output',
                  producerTask,
                },
              };
      }
    }
    const operand = (v: PythonValue) => {
      if (v.kind === 'constant') {
        return typeof v.value === 'string'
          ? `'${v.value}'`
          : String(v.value).toLowerCase();
      }
      const name = channelName(v);
      const type = typeOf(v);
      const reference = `inputs.parameter_values['${name}']`;
      return type?.type === 'NUMBER_INTEGER' ? `int(${reference})` : reference;
    };
    const nonEmpty = (s: typeof groupInputs) => ({
      ...(Object.keys(s.artifacts).length > 0 && { artifacts: s.artifacts }),
      ...(Object.keys(s.parameters).length > 0 && { parameters: s.parameters }),
    });
    components[`comp-${group}`] = {
      dag: { tasks: groupTasks[index] },
      ...(channels.length > 0 && { inputDefinitions: nonEmpty(definitions) }),
    };
    rootTasks[group] = {
      componentRef: { name: `comp-${group}` },
      ...(groupDependencies[index].size > 0 && {
        dependentTasks: [...groupDependencies[index]].sort(),
      }),
      ...(channels.length > 0 && { inputs: nonEmpty(groupInputs) }),
      taskInfo: { name: condition.name ?? group },
      triggerPolicy: {
        condition: `${operand(condition.left)} ${condition.operator} ${operand(
          condition.right,
        )}`,
      },
    };
  });

  const rootParameters: Record<string, object> = {};
  for (const parameter of pipeline.parameters) {
    const io = ioOf(
      parameter.annotation,
      problems,
      `${pipeline.function}(${parameter.name})`,
    );
    if (!io || io.kind !== 'parameter') continue;
    rootParameters[parameter.name] = {
      ...(parameter.default !== undefined && {
        defaultValue: defaultValue(
          parameter.default,
          problems,
          pipeline.function,
        ),
        isOptional: true,
      }),
      parameterType: io.type,
    };
  }
  const description =
    pipeline.description || docstringDescription(pipeline.docstring);
  const spec = {
    components,
    deploymentSpec: { executors },
    pipelineInfo: {
      ...(description && { description }),
      name: pipeline.name,
    },
    root: {
      dag: { tasks: rootTasks },
      ...(Object.keys(rootParameters).length > 0 && {
        inputDefinitions: { parameters: rootParameters },
      }),
    },
    schemaVersion: '2.1.0',
    sdkVersion,
  };
  return { spec, problems };
}

/**
 * KFP's pipeline description from a docstring (kfp.dsl.component_factory.get_pipeline_description):
 * the short description, and the long one after a newline, without the Args/Returns sections.
 */
function docstringDescription(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const [short, ...rest] = text.split('\n');
  const sections =
    /^\s*(Args|Arguments|Parameters|Params|Returns|Return|Yields|Raises|Attributes|Example|Examples):\s*$/m;
  const restText = rest.join('\n');
  const cut = sections.exec(restText);
  const long = (cut ? restText.slice(0, cut.index) : restText).trim();
  const description = long ? `${short.trim()}\n${long}` : short.trim();
  return description || undefined;
}

/** The paths where two JSON values differ, each with both values. */
export function differences(
  expected: unknown,
  actual: unknown,
  at = '',
): string[] {
  const show = (v: unknown) =>
    v === undefined ? '(nothing)' : JSON.stringify(v);
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(expected) && isObject(actual)) {
    const keys = [
      ...new Set([...Object.keys(expected), ...Object.keys(actual)]),
    ].sort();
    return keys.flatMap(key =>
      differences(expected[key], actual[key], at ? `${at}.${key}` : key),
    );
  }
  if (
    Array.isArray(expected) &&
    Array.isArray(actual) &&
    expected.length === actual.length
  ) {
    return expected.flatMap((item, i) =>
      differences(item, actual[i], `${at}[${i}]`),
    );
  }
  if (JSON.stringify(expected) === JSON.stringify(actual)) return [];
  return [
    `${at}: pipeline.py compiles to ${show(expected)}, pipeline.yaml has ${show(
      actual,
    )}`,
  ];
}

/**
 * Everything in which the compiled spec (pipeline.yaml, parsed) and the Python source
 * (pipeline.py) disagree; empty when pipeline.yaml is what kfp.compiler writes for pipeline.py.
 */
export function comparePipeline(pythonSource: string, spec: unknown): string[] {
  const sdkVersion = (spec as { sdkVersion?: unknown })?.sdkVersion;
  const problems: string[] = [];
  if (
    typeof sdkVersion !== 'string' ||
    !/^kfp-\d+\.\d+\.\d+$/.test(sdkVersion)
  ) {
    problems.push(
      `pipeline.yaml: sdkVersion ${JSON.stringify(
        sdkVersion,
      )} names no KFP release`,
    );
  }
  const compiled = compilePythonPipeline(
    readPythonPipeline(pythonSource),
    typeof sdkVersion === 'string' ? sdkVersion : 'kfp-?',
  );
  return [
    ...problems,
    ...compiled.problems,
    ...differences(compiled.spec, spec),
  ];
}
