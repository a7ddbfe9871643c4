/*
 * The MLOps Portal backend: Backstage's core plugins plus the MLOps Portal suite.
 * Each `backend.add` is one feature; installing the suite into another Backstage backend means
 * adding the `@mlops-portal/*` lines below to that backend (see docs/install.md).
 */
import { createBackend } from '@backstage/backend-defaults';
import { airflowPermissions } from '@mlops-portal/plugin-airflow-common';
import { kservePermissions } from '@mlops-portal/plugin-kserve-common';
import { kubeflowPermissions } from '@mlops-portal/plugin-kubeflow-common';
import { mlflowPermissions } from '@mlops-portal/plugin-mlflow-common';
import { createPermissionModuleMlopsPolicy } from '@mlops-portal/plugin-permission-backend-module-mlops-policy';
import { searchModuleLunrEngine } from './search/searchModuleLunrEngine';
import { techdocsModulePrebuild } from './techdocs/techdocsModulePrebuild';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: guest for the demo (app-config.yaml), OIDC in production (app-config.production.yaml)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@mlops-portal/plugin-catalog-backend-module-mlflow'));
backend.add(import('@mlops-portal/plugin-catalog-backend-module-airflow'));
backend.add(import('@mlops-portal/plugin-catalog-backend-module-kubeflow'));
backend.add(import('@mlops-portal/plugin-catalog-backend-module-kserve'));

// scaffolder and techdocs
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@mlops-portal/plugin-scaffolder-backend-module-mlflow'));
backend.add(import('@mlops-portal/plugin-scaffolder-backend-module-airflow'));
backend.add(import('@mlops-portal/plugin-scaffolder-backend-module-kubeflow'));
backend.add(import('@mlops-portal/plugin-scaffolder-backend-module-kserve'));
// the model-project template: its plan step, and Backstage's publishers it picks by host
backend.add(
  import('@mlops-portal/plugin-scaffolder-backend-module-model-project'),
);
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitea'));
backend.add(import('@backstage/plugin-techdocs-backend'));
// builds TechDocs nobody has opened yet, so search indexes them (mlops.techdocs.prebuild)
backend.add(techdocsModulePrebuild);

// permissions: the complete MLOps policy (docs/permissions.md), knowing the systems' permissions
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  createPermissionModuleMlopsPolicy({
    permissions: [
      ...mlflowPermissions,
      ...airflowPermissions,
      ...kubeflowPermissions,
      ...kservePermissions,
    ],
  }),
);

// the MLOps Portal systems: routes for the entity page, under the permissions above
backend.add(import('@mlops-portal/plugin-mlflow-backend'));
backend.add(import('@mlops-portal/plugin-airflow-backend'));
backend.add(import('@mlops-portal/plugin-kubeflow-backend'));
backend.add(import('@mlops-portal/plugin-kserve-backend'));

// agents: the systems' actions as MCP tools at /api/mcp-actions/v1 (backend.actions.pluginSources)
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// search: PostgreSQL when the database is PostgreSQL, else Lunr in memory, which answers a query
// for a type not indexed yet (TechDocs before any are built) with no results instead of 500
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(searchModuleLunrEngine);
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.start();
