import SwaggerParser from '@apidevtools/swagger-parser';
import fc from 'fast-check';
import { parse } from 'yaml';
import {
  KserveApiProtocol,
  apiDefinition,
  readApiDefinitionDocument,
} from './apiDefinitions';

type OpenApiDocument = {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, unknown>>;
};

/** Validates the document against the OpenAPI 3 schema (refs resolved); throws when it is not. */
async function expectOpenApi3(definition: string): Promise<OpenApiDocument> {
  const document = parse(definition) as OpenApiDocument;
  expect(document.openapi).toMatch(/^3\.0\.\d+$/);
  await expect(
    SwaggerParser.validate(structuredClone(document) as never),
  ).resolves.toBeDefined();
  return document;
}

describe('apiDefinition', () => {
  it.each<[KserveApiProtocol, string[]]>([
    [
      'v2',
      [
        '/v2/health/live',
        '/v2/health/ready',
        '/v2/models/{MODEL_NAME}/versions/{MODEL_VERSION}/infer',
      ],
    ],
    [
      'v1',
      [
        '/',
        '/v1/models',
        '/v1/models/{model_name}',
        '/v1/models/{model_name}:predict',
        '/v1/models/{model_name}:explain',
      ],
    ],
  ])(
    'is a valid OpenAPI 3 document of the %s protocol, served at the InferenceService URL',
    async (protocol, paths) => {
      const url = 'https://fraud-detector.fraud-detection.example.com';
      const document = await expectOpenApi3(apiDefinition(protocol, url));
      expect(document.servers).toEqual([
        { url, description: "The InferenceService's URL" },
      ]);
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(paths),
      );
    },
  );

  it('names no server while the InferenceService has no URL', async () => {
    for (const protocol of ['v1', 'v2'] as const) {
      const document = await expectOpenApi3(apiDefinition(protocol, undefined));
      expect(document.servers).toEqual([]);
    }
  });

  it('V1 predicts with instances and answers predictions', async () => {
    const document = await expectOpenApi3(apiDefinition('v1', undefined));
    const predict = document.paths['/v1/models/{model_name}:predict'] as {
      post: { operationId: string };
    };
    expect(predict.post.operationId).toBe('post-v1-models-model-predict');
    expect(
      parse(apiDefinition('v1', undefined)).components.schemas,
    ).toMatchObject({
      predict_request: { required: ['instances'] },
      predict_response: { required: ['predictions'] },
    });
  });

  it('keeps any URL one value, and changes nothing else of the document', () => {
    const plain = parse(readApiDefinitionDocument('v2'));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.webUrl({ withFragments: true, withQueryParameters: true }),
          fc.string({ minLength: 1 }),
        ),
        url => {
          const document = parse(apiDefinition('v2', url));
          expect(document.servers[0].url).toBe(url);
          expect({ ...document, servers: [] }).toEqual(plain);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('leaves the provenance comment of the shipped file out', () => {
    expect(readApiDefinitionDocument('v2')).toMatch(/^openapi: 3\.0\.0\n/);
    expect(readApiDefinitionDocument('v1')).toMatch(/^openapi: 3\.0\.3\n/);
    expect(apiDefinition('v2', 'http://x.example.com')).not.toContain(
      'Vendored',
    );
  });
});
