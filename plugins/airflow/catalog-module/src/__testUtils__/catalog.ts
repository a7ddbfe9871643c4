import { Entity } from '@backstage/catalog-model';

/** A catalog User, with a profile email when given. */
export function catalogUser(
  name: string,
  email?: string,
  namespace = 'default',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name,
      namespace,
      annotations: {
        'backstage.io/managed-by-location': 'url:https://example.com/org.yaml',
        'backstage.io/managed-by-origin-location':
          'url:https://example.com/org.yaml',
      },
    },
    spec: { profile: email ? { email } : {}, memberOf: [] },
  };
}

/** A catalog Group (a team), with a profile email when given. */
export function catalogGroup(
  name: string,
  email?: string,
  namespace = 'default',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace,
      annotations: {
        'backstage.io/managed-by-location': 'url:https://example.com/org.yaml',
        'backstage.io/managed-by-origin-location':
          'url:https://example.com/org.yaml',
      },
    },
    spec: {
      type: 'team',
      children: [],
      ...(email && { profile: { email } }),
    },
  };
}

/** The organisation the tests' DAG owners refer to. */
export const testOrganisation: Entity[] = [
  catalogUser('jane.doe', 'Jane.Doe@example.com'),
  catalogUser('bob'),
  catalogGroup('fraud-detection', 'fraud-team@example.com'),
  catalogGroup('customer-insights'),
  catalogGroup('airflow'),
];
