import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  mlopsUnmanagedObjectReadPermission,
  mlopsUnmanagedObjectWritePermission,
} from '@mlops-portal/plugin-mlops-common';
import { testDecisions, user } from '../__testUtils__/testPolicy';

const aliasSet = createPermission({
  name: 'mlflow.model.alias.set',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});
const modelCreate = createPermission({
  name: 'mlflow.model.create',
  attributes: { action: 'create' },
});
const systemPermissions = [aliasSet, modelCreate];

const alice = user('user:default/alice');
const carol = user('user:default/carol');

describe('MlopsPolicyDecisions', () => {
  it('answers nothing for permissions that are not MLOps ones, whoever asks', async () => {
    const decisions = testDecisions(systemPermissions);
    for (const who of [undefined, alice, carol]) {
      await expect(
        decisions.decide({ permission: catalogEntityDeletePermission }, who),
      ).resolves.toBeUndefined();
    }
    // a system's permission the caller did not list is not MLOps either
    await expect(
      testDecisions().decide({ permission: aliasSet }, carol),
    ).resolves.toBeUndefined();
  });

  it('makes a write on an upstream object conditional on owning the entity it is checked against', async () => {
    await expect(
      testDecisions(systemPermissions).decide({ permission: aliasSet }, alice),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/alice', 'group:default/fraud-detection'],
        },
      },
    });
  });

  it('keeps objects without an ingested entity for admins, reads included', async () => {
    const decisions = testDecisions(systemPermissions);
    for (const permission of [
      mlopsUnmanagedObjectWritePermission,
      mlopsUnmanagedObjectReadPermission,
    ]) {
      await expect(decisions.decide({ permission }, alice)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
      await expect(decisions.decide({ permission })).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
      await expect(decisions.decide({ permission }, carol)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('lets signed-in users create new upstream objects, nobody without a user', async () => {
    const decisions = testDecisions(systemPermissions);
    await expect(
      decisions.decide({ permission: modelCreate }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      decisions.decide({ permission: modelCreate }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets admins do every MLOps write', async () => {
    await expect(
      testDecisions(systemPermissions).decide({ permission: aliasSet }, carol),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
