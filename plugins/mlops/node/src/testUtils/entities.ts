import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';

// What the catalog applies to every entity it ingests.
const catalogPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

// The kinds the suite's providers ingest.
const kindValidators: Record<string, KindValidator> = {
  api: apiEntityV1alpha1Validator,
  component: componentEntityV1alpha1Validator,
  resource: resourceEntityV1alpha1Validator,
};

/**
 * Asserts that the catalog would accept an entity a provider emits: the catalog's entity
 * policies (names, annotations, tags, links) and the schema of its kind (Resource, Component or
 * API).
 *
 * @public
 */
export async function expectValidEntity(entity: Entity): Promise<void> {
  await expect(catalogPolicy.enforce(entity)).resolves.toBeDefined();
  const validator = kindValidators[entity.kind.toLowerCase()];
  expect({ kind: entity.kind, validated: Boolean(validator) }).toEqual({
    kind: entity.kind,
    validated: true,
  });
  await expect(validator.check(entity)).resolves.toBe(true);
}
