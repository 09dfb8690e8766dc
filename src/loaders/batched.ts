import DataLoader from 'dataloader';

/**
 * Dispatches a request's DataLoader batches in waves. A wave goes out once no batch of
 * the request is still waiting for the database: every load that becomes known while the
 * previous wave is in flight joins the next one. Without this, when a connection pool
 * answers two batches at different moments, the loads each answer unlocks would go out in
 * separate batches, and the number of statements of a request would depend on timing
 * rather than on the document's shape.
 */
export class BatchScheduler {
  private inFlight = 0;
  private queue: (() => void)[] = [];
  private flushPending = false;

  /** DataLoader's batchScheduleFn. */
  readonly schedule = (dispatch: () => void): void => {
    this.queue.push(dispatch);
    this.maybeFlush();
  };

  /** Wraps a batch function so the scheduler knows when it is waiting for the database. */
  track<K, V>(batch: DataLoader.BatchLoadFn<K, V>): DataLoader.BatchLoadFn<K, V> {
    return async (keys) => {
      this.inFlight += 1;
      try {
        return await batch(keys);
      } finally {
        this.inFlight -= 1;
        this.maybeFlush();
      }
    };
  }

  /**
   * Holds the waves back until `work` (a dimension snapshot being read) settles: loads that
   * become known meanwhile go out together afterwards, as they would behind a batch.
   */
  hold<T>(work: Promise<T>): Promise<T> {
    this.inFlight += 1;
    const release = () => {
      this.inFlight -= 1;
      this.maybeFlush();
    };
    work.then(release, release);
    return work;
  }

  private maybeFlush(): void {
    if (this.inFlight > 0 || this.flushPending || this.queue.length === 0) return;
    this.flushPending = true;
    // setImmediate runs after the promise chains that the last answer resolved have run,
    // so every load they make is already queued.
    setImmediate(() => {
      this.flushPending = false;
      if (this.inFlight > 0) return;
      const wave = this.queue;
      this.queue = [];
      for (const dispatch of wave) dispatch();
    });
  }
}

/** A DataLoader whose batches go out in the scheduler's waves. */
export function batched<K, V>(
  batch: DataLoader.BatchLoadFn<K, V>,
  scheduler: BatchScheduler,
  cacheKeyFn?: (key: K) => string,
): DataLoader<K, V, string | K> {
  return new DataLoader<K, V, string | K>(scheduler.track(batch), { batchScheduleFn: scheduler.schedule, cacheKeyFn });
}
