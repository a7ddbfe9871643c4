import { Entity } from '@backstage/catalog-model';

// The kit's, re-exported so the MLflow fixtures are imported from one place.
export { annotatingComponent } from '@mlops-portal/plugin-mlops-node/testUtils';

/**
 * The `ml-model` Resource as the MLflow catalog provider writes it for a registered model of an
 * instance (the default instance keeps the model's own name); `location` replaces what the
 * catalog put into both location annotations, e.g. for an entity someone registered by hand.
 */
export function ingestedModelEntity(options: {
  model: string;
  instance: string;
  owner: string;
  name?: string;
  location?: string;
}): Entity {
  const location = options.location ?? `mlops:mlflow/${options.instance}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: options.name ?? options.model,
      namespace: 'default',
      title: options.model,
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        'mlflow.org/registered-model': options.model,
        'mlflow.org/instance': options.instance,
      },
    },
    spec: { type: 'ml-model', owner: options.owner },
  };
}
