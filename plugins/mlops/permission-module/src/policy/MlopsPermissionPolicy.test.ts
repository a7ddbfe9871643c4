import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
  catalogPermissions,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';
import { scaffolderPermissions } from '@backstage/plugin-scaffolder-common/alpha';
import { mlopsUnmanagedObjectReadPermission } from '@mlops-portal/plugin-mlops-common';
import { MlopsPermissionPolicy } from './MlopsPermissionPolicy';
import { testDecisions, user } from '../__testUtils__/testPolicy';

const aliasSet = createPermission({
  name: 'mlflow.model.alias.set',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});
const policy = () => new MlopsPermissionPolicy(testDecisions([aliasSet]));
const alice = user('user:default/alice');
const carol = user('user:default/carol');

const ALLOW = { result: AuthorizeResult.ALLOW };
const DENY = { result: AuthorizeResult.DENY };

/**
 * The written-down answer for every permission of Backstage's catalog and scaffolder, for a
 * signed-in user who is no admin (docs/permissions.md is the same table).
 */
const forUsers: Record<string, 'allow' | 'deny' | 'owner' | 'task-owner'> = {
  'catalog.entity.read': 'allow',
  'catalog.entity.create': 'allow',
  'catalog.entity.validate': 'allow',
  'catalog.entity.refresh': 'owner',
  'catalog.entity.delete': 'owner',
  'catalog.location.read': 'allow',
  'catalog.location.create': 'allow',
  'catalog.location.analyze': 'allow',
  'catalog.location.delete': 'deny',
  'catalog.ingestion.read': 'allow',
  'catalog.ingestion.manage': 'deny',
  'scaffolder.action.execute': 'allow',
  'scaffolder.template.parameter.read': 'allow',
  'scaffolder.template.step.read': 'allow',
  'scaffolder.template.dry-run': 'deny',
  'scaffolder.task.read': 'allow',
  'scaffolder.task.create': 'allow',
  'scaffolder.task.cancel': 'task-owner',
  'scaffolder.template.management': 'deny',
};

describe('MlopsPermissionPolicy', () => {
  it('has a written-down answer for every catalog and scaffolder permission', () => {
    const names = [...catalogPermissions, ...scaffolderPermissions].map(
      (p: Permission) => p.name,
    );
    expect(names.sort()).toEqual(Object.keys(forUsers).sort());
  });

  it.each(
    [...catalogPermissions, ...scaffolderPermissions].map(p => [p.name, p]),
  )('answers %s as written', async (name, permission) => {
    const expected = {
      allow: ALLOW,
      deny: DENY,
      owner: expect.objectContaining({
        result: AuthorizeResult.CONDITIONAL,
        conditions: expect.objectContaining({ rule: 'IS_ENTITY_OWNER' }),
      }),
      'task-owner': expect.objectContaining({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        conditions: expect.objectContaining({
          rule: 'IS_TASK_OWNER',
          params: { createdBy: ['user:default/alice'] },
        }),
      }),
    }[forUsers[name]];
    await expect(policy().handle({ permission }, alice)).resolves.toEqual(
      expected,
    );
  });

  it('denies any permission it does not know, to everyone but admins', async () => {
    const unknown = [
      createPermission({ name: 'kubernetes.proxy', attributes: {} }),
      createPermission({
        name: 'some-plugin.thing.create',
        attributes: { action: 'create' },
      }),
      createPermission({
        name: 'some-plugin.thing.update',
        attributes: { action: 'update' },
        resourceType: 'catalog-entity',
      }),
    ];
    for (const permission of unknown) {
      await expect(policy().handle({ permission }, alice)).resolves.toEqual(
        DENY,
      );
      await expect(policy().handle({ permission }, carol)).resolves.toEqual(
        ALLOW,
      );
    }
  });

  it('opens reads to everyone, even without a user, but not reads of unmanaged objects', async () => {
    for (const permission of [
      catalogEntityReadPermission,
      catalogLocationReadPermission,
    ]) {
      await expect(policy().handle({ permission })).resolves.toEqual(ALLOW);
    }
    await expect(
      policy().handle({ permission: mlopsUnmanagedObjectReadPermission }),
    ).resolves.toEqual(DENY);
  });

  it('denies every write without a user', async () => {
    for (const permission of [
      catalogEntityCreatePermission,
      catalogEntityValidatePermission,
      catalogLocationCreatePermission,
      catalogLocationAnalyzePermission,
      catalogEntityRefreshPermission,
      aliasSet,
    ]) {
      await expect(policy().handle({ permission })).resolves.toEqual(DENY);
    }
  });

  it('lets admins do everything', async () => {
    for (const permission of [
      catalogLocationDeletePermission,
      catalogEntityDeletePermission,
      aliasSet,
    ]) {
      await expect(policy().handle({ permission }, carol)).resolves.toEqual(
        ALLOW,
      );
    }
  });

  it('uses the MLOps decisions for MLOps permissions', async () => {
    await expect(
      policy().handle({ permission: aliasSet }, alice),
    ).resolves.toMatchObject({ result: AuthorizeResult.CONDITIONAL });
  });
});
