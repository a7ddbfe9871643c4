import { useCallback, useEffect, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { ServingResponse } from '@mlops-portal/plugin-kserve-common';
import { InstanceError } from '@mlops-portal/plugin-mlops-common';
import { useEntityRef } from '@mlops-portal/plugin-mlops-react';
import { kserveApiRef } from '../api/KserveBackendApi';

/** The entity's serving state as the Serving tab and card show it. */
export interface EntityServing {
  /** The InferenceService, its events and what the user may change; the last one read or written. */
  serving?: ServingResponse;
  /** The cluster's failure, when it did not answer (which cluster and why). */
  clusterError?: InstanceError;
  /** The backend's 404: the entity names no InferenceService that exists. */
  notFound?: ResponseError;
  /** Any other failure of the call (a malformed annotation, the backend down). */
  error?: Error;
  /** True while a read is under way; what was read before stays shown. */
  loading: boolean;
  /** Reads the InferenceService again. */
  reload: () => void;
  /** Shows what a write answered, the InferenceService as it is after the change. */
  showWritten: (serving: ServingResponse) => void;
}

/** How often a Progressing InferenceService is read again, and for how long at most. */
export const PROGRESSING_REREAD_MS = 3_000;
const PROGRESSING_REREADS = 40;

/**
 * Reads the serving state of the current entity. A write's answer replaces what was read, until
 * the next read: the backend reloads the object after the change, so reading again right away
 * would only cost a request. While the InferenceService is Progressing (a promote KServe has
 * not reconciled yet, a model loading) it is read again every few seconds, for a few minutes.
 */
export function useEntityServing(): EntityServing {
  const api = useApi(kserveApiRef);
  const entityRef = useEntityRef();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getServing(entityRef),
    [api, entityRef],
  );
  const [written, setWritten] = useState<{
    over: typeof value;
    serving: ServingResponse;
  }>();
  const showWritten = useCallback(
    (serving: ServingResponse) => setWritten({ over: value, serving }),
    [value],
  );
  const serving =
    written && written.over === value ? written.serving : value?.serving;
  const progressing = serving?.inferenceService.verdict.kind === 'Progressing';
  const rereads = useRef(0);
  useEffect(() => {
    if (!progressing) {
      rereads.current = 0;
      return undefined;
    }
    if (loading || rereads.current >= PROGRESSING_REREADS) {
      return undefined;
    }
    const timer = setTimeout(() => {
      rereads.current += 1;
      retry();
    }, PROGRESSING_REREAD_MS);
    return () => clearTimeout(timer);
  }, [progressing, loading, retry, serving]);
  const notFound =
    ResponseError.is(error) && error.response.status === 404
      ? error
      : undefined;
  return {
    serving,
    clusterError: value?.error,
    notFound,
    error: notFound ? undefined : error,
    loading,
    reload: retry,
    showWritten,
  };
}
