import type { ValidateFunction } from 'ajv';
import {
  createAjv,
  formatErrors,
  isObject,
  registerVocabulary,
  whereWithPrefix,
  type AjvInstance,
  type JsonObject,
} from './ajv';
import { compileTemplate, Router, splitPath } from './paths';
import {
  selfContainedSchema,
  type SelfContainedSchema,
} from './responseSchema';
import {
  coerceScalar,
  effectiveType,
  normalizeSchema,
  type NormalizeOptions,
  type SchemaFlavour,
} from './schema';
import type {
  ContractViolation,
  HttpContract,
  HttpRequestSample,
  HttpResponseSample,
  OperationMatch,
  ValidationResult,
} from './types';

type Direction = 'request' | 'response';

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  /** Raw (un-normalized) schema of the parameter value. */
  schema: unknown;
  /** True when repeated keys carry the array items (OpenAPI form/explode, Swagger multi). */
  explode: boolean;
  /** Separator when the items share one value (csv, pipes...). */
  delimiter: string;
}

interface Body {
  required: boolean;
  /** Raw JSON schema, undefined when the body is not JSON (multipart uploads). */
  schema?: unknown;
}

/** Declared media types of one response and their schemas; empty when the response has no body. */
type ResponseShape = Map<string, unknown>;

interface Operation {
  operationId: string;
  method: string;
  template: string;
  parameters: Parameter[];
  body?: Body;
  /** Form fields (Swagger formData): the body is multipart and not checked here. */
  multipart: boolean;
  responses: Map<string, ResponseShape>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const DELIMITERS: Record<string, string> = {
  csv: ',',
  ssv: ' ',
  tsv: '\t',
  pipes: '|',
};
const STYLE_DELIMITERS: Record<string, string> = {
  spaceDelimited: ' ',
  pipeDelimited: '|',
};

function isAbsentBody(body: unknown): boolean {
  return body === undefined || body === null || body === '';
}

function isJsonMediaType(type: string): boolean {
  return (
    type === 'application/json' ||
    /^application\/[^;]*\+json/.test(type) ||
    type === '*/*'
  );
}

// Server URLs may hold {variables}; an unparsable one contributes no prefix rather than crash.
function urlPath(url: string): string | undefined {
  try {
    return new URL(url.replace(/\{[^}]*\}/g, 'x')).pathname;
  } catch {
    return undefined;
  }
}

function decodePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Validates requests and responses against an OpenAPI 3.0/3.1 or Swagger 2.0 document. */
export class OpenApiContract implements HttpContract {
  private readonly flavour: SchemaFlavour;
  private readonly router = new Router<Operation>();
  private readonly ajv: AjvInstance;
  private readonly schemasPointer: string;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly prefix: string;
  /** Component schemas normalized per direction, by Ajv schema id (added to Ajv on first use). */
  private readonly normalizedDocs = new Map<string, JsonObject>();

  /** Builds the routing table; schemas are normalized and compiled lazily, per operation. */
  constructor(private readonly name: string, private readonly doc: JsonObject) {
    if (doc.swagger === '2.0') this.flavour = 'swagger-2.0';
    else if (String(doc.openapi).startsWith('3.0'))
      this.flavour = 'openapi-3.0';
    else if (String(doc.openapi).startsWith('3.1'))
      this.flavour = 'openapi-3.1';
    else throw new Error(`${name}: neither Swagger 2.0 nor OpenAPI 3.0/3.1`);

    this.ajv = createAjv(
      this.flavour === 'openapi-3.1' ? 'draft2020' : 'draft07',
    );
    registerVocabulary(this.ajv, doc);
    this.schemasPointer =
      this.flavour === 'swagger-2.0'
        ? '#/definitions/'
        : '#/components/schemas/';
    this.prefix = this.serverPrefix();

    const paths = isObject(doc.paths) ? doc.paths : {};
    for (const [template, rawItem] of Object.entries(paths)) {
      const item = this.deref(rawItem);
      if (!isObject(item)) continue;
      const shared = Array.isArray(item.parameters) ? item.parameters : [];
      for (const method of METHODS) {
        const op = item[method];
        if (!isObject(op)) continue;
        const operation = this.readOperation(method, template, op, shared);
        this.router.add(
          method,
          compileTemplate(template, this.prefix),
          operation,
        );
      }
    }
  }

  /** Finds the operation for method + path. */
  findOperation(method: string, path: string): OperationMatch | undefined {
    const found = this.router.find(method, splitPath(path).pathname);
    return (
      found && {
        operationId: found.value.operationId,
        pathTemplate: found.value.template,
      }
    );
  }

  /** Validates path, query and header parameters and the JSON body of a request. */
  validateRequest(req: HttpRequestSample): ValidationResult {
    const { pathname, query } = splitPath(req.path, req.query);
    const found = this.router.find(req.method, pathname);
    if (!found) return this.unknownOperation(req.method, pathname);
    const op = found.value;
    const errors: ContractViolation[] = [];

    const headers = new Map(
      Object.entries(req.headers ?? {}).map(
        ([k, v]) => [k.toLowerCase(), v] as const,
      ),
    );
    const remainingQuery = new Set(Object.keys(query));
    for (const param of op.parameters) {
      let values: string[] | undefined;
      if (param.in === 'path') {
        const value = found.params[param.name];
        values = value === undefined ? undefined : [value];
      } else if (param.in === 'query') {
        values = query[param.name];
        remainingQuery.delete(param.name);
      } else if (param.in === 'header') {
        const value = headers.get(param.name.toLowerCase());
        values = value === undefined ? undefined : [value];
      } else {
        continue; // cookie, body and formData are handled elsewhere or not at all
      }
      errors.push(...this.checkParameter(op, param, values));
    }
    for (const extra of remainingQuery) {
      errors.push({
        where: `query param ${extra}`,
        message: `not declared by ${op.operationId} (a typo, or a parameter this API version does not know)`,
      });
    }

    errors.push(...this.checkRequestBody(op, req.body));
    return { valid: errors.length === 0, operation: op.operationId, errors };
  }

  /** Validates a response's status and body against the operation's declared responses. */
  validateResponse(res: HttpResponseSample): ValidationResult {
    const { pathname } = splitPath(res.path);
    const found = this.router.find(res.method, pathname);
    if (!found) return this.unknownOperation(res.method, pathname);
    const op = found.value;
    const status = String(res.status);
    const key = [status, `${status[0]}XX`, `${status[0]}xx`, 'default'].find(
      k => op.responses.has(k),
    );
    if (!key) {
      return {
        valid: false,
        operation: op.operationId,
        errors: [
          {
            where: 'status',
            message: `${res.status} is not declared for ${
              op.operationId
            } (declared: ${[...op.responses.keys()].join(', ')})`,
          },
        ],
      };
    }
    const errors = this.checkResponseBody(op, key, op.responses.get(key)!, res);
    return { valid: errors.length === 0, operation: op.operationId, errors };
  }

  /** The self-contained schema of an operation's 200 (else first 2xx) JSON body. */
  responseSchema(method: string, path: string): SelfContainedSchema {
    const { pathname } = splitPath(path);
    const found = this.router.find(method, pathname);
    if (!found) {
      throw new Error(
        this.unknownOperation(method, pathname).errors[0].message,
      );
    }
    const op = found.value;
    const what = `${this.name} ${op.operationId} (${op.method.toUpperCase()} ${
      op.template
    })`;
    const success = [...op.responses.keys()]
      .filter(status => /^2(\d\d|XX)$/i.test(status))
      .sort();
    // 200 is what clients wait for; otherwise the first 2xx the operation declares.
    const status = success.includes('200') ? '200' : success[0];
    if (!status) throw new Error(`${what} declares no 2xx response`);
    const shape = op.responses.get(status)!;
    const type = [...shape.keys()].find(isJsonMediaType);
    const schema = type === undefined ? undefined : shape.get(type);
    if (schema === undefined) {
      throw new Error(`${what} declares no JSON body for ${status}`);
    }
    const options: NormalizeOptions = {
      flavour: this.flavour,
      direction: 'response',
      rewriteRef: ref => {
        if (!ref.startsWith(this.schemasPointer)) {
          throw new Error(`${what}: $ref ${ref} does not point at a schema`);
        }
        return `#/definitions/${ref.slice(this.schemasPointer.length)}`;
      },
    };
    const components = isObject(this.doc.components) ? this.doc.components : {};
    const raw =
      this.flavour === 'swagger-2.0'
        ? this.doc.definitions
        : components.schemas;
    const lookup = (name: string) =>
      isObject(raw) && raw[name] !== undefined
        ? normalizeSchema(raw[name], options)
        : undefined;
    return selfContainedSchema(normalizeSchema(schema, options), lookup, what);
  }

  private serverPrefix(): string {
    let base: string | undefined;
    if (this.flavour === 'swagger-2.0') {
      base =
        typeof this.doc.basePath === 'string' ? this.doc.basePath : undefined;
    } else if (
      Array.isArray(this.doc.servers) &&
      isObject(this.doc.servers[0])
    ) {
      const url = String(this.doc.servers[0].url ?? '');
      // Relative server URLs ('/api/v1') are mount points; absolute ones contribute their path.
      if (url.startsWith('/')) base = url;
      else if (url) base = urlPath(url);
    }
    return base && base !== '/' ? base.replace(/\/+$/, '') : '';
  }

  /** Follows local $refs through non-schema objects (parameters, responses, requestBodies). */
  private deref(value: unknown): unknown {
    let current = value;
    for (
      let i = 0;
      i < 10 && isObject(current) && typeof current.$ref === 'string';
      i++
    ) {
      const ref: string = current.$ref;
      if (!ref.startsWith('#/'))
        throw new Error(`${this.name}: external $ref ${ref} is not supported`);
      let target: unknown = this.doc;
      for (const segment of ref.slice(2).split('/')) {
        target = isObject(target) ? target[decodePointer(segment)] : undefined;
      }
      if (target === undefined)
        throw new Error(`${this.name}: unresolved $ref ${ref}`);
      current = target;
    }
    return current;
  }

  private readOperation(
    method: string,
    template: string,
    op: JsonObject,
    shared: unknown[],
  ): Operation {
    const byKey = new Map<string, JsonObject>();
    for (const raw of [
      ...shared,
      ...(Array.isArray(op.parameters) ? op.parameters : []),
    ]) {
      const p = this.deref(raw);
      if (isObject(p)) byKey.set(`${p.in}:${p.name}`, p); // operation-level wins over path-level
    }
    const parameters: Parameter[] = [];
    let body: Body | undefined;
    let multipart = false;
    for (const p of byKey.values()) {
      if (p.in === 'body') {
        body = { required: p.required === true, schema: p.schema };
      } else if (p.in === 'formData') {
        multipart = true;
      } else {
        parameters.push(this.readParameter(p));
      }
    }

    const requestBody = this.deref(op.requestBody);
    if (isObject(requestBody)) {
      const content = isObject(requestBody.content) ? requestBody.content : {};
      const jsonType = Object.keys(content).find(isJsonMediaType);
      const media = jsonType ? content[jsonType] : undefined;
      body = {
        required: requestBody.required === true,
        schema: isObject(media) ? media.schema ?? {} : undefined,
      };
      if (!jsonType) multipart = true;
    }

    const responses = new Map<string, ResponseShape>();
    for (const [status, raw] of Object.entries(
      isObject(op.responses) ? op.responses : {},
    )) {
      responses.set(status, this.readResponse(this.deref(raw), op));
    }

    return {
      operationId:
        typeof op.operationId === 'string'
          ? op.operationId
          : `${method.toUpperCase()} ${template}`,
      method,
      template,
      parameters,
      body,
      multipart,
      responses,
    };
  }

  private readParameter(p: JsonObject): Parameter {
    const name = String(p.name);
    const where = String(p.in);
    if (this.flavour === 'swagger-2.0') {
      // Swagger 2 puts the schema keywords on the parameter itself.
      const schema: JsonObject = {};
      for (const key of [
        'type',
        'format',
        'items',
        'enum',
        'default',
        'minimum',
        'maximum',
        'exclusiveMinimum',
        'exclusiveMaximum',
        'pattern',
        'minLength',
        'maxLength',
        'minItems',
        'maxItems',
        'uniqueItems',
        'multipleOf',
      ]) {
        if (p[key] !== undefined) schema[key] = p[key];
      }
      const format =
        typeof p.collectionFormat === 'string' ? p.collectionFormat : 'csv';
      return {
        name,
        in: where,
        required: p.required === true,
        schema,
        explode: format === 'multi',
        delimiter: DELIMITERS[format] ?? ',',
      };
    }
    const defaultStyle =
      where === 'query' || where === 'cookie' ? 'form' : 'simple';
    const style = typeof p.style === 'string' ? p.style : defaultStyle;
    const explode =
      typeof p.explode === 'boolean' ? p.explode : style === 'form';
    return {
      name,
      in: where,
      required: p.required === true || where === 'path',
      schema: p.schema ?? {},
      explode,
      delimiter: STYLE_DELIMITERS[style] ?? ',',
    };
  }

  private readResponse(response: unknown, op: JsonObject): ResponseShape {
    const shape: ResponseShape = new Map();
    if (!isObject(response)) return shape;
    if (this.flavour === 'swagger-2.0') {
      if (response.schema === undefined) return shape;
      const produces = Array.isArray(op.produces)
        ? op.produces
        : this.doc.produces;
      const types = Array.isArray(produces) ? produces : ['application/json'];
      for (const type of types) shape.set(String(type), response.schema);
      return shape;
    }
    const content = isObject(response.content) ? response.content : {};
    for (const [type, media] of Object.entries(content)) {
      shape.set(type, isObject(media) ? media.schema : undefined);
    }
    return shape;
  }

  private unknownOperation(method: string, pathname: string): ValidationResult {
    const methods = this.router.methodsFor(pathname);
    let message: string;
    if (methods.length) {
      message = `${method.toUpperCase()} is not an operation of ${pathname} in ${
        this.name
      } (has ${methods.join(', ')})`;
    } else if (this.prefix && !pathname.startsWith(`${this.prefix}/`)) {
      message = `${this.name} serves its paths under ${this.prefix}; ${pathname} is outside it`;
    } else {
      message = `no operation of ${
        this.name
      } matches ${method.toUpperCase()} ${pathname}`;
    }
    return { valid: false, errors: [{ where: 'operation', message }] };
  }

  private normalizeOptions(direction: Direction): NormalizeOptions {
    return {
      flavour: this.flavour,
      direction,
      rewriteRef: ref => this.componentsRef(ref, direction),
    };
  }

  /** '#/components/schemas/X' -> the same schema inside the normalized document for this direction. */
  private componentsRef(ref: string, direction: Direction): string {
    if (!ref.startsWith(this.schemasPointer)) {
      throw new Error(`${this.name}: $ref ${ref} does not point at a schema`);
    }
    const id = this.componentsId(direction);
    return `${id}#/definitions/${ref.slice(this.schemasPointer.length)}`;
  }

  private componentsId(direction: Direction): string {
    const id = `contract://${this.name}/${direction}`;
    if (!this.normalizedDocs.has(id)) {
      const components = isObject(this.doc.components)
        ? this.doc.components
        : {};
      const raw =
        this.flavour === 'swagger-2.0'
          ? this.doc.definitions
          : components.schemas;
      const definitions: JsonObject = {};
      for (const [key, schema] of Object.entries(isObject(raw) ? raw : {})) {
        definitions[key] = normalizeSchema(schema, {
          flavour: this.flavour,
          direction,
          rewriteRef: r =>
            `${id}#/definitions/${r.slice(this.schemasPointer.length)}`,
        });
      }
      const normalized = { $id: id, definitions };
      this.normalizedDocs.set(id, normalized);
      this.ajv.addSchema(normalized, id);
    }
    return id;
  }

  private validator(
    key: string,
    schema: unknown,
    direction: Direction,
  ): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      const normalized = normalizeSchema(
        schema,
        this.normalizeOptions(direction),
      );
      validate = this.ajv.compile(
        isObject(normalized) || typeof normalized === 'boolean'
          ? normalized
          : {},
      );
      this.validators.set(key, validate);
    }
    return validate;
  }

  private resolveNormalized(ref: string): unknown {
    const [id, pointer] = ref.split('#');
    let target: unknown = this.normalizedDocs.get(id);
    for (const segment of (pointer ?? '').split('/').filter(Boolean)) {
      target = isObject(target) ? target[decodePointer(segment)] : undefined;
    }
    return target;
  }

  private checkParameter(
    op: Operation,
    param: Parameter,
    values: string[] | undefined,
  ): ContractViolation[] {
    const where = `${
      param.in === 'header' ? 'request header' : `${param.in} param`
    } ${param.name}`;
    if (values === undefined || values.length === 0) {
      return param.required
        ? [{ where, message: `required ${param.in} parameter is missing` }]
        : [];
    }
    const normalized = normalizeSchema(
      param.schema,
      this.normalizeOptions('request'),
    );
    const type = effectiveType(normalized, ref => this.resolveNormalized(ref));
    let value: unknown;
    if (type.type === 'array') {
      if (!param.explode && values.length > 1) {
        // Servers read one delimited value here; a repeated key loses all but one of them.
        return [
          {
            where,
            message: `given ${values.length} times, but the contract wants one '${param.delimiter}'-separated value`,
          },
        ];
      }
      const items = param.explode ? values : values[0].split(param.delimiter);
      value = items.map(v => coerceScalar(v, type.items?.type));
    } else if (values.length > 1) {
      return [
        {
          where,
          message: `given ${values.length} times, but it is not an array parameter`,
        },
      ];
    } else {
      value = coerceScalar(values[0], type.type);
    }
    const validate = this.validator(
      `${op.method} ${op.template} param ${param.in}:${param.name}`,
      param.schema,
      'request',
    );
    return validate(value)
      ? []
      : formatErrors(validate.errors, whereWithPrefix(where));
  }

  private checkRequestBody(op: Operation, body: unknown): ContractViolation[] {
    const where = 'request body';
    if (!op.body) {
      if (
        op.multipart ||
        isAbsentBody(body) ||
        (isObject(body) && Object.keys(body).length === 0)
      )
        return [];
      return [{ where, message: `${op.operationId} takes no request body` }];
    }
    if (isAbsentBody(body)) {
      return op.body.required
        ? [{ where, message: `required request body is missing` }]
        : [];
    }
    if (op.body.schema === undefined) return [];
    const validate = this.validator(
      `${op.method} ${op.template} body`,
      op.body.schema,
      'request',
    );
    return validate(body)
      ? []
      : formatErrors(validate.errors, whereWithPrefix(where));
  }

  private checkResponseBody(
    op: Operation,
    status: string,
    shape: ResponseShape,
    res: HttpResponseSample,
  ): ContractViolation[] {
    const where = 'response body';
    const body = res.body;
    if (shape.size === 0) {
      return isAbsentBody(body)
        ? []
        : [
            {
              where,
              message: `${op.operationId} declares no body for ${status}, but one was sent`,
            },
          ];
    }
    const declared = [...shape.keys()];
    let type: string | undefined;
    if (res.contentType) {
      const wanted = res.contentType.split(';')[0].trim().toLowerCase();
      type = declared.find(t => t.toLowerCase() === wanted || t === '*/*');
      if (!type) {
        return [
          {
            where: 'response content-type',
            message: `${wanted} is not declared for ${
              op.operationId
            } ${status} (declared: ${declared.join(', ')})`,
          },
        ];
      }
    } else {
      // Without a content type, assume JSON when the operation offers it (what our clients ask for).
      type = declared.find(isJsonMediaType) ?? declared[0];
    }
    // '*/*' admits both; a string body under it is taken as text.
    const textual =
      !isJsonMediaType(type) || (type === '*/*' && typeof body === 'string');
    if (textual) {
      return typeof body === 'string'
        ? []
        : [
            {
              where,
              message: `${
                op.operationId
              } declares ${type} for ${status}, a text body; got ${typeof body}`,
            },
          ];
    }
    const schema = shape.get(type);
    if (schema === undefined) return [];
    const validate = this.validator(
      `${op.method} ${op.template} response ${status} ${type}`,
      schema,
      'response',
    );
    return validate(body)
      ? []
      : formatErrors(validate.errors, whereWithPrefix(where));
  }
}
