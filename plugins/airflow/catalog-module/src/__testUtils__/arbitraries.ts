import {
  responseSchema,
  type HttpContractName,
} from '@mlops-portal/contract-testing';
import type { AirflowApiVersion } from '@mlops-portal/plugin-airflow-node';
import { arbitraryFromSchema } from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';

/** The contracts of `GET /dags`, with the API version each describes. */
export const DAG_LIST_CONTRACTS: Array<{
  contract: HttpContractName;
  apiVersion: AirflowApiVersion;
}> = [
  { contract: 'airflow-v2', apiVersion: 'v2' },
  { contract: 'airflow-v2-3.0', apiVersion: 'v2' },
  { contract: 'airflow-v1', apiVersion: 'v1' },
];

// Hand-written, because the contracts cannot say it: their strings are short and random, while
// entity names and tags have limits to cut to (63 characters, Airflow allows DAG ids of 250),
// and owners only matter when they name the catalog's users and groups.

/** A DAG id Airflow accepts: `KEY_REGEX` (letters, digits, `_`, `.`, `-`), at most 250 characters. */
export const arbitraryDagId = fc.stringMatching(/^[A-Za-z0-9_.-]{1,250}$/);

/** Owners as DAG authors write them: catalog names and emails, Airflow's default, anything. */
export const arbitraryOwner = fc.oneof(
  fc.constantFrom(
    'airflow',
    'Airflow',
    'jane.doe',
    'Jane.Doe@example.com',
    'fraud-detection',
    'group:default/customer-insights',
    'bob, nobody',
    '',
  ),
  fc.string(),
  fc.emailAddress(),
);

/** Tag names a catalog tag must be made of: words, case, accents, separators, long ones. */
export const arbitraryTagName = fc.oneof(
  fc.constantFrom(
    'Fraud Detection',
    'team:fraud_detection',
    'ML/Ops',
    'Überwachung',
    'İstanbul',
    '--',
    'c++',
    'a'.repeat(64),
    `${'word '.repeat(20)}end`,
  ),
  fc.string({ minLength: 1, unit: 'grapheme' }),
);

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A DAG of a contract answer, now and then with a hand-written id, owners or tags where the
 * contract put one (so that the answer stays one the contract allows).
 */
function withHandWrittenFields(dag: unknown): fc.Arbitrary<unknown> {
  if (!isObject(dag)) {
    return fc.constant(dag);
  }
  const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
    fc.option(arbitrary, { nil: undefined, freq: 2 });
  return fc
    .record({
      dagId: sometimes(arbitraryDagId),
      owners: sometimes(fc.array(arbitraryOwner, { maxLength: 4 })),
      tags: sometimes(fc.array(arbitraryTagName, { maxLength: 5 })),
    })
    .map(({ dagId, owners, tags }) => {
      const out: JsonObject = { ...dag };
      if (dagId !== undefined && typeof dag.dag_id === 'string') {
        out.dag_id = dagId;
      }
      if (owners !== undefined && Array.isArray(dag.owners)) {
        out.owners = owners;
      }
      if (tags !== undefined && Array.isArray(dag.tags)) {
        // v2's tags carry their DAG's id and display name; v1's only a name.
        const template = isObject(dag.tags[0])
          ? dag.tags[0]
          : {
              dag_id: String(out.dag_id ?? ''),
              dag_display_name: String(dag.dag_display_name ?? ''),
            };
        out.tags = tags.map(name => ({ ...template, name }));
      }
      return out;
    });
}

/**
 * A `GET /dags` answer the contract allows (any subset of the optional fields, any valid value),
 * its DAG ids, owners and tags sometimes the hand-written ones above. Call it inside a test: it
 * reads the contract.
 */
export function arbitraryDagListAnswer(
  contract: HttpContractName,
  apiVersion: AirflowApiVersion,
): fc.Arbitrary<JsonObject> {
  const schema = responseSchema(contract, 'GET', `/api/${apiVersion}/dags`);
  return arbitraryFromSchema(schema, { maxArrayLength: 4 }).chain(answer => {
    const body = answer as JsonObject;
    if (!Array.isArray(body.dags)) {
      return fc.constant(body);
    }
    return fc
      .tuple(...body.dags.map(withHandWrittenFields))
      .map(dags => ({ ...body, dags }));
  });
}

/** The DAG bodies of several `GET /dags` answers the contract allows: one instance's DAGs. */
export function arbitraryDagBodies(
  contract: HttpContractName,
  apiVersion: AirflowApiVersion,
): fc.Arbitrary<JsonObject[]> {
  return fc
    .array(arbitraryDagListAnswer(contract, apiVersion), { maxLength: 4 })
    .map(answers =>
      answers.flatMap(answer =>
        Array.isArray(answer.dags) ? (answer.dags as JsonObject[]) : [],
      ),
    );
}
