import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InferenceServiceWatchEvent } from '@mlops-portal/plugin-kserve-node';
import { inferenceServiceKey } from './inferenceServiceEntities';

/**
 * A delta mutation: entities to add or replace, refs of entities to remove.
 *
 * @internal
 */
export interface EntityDelta {
  added: Entity[];
  removed: string[];
}

/**
 * Applies watch events as delta mutations, one mutation at a time: the events that arrive
 * while one is applied go into the next, and only the latest event of each object counts, so
 * a burst of changes becomes one mutation and an older change never overtakes a newer one.
 *
 * @internal
 */
export class DeltaQueue {
  private readonly queued = new Map<string, InferenceServiceWatchEvent>();
  private draining = false;
  private drainedPromise: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      /** The cluster, for the logs. */
      cluster: string;
      /** Turns events into one delta. */
      toDelta(events: InferenceServiceWatchEvent[]): EntityDelta;
      /** Applies a delta to the catalog. */
      apply(delta: EntityDelta): Promise<void>;
      logger: LoggerService;
    },
  ) {}

  /** Queues an event, and starts applying unless a mutation is under way. */
  enqueue(event: InferenceServiceWatchEvent): void {
    const key = inferenceServiceKey(event.object);
    if (!key) {
      this.options.logger.warn(
        `A ${event.type} watch event of cluster '${this.options.cluster}' has no namespace and name; ignored`,
      );
      return;
    }
    this.queued.delete(key);
    this.queued.set(key, event);
    if (!this.draining) {
      // Set before the first await, so no event can slip between two drains.
      this.draining = true;
      this.drainedPromise = this.drain();
    }
  }

  /** Resolves once every queued event is applied (or failed). */
  drained(): Promise<void> {
    return this.drainedPromise;
  }

  private async drain(): Promise<void> {
    const { cluster, logger } = this.options;
    try {
      while (this.queued.size > 0) {
        const events = [...this.queued.values()];
        this.queued.clear();
        try {
          const delta = this.options.toDelta(events);
          await this.options.apply(delta);
          logger.debug(
            `Applied ${events.length} InferenceService changes of cluster '${cluster}'`,
            { added: delta.added.length, removed: delta.removed.length },
          );
        } catch (error) {
          logger.error(
            `Could not apply ${events.length} InferenceService changes of cluster '${cluster}'; ` +
              'the next relist brings them',
            error as Error,
          );
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
