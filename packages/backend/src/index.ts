/*
 * The MLOps Portal backend: Backstage's core plugins plus the MLOps Portal suite.
 * Each `backend.add` is one feature; installing the suite into another Backstage backend means
 * adding the `@mlops-portal/*` lines below to that backend (see docs/install.md).
 */
import { createBackend } from '@backstage/backend-defaults';

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

// scaffolder and techdocs
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@mlops-portal/plugin-scaffolder-backend-module-mlflow'));
backend.add(import('@backstage/plugin-techdocs-backend'));

// permissions: reads are open, writes need the entity's owner or an admin group
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@mlops-portal/plugin-permission-backend-module-mlops-policy'),
);

// the MLOps Portal systems: routes for the entity page, under the permissions above
backend.add(import('@mlops-portal/plugin-mlflow-backend'));

// search (Lunr in memory for the demo, PostgreSQL when the database is PostgreSQL)
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.start();
