/**
 * Request counters for benchmarks: how many requests each system received per route
 * template, so a benchmark can assert "the catalog sync read 10,000 models in N requests".
 */

/** Counts per system and route ("GET /api/2.0/mlflow/registered-models/search"). */
export interface SandboxStats {
  /** All counted requests. */
  total: number;
  /** Requests that matched no route. */
  unmatched: number;
  /** Per mount (system) counts. */
  systems: Record<string, { total: number; routes: Record<string, number> }>;
}

/** Mutable request counters. */
export class StatsRecorder {
  private stats: SandboxStats = { total: 0, unmatched: 0, systems: {} };

  /** Counts one request that matched a route. */
  record(system: string, routeKey: string): void {
    this.stats.total += 1;
    const entry = (this.stats.systems[system] ??= { total: 0, routes: {} });
    entry.total += 1;
    entry.routes[routeKey] = (entry.routes[routeKey] ?? 0) + 1;
  }

  /** Counts one request that matched no route. */
  recordUnmatched(): void {
    this.stats.total += 1;
    this.stats.unmatched += 1;
  }

  /** A copy of the counters with routes sorted by key (stable output). */
  snapshot(): SandboxStats {
    const systems: SandboxStats['systems'] = {};
    for (const name of Object.keys(this.stats.systems).sort()) {
      const entry = this.stats.systems[name];
      const routes: Record<string, number> = {};
      for (const key of Object.keys(entry.routes).sort()) {
        routes[key] = entry.routes[key];
      }
      systems[name] = { total: entry.total, routes };
    }
    return {
      total: this.stats.total,
      unmatched: this.stats.unmatched,
      systems,
    };
  }

  /** Zeroes every counter. */
  reset(): void {
    this.stats = { total: 0, unmatched: 0, systems: {} };
  }
}
