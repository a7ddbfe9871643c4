import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_MLFLOW_INSTANCE,
  ANNOTATION_MLFLOW_REGISTERED_MODEL,
  SPEC_TYPE_ML_MODEL,
} from '@mlops-portal/plugin-mlflow-common';
import { ModelsUri } from './modelsUri';

/**
 * The `ml-model` Resources the MLflow provider ingested for the registered model a `models:/`
 * URI names, linked; nothing while the catalog is asked or when it has none (the URI is shown
 * beside it either way). One model may be registered on several MLflow instances, and the URI
 * does not say which: each is linked, with its instance.
 */
export function ModelLink(props: { model: ModelsUri }) {
  const { name } = props.model;
  const catalogApi = useApi(catalogApiRef);
  const { value: entities } = useAsync(
    async () =>
      (
        await catalogApi.getEntities({
          filter: {
            kind: 'Resource',
            'spec.type': SPEC_TYPE_ML_MODEL,
            [`metadata.annotations.${ANNOTATION_MLFLOW_REGISTERED_MODEL}`]:
              name,
          },
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.title',
            'metadata.annotations',
          ],
        })
      ).items,
    [catalogApi, name],
  );
  if (!entities || entities.length === 0) {
    return null;
  }
  return (
    <>
      {' · '}
      {entities.map((entity, index) => {
        const instance =
          entities.length > 1
            ? entity.metadata.annotations?.[ANNOTATION_MLFLOW_INSTANCE]
            : undefined;
        return (
          <span key={`${entity.metadata.namespace}/${entity.metadata.name}`}>
            {index > 0 && ', '}
            <EntityRefLink
              entityRef={entity}
              title={`MLflow model ${entity.metadata.title ?? name}${
                instance ? ` (${instance})` : ''
              }`}
            />
          </span>
        );
      })}
    </>
  );
}
