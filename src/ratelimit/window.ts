/**
 * Arithmetic of the rate limit's fixed windows, kept pure for its unit tests. A budget of cost
 * points is spent within a window of one minute (as GitHub's is within an hour) and starts
 * afresh at the next; every instance computes the same window from the clock, so the window's
 * counter in the shared store is one budget for them all.
 */

export const WINDOW_SECONDS = 60;

export interface Window {
  /** Windows since the epoch: part of the counter's key, so a new window starts at 0. */
  index: number;
  startMs: number;
  /** When the window ends and its budget is restored. */
  resetAtMs: number;
}

export function windowAt(nowMs: number, seconds: number = WINDOW_SECONDS): Window {
  const length = seconds * 1000;
  const index = Math.floor(nowMs / length);
  return { index, startMs: index * length, resetAtMs: (index + 1) * length };
}

/** Whole seconds to wait for the window to end, at least 1 (a Retry-After of 0 invites a busy loop). */
export function secondsUntil(nowMs: number, atMs: number): number {
  return Math.max(1, Math.ceil((atMs - nowMs) / 1000));
}

/** Points left: never below 0, though `used` can pass the limit when a query cost more than expected. */
export function remaining(limit: number, used: number): number {
  return Math.max(0, limit - used);
}

/**
 * Whether a query of `cost` fits beside what is `used`. Every query costs at least a point,
 * so an exhausted budget refuses everything until the window ends.
 */
export function admits(limit: number, used: number, cost: number): boolean {
  return used + cost <= limit;
}

/** Who a budget belongs to: an API key (by its id, so renaming nothing changes it) or an address. */
export type Subject = { kind: 'API_KEY'; keyId: number } | { kind: 'ADDRESS'; address: string };

export function counterKey(subject: Subject, window: Window): string {
  return subject.kind === 'API_KEY'
    ? `ratelimit:key:${subject.keyId}:${window.index}`
    : `ratelimit:addr:${subject.address}:${window.index}`;
}
