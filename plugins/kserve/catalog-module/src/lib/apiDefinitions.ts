import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';

/**
 * The data plane protocol an InferenceService's API speaks: KServe's V1, or V2 (the Open
 * Inference Protocol; `grpc-v2` predictors also serve it over REST).
 *
 * @internal
 */
export type KserveApiProtocol = 'v1' | 'v2';

const PACKAGE_NAME = '@mlops-portal/plugin-catalog-backend-module-kserve';

/**
 * The OpenAPI documents shipped with the package (`openapi/`, listed in its `files`), by
 * protocol.
 *
 * @internal
 */
export const API_DEFINITION_FILES: Readonly<Record<KserveApiProtocol, string>> =
  {
    v1: 'openapi/rest_predict_v1.yaml',
    v2: 'openapi/rest_predict_v2.yaml',
  };

/** The one top-level line each document has, which is replaced with the server's URL. */
const NO_SERVERS = /^servers: \[\]$/m;

/**
 * A document cut at its `servers: []` line: the text around a server's URL, and the document
 * without any server (made once, so a definition is the URL between two shared strings).
 */
interface DefinitionTemplate {
  beforeUrl: string;
  afterUrl: string;
  withoutServers: string;
}

const templates = new Map<KserveApiProtocol, DefinitionTemplate>();

/**
 * The shipped OpenAPI document of a protocol as the API entities carry it: the file without
 * its leading provenance comment.
 *
 * @internal
 */
export function readApiDefinitionDocument(protocol: KserveApiProtocol): string {
  const file = resolvePackagePath(PACKAGE_NAME, API_DEFINITION_FILES[protocol]);
  const text = fs.readFileSync(file, 'utf8');
  // The header says where the document comes from; the catalog shows the document itself.
  return text.replace(/^(?:#[^\n]*\n)+/, '');
}

function template(protocol: KserveApiProtocol): DefinitionTemplate {
  let cut = templates.get(protocol);
  if (!cut) {
    const document = readApiDefinitionDocument(protocol);
    const match = NO_SERVERS.exec(document);
    if (!match) {
      throw new Error(
        `${API_DEFINITION_FILES[protocol]} has no top-level 'servers: []' line to put the InferenceService's URL in`,
      );
    }
    const before = document.slice(0, match.index);
    const after = document.slice(match.index + match[0].length);
    cut = {
      beforeUrl: `${before}servers:\n  - url: `,
      afterUrl: `\n    description: The InferenceService's URL${after}`,
      withoutServers: document,
    };
    templates.set(protocol, cut);
  }
  return cut;
}

/**
 * The OpenAPI definition of an InferenceService's API: the protocol's document with `servers`
 * set to the InferenceService's URL, or left empty while it has none.
 *
 * @remarks
 * A text substitution rather than parsing and printing YAML: a relist builds one definition per
 * InferenceService, thousands of them, and the document is the same for all but one line. A
 * JSON string is a valid YAML double-quoted scalar, so any URL stays one well-formed value.
 *
 * @internal
 */
export function apiDefinition(
  protocol: KserveApiProtocol,
  url: string | undefined,
): string {
  const cut = template(protocol);
  return url
    ? `${cut.beforeUrl}${JSON.stringify(url)}${cut.afterUrl}`
    : cut.withoutServers;
}
