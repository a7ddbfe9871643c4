import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityNameClash,
  UniqueEntityNames,
} from '@mlops-portal/plugin-mlops-node';
import { MlflowRegisteredModel } from '@mlops-portal/plugin-mlflow-node';
import { ModelVersionFields } from './readRegistry';
import {
  MlflowModelEntity,
  ModelEntityContext,
  registeredModelToEntity,
} from './registeredModelToEntity';

/**
 * The entities of one registry read, and what had to be worked around.
 *
 * @internal
 */
export interface RegistryEntities {
  entities: MlflowModelEntity[];
  /** Versions on the entities (each model's versions counted once). */
  versionCount: number;
  /** Models whose owner tag names no group or user (they got the default owner). */
  invalidOwners: Array<{ model: string; value: string }>;
  /** Models left out because another model already produced the same entity name. */
  nameClashes: EntityNameClash[];
}

const NO_VERSIONS: readonly ModelVersionFields[] = [];

/**
 * Maps registered models to `ml-model` Resources one by one, each entity name once.
 *
 * @internal
 */
export class RegistryEntityCollector {
  private readonly entities: MlflowModelEntity[] = [];
  private readonly invalidOwners: RegistryEntities['invalidOwners'] = [];
  private readonly names = new UniqueEntityNames();
  private versionCount = 0;

  constructor(private readonly context: ModelEntityContext) {}

  /** Maps one model with its versions; a model listed twice is kept once. */
  add(
    model: MlflowRegisteredModel,
    versions: readonly ModelVersionFields[] = NO_VERSIONS,
  ): void {
    const { entity, invalidOwner } = registeredModelToEntity(
      model,
      versions,
      this.context,
    );
    // The catalog would reject both entities of one name, so the first model keeps it.
    if (!this.names.claim(stringifyEntityRef(entity), model.name)) {
      return;
    }
    if (invalidOwner !== undefined) {
      this.invalidOwners.push({ model: model.name, value: invalidOwner });
    }
    this.versionCount += entity.spec.mlflow.versionCount;
    this.entities.push(entity);
  }

  /** Everything added so far. */
  result(): RegistryEntities {
    return {
      entities: this.entities,
      versionCount: this.versionCount,
      invalidOwners: this.invalidOwners,
      nameClashes: this.names.clashes,
    };
  }
}
