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
  ModelEntityDraft,
  completeModelEntity,
  draftModelEntity,
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
 * Maps registered models to `ml-model` Resources one by one, each entity name once; their
 * versions are added at the end, so models can be mapped before the versions have arrived.
 *
 * @internal
 */
export class RegistryEntityCollector {
  private readonly drafts: ModelEntityDraft[] = [];
  private readonly invalidOwners: RegistryEntities['invalidOwners'] = [];
  private readonly names = new UniqueEntityNames();

  constructor(private readonly context: ModelEntityContext) {}

  /** Maps one model; a model listed twice is kept once. */
  add(model: MlflowRegisteredModel): void {
    const draft = draftModelEntity(model, this.context);
    // The catalog would reject both entities of one name, so the first model keeps it.
    if (!this.names.claim(stringifyEntityRef(draft.entity), model.name)) {
      return;
    }
    if (draft.invalidOwner !== undefined) {
      this.invalidOwners.push({ model: model.name, value: draft.invalidOwner });
    }
    this.drafts.push(draft);
  }

  /** Every model added so far, each with its versions from `versionsByModel` (model name → versions). */
  result(
    versionsByModel: ReadonlyMap<string, readonly ModelVersionFields[]>,
  ): RegistryEntities {
    let versionCount = 0;
    const entities = this.drafts.map(draft => {
      const { entity } = completeModelEntity(
        draft,
        versionsByModel.get(draft.model) ?? NO_VERSIONS,
      );
      versionCount += entity.spec.mlflow.versionCount;
      return entity;
    });
    return {
      entities,
      versionCount,
      invalidOwners: this.invalidOwners,
      nameClashes: this.names.clashes,
    };
  }
}
