import DataLoader from 'dataloader';

/**
 * A DataLoader that dispatches its batch on the next macrotask (setImmediate) rather than
 * at the end of the current microtask queue. GraphQL resolvers reach a loader through
 * promise chains of different lengths (a child area's figures come a few awaits after its
 * parent's); waiting for the queue to drain gathers them into one batch, so the statements
 * of a request depend on the document's shape, not on which branch resolved first.
 */
export function batched<K, V>(batch: DataLoader.BatchLoadFn<K, V>): DataLoader<K, V> {
  return new DataLoader<K, V>(batch, { batchScheduleFn: (dispatch) => setImmediate(dispatch) });
}
