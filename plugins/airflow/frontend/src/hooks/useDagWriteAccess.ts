import { usePermission } from '@backstage/plugin-permission-react';
import {
  airflowDagClearPermission,
  airflowDagPausePermission,
  airflowDagTriggerPermission,
  AirflowWriteAuthority,
} from '@mlops-portal/plugin-airflow-common';
import { mlopsUnmanagedObjectWritePermission } from '@mlops-portal/plugin-mlops-common';

/** Which writes on a DAG the user may make. */
export interface DagWriteAccess {
  trigger: boolean;
  pause: boolean;
  clear: boolean;
}

/**
 * The writes the user may make on a DAG. The backend checks each permission against the entity
 * the Airflow provider ingested for the DAG (`authority.entityRef`, not the entity the page is
 * on), or — without one — allows admins only; this asks the same questions, so the page offers
 * exactly what the backend would accept.
 */
export function useDagWriteAccess(
  authority: AirflowWriteAuthority | undefined,
): DagWriteAccess {
  const resourceRef = authority?.entityRef;
  const trigger = usePermission({
    permission: airflowDagTriggerPermission,
    resourceRef,
  });
  const pause = usePermission({
    permission: airflowDagPausePermission,
    resourceRef,
  });
  const clear = usePermission({
    permission: airflowDagClearPermission,
    resourceRef,
  });
  const admin = usePermission({
    permission: mlopsUnmanagedObjectWritePermission,
  });
  if (!authority) {
    return { trigger: false, pause: false, clear: false };
  }
  if (!resourceRef) {
    return {
      trigger: admin.allowed,
      pause: admin.allowed,
      clear: admin.allowed,
    };
  }
  return {
    trigger: trigger.allowed,
    pause: pause.allowed,
    clear: clear.allowed,
  };
}
