/**
 * The data version: a counter in the shared store, bumped after every committed write or
 * import that touches the figures. Cached responses and per-process dimension caches are
 * keyed by it, so one increment invalidates them on every instance at once, with no list of
 * keys to delete. A request reads it once, before it reads anything else, so what it caches
 * is never newer-keyed than the data it read.
 */
import type { SharedStore } from '../shared-store/shared-store';

const KEY = 'data-version';

export interface DataVersion {
  /** The current version (0 before the first write). */
  current(): Promise<number>;
  /** Called after a write commits. */
  bump(): Promise<number>;
}

export function dataVersion(store: SharedStore): DataVersion {
  return {
    async current() {
      return Number((await store.get(KEY)) ?? 0);
    },
    async bump() {
      return store.incrBy(KEY, 1);
    },
  };
}
