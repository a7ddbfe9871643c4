import {
  CacheService,
  CacheServiceOptions,
  CacheServiceSetOptions,
} from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { randomUUID } from 'node:crypto';

const INITIAL_GENERATION = '0';
// Reads that missed and are still on their way upstream; a bound, since a miss that ends in
// an error is never followed by set() (forgetting one only means its answer is not cached).
const MAX_PENDING = 10_000;

/**
 * A CacheService view whose entries all belong to a "generation" kept in the cache itself, so
 * `invalidate()` (called after every write) makes every earlier entry unreachable, on every
 * replica sharing the cache store, without knowing the entries' keys.
 *
 * @remarks
 * A value is stored under the generation that was current when its read missed the cache, never
 * a later one: a read that started before a write and finished after it cannot put its
 * pre-write answer into the post-write generation. That relies on each `set(key)` following a
 * `get(key)` of the same read, which is how `UpstreamHttpClient` and `MlflowClient` use it; a
 * `set` without that `get` is not stored.
 *
 * @internal
 */
export class GenerationalCache implements CacheService {
  private readonly pending = new Map<string, string>();

  constructor(
    private readonly inner: CacheService,
    private readonly generationKey: string,
    private readonly generationTtlMs: number,
  ) {}

  async get<TValue extends JsonValue>(
    key: string,
  ): Promise<TValue | undefined> {
    const generation = await this.currentGeneration();
    const value = await this.inner.get<TValue>(scopedKey(generation, key));
    if (value === undefined) {
      if (this.pending.size >= MAX_PENDING) {
        this.pending.clear();
      }
      this.pending.set(key, generation);
    } else {
      this.pending.delete(key);
    }
    return value;
  }

  async set(
    key: string,
    value: JsonValue,
    options?: CacheServiceSetOptions,
  ): Promise<void> {
    const generation = this.pending.get(key);
    this.pending.delete(key);
    if (generation === undefined) {
      return;
    }
    await this.inner.set(scopedKey(generation, key), value, options);
  }

  async delete(key: string): Promise<void> {
    this.pending.delete(key);
    const generation = await this.currentGeneration();
    await this.inner.delete(scopedKey(generation, key));
  }

  withOptions(options: CacheServiceOptions): CacheService {
    return new GenerationalCache(
      this.inner.withOptions(options),
      this.generationKey,
      this.generationTtlMs,
    );
  }

  /** Starts a new generation: every entry stored so far is never read again (and expires). */
  async invalidate(): Promise<void> {
    await this.inner.set(this.generationKey, randomUUID(), {
      ttl: this.generationTtlMs,
    });
  }

  private async currentGeneration(): Promise<string> {
    const generation = await this.inner.get<string>(this.generationKey);
    return typeof generation === 'string' ? generation : INITIAL_GENERATION;
  }
}

function scopedKey(generation: string, key: string): string {
  return `${key}:g:${generation}`;
}
