import { Entity } from '@backstage/catalog-model';

const ORG_LOCATION = 'url:https://example.com/org.yaml';

/** A catalog User. */
export function catalogUser(name: string, namespace = 'default'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name,
      namespace,
      annotations: {
        'backstage.io/managed-by-location': ORG_LOCATION,
        'backstage.io/managed-by-origin-location': ORG_LOCATION,
      },
    },
    spec: { profile: {}, memberOf: [] },
  };
}

/** A catalog Group (a team). */
export function catalogGroup(name: string, namespace = 'default'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace,
      annotations: {
        'backstage.io/managed-by-location': ORG_LOCATION,
        'backstage.io/managed-by-origin-location': ORG_LOCATION,
      },
    },
    spec: { type: 'team', children: [] },
  };
}

/** The organisation the tests' owners refer to: the story's teams and the platform team. */
export const testOrganisation: Entity[] = [
  catalogGroup('ml-platform'),
  catalogGroup('fraud-detection'),
  catalogGroup('supply-chain'),
  catalogUser('jane.doe'),
];
