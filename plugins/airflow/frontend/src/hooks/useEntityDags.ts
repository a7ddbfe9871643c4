import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  AirflowDagsResponse,
  AirflowDagView,
} from '@mlops-portal/plugin-airflow-common';
import { airflowApiRef } from '../api/AirflowBackendApi';
import { useEntityRef } from '@mlops-portal/plugin-mlops-react';

/** The entity's DAGs, as read and then as writes left them. */
export interface EntityDags {
  value?: AirflowDagsResponse;
  loading: boolean;
  error?: Error;
  dags: AirflowDagView[];
  /** Shows a DAG as a write returned it. */
  replaceDag: (dag: AirflowDagView) => void;
}

/**
 * Reads the entity's DAGs once. A write answers with the DAG as it is afterwards; showing that
 * rather than reading again avoids a read served from before the write.
 */
export function useEntityDags(): EntityDags {
  const api = useApi(airflowApiRef);
  const entityRef = useEntityRef();
  const { value, loading, error } = useAsync(
    () => api.getDags(entityRef),
    [api, entityRef],
  );
  const [written, setWritten] = useState<{
    over: AirflowDagsResponse | undefined;
    dags: Record<string, AirflowDagView>;
  }>({ over: undefined, dags: {} });
  const overrides = written.over === value ? written.dags : {};
  const dags = (value?.items ?? []).map(dag => overrides[dag.dagId] ?? dag);
  const replaceDag = useCallback(
    (dag: AirflowDagView) =>
      setWritten(current => ({
        over: value,
        dags: {
          ...(current.over === value ? current.dags : {}),
          [dag.dagId]: dag,
        },
      })),
    [value],
  );
  return { value, loading, error, dags, replaceDag };
}

/**
 * The annotated DAG ids the backend found no DAG for, when that is because they do not exist:
 * with an instance down every DAG is missing, and the errors panel says why.
 */
export function missingDagIds(
  value: AirflowDagsResponse | undefined,
): string[] {
  if (!value?.target || value.errors.some(e => e.status !== 404)) {
    return [];
  }
  const found = new Set(value.items.map(dag => dag.dagId));
  return value.target.dagIds.filter(id => !found.has(id));
}
