import type { ValidateFunction } from 'ajv';
import {
  createAjv,
  formatErrors,
  isObject,
  whereWithPrefix,
  type AjvInstance,
  type JsonObject,
} from './ajv';
import { compileTemplate, Router, splitPath } from './paths';
import {
  selfContainedSchema,
  type SelfContainedSchema,
} from './responseSchema';
import { coerceScalar } from './schema';
import type {
  ContractViolation,
  HttpContract,
  HttpRequestSample,
  HttpResponseSample,
  OperationMatch,
  ValidationResult,
} from './types';

/** One field of a message in the derived MLflow contract. */
interface Field {
  name: string;
  type: string;
  kind: 'scalar' | 'message' | 'enum' | 'map' | 'well_known' | string;
  repeated?: boolean;
  required?: boolean;
  oneof?: string;
  map_key?: string;
  map_value?: string;
}

interface Rpc {
  rpc: string;
  method: string;
  path: string;
  ajax_path?: string;
  path_params: string[];
  request_message: string;
  response_message: string;
  note?: string;
}

interface MlflowDoc {
  rpcs: Rpc[];
  messages: Record<string, { fields: Field[] }>;
  enums: Record<string, { values: string[] }>;
}

type Mode = 'request' | 'response';

const INTEGER_TYPES = new Set([
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
]);

// MLflow's message_to_json writes every 64-bit integer as a JSON number (conventions.int64), so no strings.
function scalarSchema(type: string): JsonObject {
  if (INTEGER_TYPES.has(type)) return { type: 'integer' };
  if (type === 'double' || type === 'float') {
    // proto3 JSON spells non-finite doubles as strings (MLflow metrics can be NaN).
    return { type: ['number', 'string'], pattern: '^(NaN|-?Infinity)$' };
  }
  if (type === 'bool') return { type: 'boolean' };
  if (type === 'bytes') return { type: 'string', format: 'byte' };
  return { type: 'string' };
}

const WELL_KNOWN: Record<string, JsonObject> = {
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time' },
  'google.protobuf.Duration': {
    type: 'string',
    pattern: '^-?\\d+(\\.\\d{1,9})?s$',
  },
  'google.protobuf.FieldMask': { type: 'string' },
  'google.protobuf.Value': {},
  'google.protobuf.Struct': { type: 'object' },
  'google.protobuf.ListValue': { type: 'array' },
  'google.protobuf.Any': { type: 'object' },
  'google.protobuf.Empty': { type: 'object', additionalProperties: false },
};

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error_code', 'message'],
  properties: {
    // Always an ErrorCode name such as RESOURCE_DOES_NOT_EXIST.
    error_code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
    message: { type: 'string' },
  },
};

function isAbsentBody(body: unknown): boolean {
  return body === undefined || body === null || body === '';
}

/** Validates requests and responses against the derived MLflow REST contract (rpcs + messages + enums). */
export class MlflowContract implements HttpContract {
  private readonly ajv: AjvInstance = createAjv('draft07');
  private readonly router = new Router<Rpc>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly docs = new Set<Mode>();

  private readonly doc: MlflowDoc;

  /** Indexes the rpcs; message schemas are compiled on first use. */
  constructor(private readonly name: string, raw: JsonObject) {
    if (
      !Array.isArray(raw.rpcs) ||
      !isObject(raw.messages) ||
      !isObject(raw.enums)
    ) {
      throw new Error(
        `${name}: not the derived MLflow contract format (rpcs, messages, enums)`,
      );
    }
    this.doc = raw as unknown as MlflowDoc;
    // Annotations on the oneof exclusion schemas; they only feed error messages.
    this.ajv.addKeyword({ keyword: 'x-oneof' });
    this.ajv.addKeyword({ keyword: 'x-oneof-fields' });
    for (const rpc of this.doc.rpcs) {
      this.router.add(rpc.method, compileTemplate(rpc.path), rpc);
      // The UI calls the same handlers under /ajax-api.
      const ajax = rpc.ajax_path ?? rpc.path.replace(/^\/api\//, '/ajax-api/');
      this.router.add(rpc.method, compileTemplate(ajax), rpc);
    }
  }

  /** Finds the rpc for method + path. */
  findOperation(method: string, path: string): OperationMatch | undefined {
    const found = this.router.find(method, splitPath(path).pathname);
    return (
      found && { operationId: found.value.rpc, pathTemplate: found.value.path }
    );
  }

  /** Validates a request: GET fields from the query string, other methods from the JSON body. */
  validateRequest(req: HttpRequestSample): ValidationResult {
    const { pathname, query } = splitPath(req.path, req.query);
    const found = this.router.find(req.method, pathname);
    if (!found) return this.unknownOperation(req.method, pathname);
    const rpc = found.value;
    const errors: ContractViolation[] = [];
    const fields = this.fields(rpc.request_message);
    const pathParams = found.params;

    if (this.rawBody(rpc)) {
      return { valid: true, operation: rpc.rpc, errors };
    }

    let message: JsonObject;
    let where: (pointer: string) => string;
    if (rpc.method === 'GET') {
      if (!isAbsentBody(req.body)) {
        errors.push({
          where: 'request body',
          message: `MLflow reads GET fields from the query string; the body is ignored`,
        });
      }
      message = {};
      for (const [key, values] of Object.entries(query)) {
        const field = fields.get(key);
        if (field && !field.repeated && values.length > 1) {
          errors.push({
            where: `query param ${key}`,
            message: `given ${values.length} times, but it is not a repeated field`,
          });
          continue;
        }
        const typed = values.map(v => this.coerce(v, field));
        message[key] = field?.repeated ? typed : typed[0];
      }
      where = pointer => {
        const [, first = '', ...rest] = pointer.split('/');
        const kind = first in pathParams ? 'path param' : 'query param';
        return first ? `${kind} ${[first, ...rest].join('/')}` : 'query';
      };
    } else {
      for (const key of Object.keys(query)) {
        errors.push({
          where: `query param ${key}`,
          message: `MLflow reads ${rpc.method} fields from the JSON body; the query string is ignored`,
        });
      }
      if (!isAbsentBody(req.body) && !isObject(req.body)) {
        errors.push({
          where: 'request body',
          message: `must be a JSON object; got ${typeof req.body}`,
        });
        return { valid: false, operation: rpc.rpc, errors };
      }
      message = isObject(req.body) ? structuredClone(req.body) : {};
      where = whereWithPrefix('request body');
    }

    // Path parameters are fields of the request message ('assessment.trace_id' is a nested one).
    for (const [name, value] of Object.entries(pathParams)) {
      const parts = name.split('.');
      let target: JsonObject = message;
      for (const part of parts.slice(0, -1)) {
        if (!isObject(target[part])) target[part] = {};
        target = target[part] as JsonObject;
      }
      const last = parts[parts.length - 1];
      if (target[last] === undefined) {
        target[last] = this.coerce(
          value,
          parts.length === 1 ? fields.get(last) : undefined,
        );
      }
    }

    const validate = this.validator('request', rpc.request_message);
    if (!validate(message))
      errors.push(...formatErrors(validate.errors, where));
    return { valid: errors.length === 0, operation: rpc.rpc, errors };
  }

  /** Validates a response: 200 carries the response message, 4xx/5xx the MLflow error object. */
  validateResponse(res: HttpResponseSample): ValidationResult {
    const { pathname } = splitPath(res.path);
    const found = this.router.find(res.method, pathname);
    if (!found) return this.unknownOperation(res.method, pathname);
    const rpc = found.value;
    let validate: ValidateFunction;
    if (res.status === 200) {
      if (this.rawBody(rpc))
        return { valid: true, operation: rpc.rpc, errors: [] };
      validate = this.validator('response', rpc.response_message);
    } else if (res.status >= 400 && res.status <= 599) {
      validate = this.errorValidator();
    } else {
      return {
        valid: false,
        operation: rpc.rpc,
        errors: [
          {
            where: 'status',
            message: `${res.status} is not an MLflow status (200 with ${rpc.response_message}, or 4xx/5xx with {error_code, message})`,
          },
        ],
      };
    }
    const errors = validate(res.body)
      ? []
      : formatErrors(validate.errors, whereWithPrefix('response body'));
    return { valid: errors.length === 0, operation: rpc.rpc, errors };
  }

  /** The JSON Schema a message converts to, for callers who want to validate a fragment. */
  messageSchema(message: string, mode: Mode): JsonObject {
    return { $ref: `${this.docId(mode)}#/definitions/${message}` };
  }

  /** The self-contained schema of an rpc's 200 body, in response mode (nothing required). */
  responseSchema(method: string, path: string): SelfContainedSchema {
    const { pathname } = splitPath(path);
    const found = this.router.find(method, pathname);
    if (!found) {
      throw new Error(
        this.unknownOperation(method, pathname).errors[0].message,
      );
    }
    const rpc = found.value;
    const what = `${this.name} ${rpc.rpc} (${rpc.method} ${rpc.path})`;
    if (this.rawBody(rpc)) {
      throw new Error(`${what} answers with raw bytes, not a JSON message`);
    }
    // An empty id makes every message ref local: '#/definitions/<message>'.
    const local = (message: string) =>
      this.doc.messages[message]
        ? this.convertMessage(message, 'response', '')
        : undefined;
    return selfContainedSchema(local(rpc.response_message), local, what);
  }

  // Artifact proxy endpoints move raw bytes; their proto messages are placeholders (see the rpc note).
  private rawBody(rpc: Rpc): boolean {
    return (
      /raw bytes/.test(rpc.note ?? '') &&
      rpc.path.includes('<path:') &&
      (rpc.method === 'GET' || rpc.method === 'PUT')
    );
  }

  private fields(message: string): Map<string, Field> {
    return new Map(
      (this.doc.messages[message]?.fields ?? []).map(f => [f.name, f]),
    );
  }

  private coerce(value: string, field: Field | undefined): unknown {
    if (!field || field.kind !== 'scalar') return value;
    if (INTEGER_TYPES.has(field.type)) return coerceScalar(value, 'integer');
    if (field.type === 'double' || field.type === 'float')
      return coerceScalar(value, 'number');
    if (field.type === 'bool') return coerceScalar(value, 'boolean');
    return value;
  }

  private unknownOperation(method: string, pathname: string): ValidationResult {
    const methods = this.router.methodsFor(pathname);
    const message = methods.length
      ? `${method.toUpperCase()} is not an rpc of ${pathname} in ${
          this.name
        } (has ${methods.join(', ')})`
      : `no rpc of ${this.name} matches ${method.toUpperCase()} ${pathname}`;
    return { valid: false, errors: [{ where: 'operation', message }] };
  }

  private validator(mode: Mode, message: string): ValidateFunction {
    const key = `${mode}:${message}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(this.messageSchema(message, mode));
      this.validators.set(key, validate);
    }
    return validate;
  }

  private errorValidator(): ValidateFunction {
    let validate = this.validators.get('error');
    if (!validate) {
      validate = this.ajv.compile(ERROR_SCHEMA);
      this.validators.set('error', validate);
    }
    return validate;
  }

  private docId(mode: Mode): string {
    const id = `contract://${this.name}/${mode}`;
    if (!this.docs.has(mode)) {
      this.docs.add(mode);
      const definitions: JsonObject = {};
      for (const name of Object.keys(this.doc.messages)) {
        definitions[name] = this.convertMessage(name, mode, id);
      }
      this.ajv.addSchema({ $id: id, definitions }, id);
    }
    return id;
  }

  private convertMessage(name: string, mode: Mode, id: string): JsonObject {
    const fields = this.doc.messages[name].fields;
    const properties: JsonObject = {};
    const required: string[] = [];
    const oneofs = new Map<string, string[]>();
    for (const field of fields) {
      const single = this.fieldSchema(field.type, field.kind, field, id);
      properties[field.name] = field.repeated
        ? { type: 'array', items: single }
        : single;
      // proto3 JSON omits default values, so only requests can be held to (validate_required).
      if (mode === 'request' && field.required) required.push(field.name);
      if (field.oneof)
        oneofs.set(field.oneof, [
          ...(oneofs.get(field.oneof) ?? []),
          field.name,
        ]);
    }
    const schema: JsonObject = {
      type: 'object',
      properties,
      additionalProperties: false,
    };
    if (required.length) schema.required = required;
    const exclusions: JsonObject[] = [];
    for (const [group, members] of oneofs) {
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          exclusions.push({
            not: { required: [members[i], members[j]] },
            'x-oneof': group,
            'x-oneof-fields': [members[i], members[j]],
          });
        }
      }
    }
    if (exclusions.length) schema.allOf = exclusions;
    return schema;
  }

  private fieldSchema(
    type: string,
    kind: string,
    field: Field,
    id: string,
  ): JsonObject {
    switch (kind) {
      case 'message':
        return { $ref: `${id}#/definitions/${type}` };
      case 'enum':
        return { type: 'string', enum: this.doc.enums[type]?.values ?? [] };
      case 'well_known':
        return WELL_KNOWN[type] ?? {};
      case 'map': {
        const valueType = field.map_value ?? 'string';
        let valueKind = 'scalar';
        if (this.doc.messages[valueType]) valueKind = 'message';
        else if (this.doc.enums[valueType]) valueKind = 'enum';
        return {
          type: 'object',
          additionalProperties: this.fieldSchema(
            valueType,
            valueKind,
            field,
            id,
          ),
        };
      }
      case 'scalar':
        return scalarSchema(type);
      default:
        // A kind the derivation did not use when this was written; accept rather than guess.
        return {};
    }
  }
}
