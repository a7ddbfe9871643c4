import { usePermission } from '@backstage/plugin-permission-react';
import {
  kubeflowRecurringRunTogglePermission,
  kubeflowRunCreatePermission,
  KubeflowWriteAuthority,
} from '@mlops-portal/plugin-kubeflow-common';
import { mlopsUnmanagedObjectWritePermission } from '@mlops-portal/plugin-mlops-common';

/** Which writes on a pipeline the user may make. */
export interface KubeflowWriteAccess {
  /** Start a run. */
  createRun: boolean;
  /** Enable or disable a recurring run. */
  toggleRecurringRun: boolean;
}

/**
 * The writes the user may make on a pipeline. The backend checks each permission against the
 * entity the Kubeflow provider ingested for the pipeline (`authority.entityRef`, not the entity
 * the page is on), or — without one — allows admins only; this asks the same questions, so the
 * page offers exactly what the backend would accept.
 */
export function useKubeflowWriteAccess(
  authority: KubeflowWriteAuthority | undefined,
): KubeflowWriteAccess {
  const resourceRef = authority?.entityRef;
  const createRun = usePermission({
    permission: kubeflowRunCreatePermission,
    resourceRef,
  });
  const toggle = usePermission({
    permission: kubeflowRecurringRunTogglePermission,
    resourceRef,
  });
  const admin = usePermission({
    permission: mlopsUnmanagedObjectWritePermission,
  });
  if (!authority) {
    return { createRun: false, toggleRecurringRun: false };
  }
  if (!resourceRef) {
    return { createRun: admin.allowed, toggleRecurringRun: admin.allowed };
  }
  return {
    createRun: createRun.allowed,
    toggleRecurringRun: toggle.allowed,
  };
}
