import { Entity } from '@backstage/catalog-model';
import { MlflowRegisteredModel } from '@mlops-portal/plugin-mlflow-node';
import { ModelVersionFields } from './readRegistry';
import {
  ModelEntityContext,
  registeredModelToEntity,
} from './registeredModelToEntity';

/** The entities of one registry read, and what had to be worked around. */
export interface RegistryEntities {
  entities: Entity[];
  /** Models whose owner tag names no group or user (they got the default owner). */
  invalidOwners: Array<{ model: string; value: string }>;
  /** Models left out because another model already produced the same entity name. */
  nameClashes: Array<{ model: string; entityName: string; keptModel: string }>;
}

const NO_VERSIONS: readonly ModelVersionFields[] = [];

/** Maps registered models to `ml-model` Resources one by one, each entity name once. */
export class RegistryEntityCollector {
  private readonly entities: Entity[] = [];
  private readonly invalidOwners: RegistryEntities['invalidOwners'] = [];
  private readonly nameClashes: RegistryEntities['nameClashes'] = [];
  private readonly modelByEntityName = new Map<string, string>();

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
    const entityName = entity.metadata.name;
    const keptModel = this.modelByEntityName.get(entityName);
    if (keptModel !== undefined) {
      // The same model again means the registry changed while paging; anything else needs a
      // hash collision in toEntityName. Two entities with one name would both be rejected.
      if (keptModel !== model.name) {
        this.nameClashes.push({ model: model.name, entityName, keptModel });
      }
      return;
    }
    this.modelByEntityName.set(entityName, model.name);
    if (invalidOwner !== undefined) {
      this.invalidOwners.push({ model: model.name, value: invalidOwner });
    }
    this.entities.push(entity);
  }

  /** Everything added so far. */
  result(): RegistryEntities {
    return {
      entities: this.entities,
      invalidOwners: this.invalidOwners,
      nameClashes: this.nameClashes,
    };
  }
}
