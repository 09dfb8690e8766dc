/**
 * Limits of a request's body, checked before GraphQL sees it: its size while it is read (by the
 * caller's role, known from the headers first), then the nesting and size of its variables once
 * parsed. Deeply nested JSON is cheap to send and parse but overflows the stack of every
 * recursive walk after (variable coercion, cache keys): it is measured here without recursion.
 */
import type { LimitsConfig } from '../config/config';
import type { Caller } from '../auth/caller';
import { roleSatisfies } from '../auth/roles';

/** The largest body a caller may send: imports (STEWARD and above) take large CSV texts. */
export function bodyLimitFor(caller: Caller | null, limits: LimitsConfig): number {
  return caller && roleSatisfies(caller.role, 'STEWARD')
    ? Math.max(limits.maxImportBodyBytes, limits.maxBodyBytes)
    : limits.maxBodyBytes;
}

/** The largest variables (JSON bytes) a caller may send: below STEWARD, MAX_VARIABLES_BYTES. */
export function variablesLimitFor(caller: Caller | null, limits: LimitsConfig): number {
  return caller && roleSatisfies(caller.role, 'STEWARD') ? bodyLimitFor(caller, limits) : limits.maxVariablesBytes;
}

/**
 * How deeply arrays and objects nest in a JSON value (a scalar is 0, `[1]` is 1), counting
 * stops one level past `max`. Iterative, so no input can overflow the stack.
 */
export function jsonDepth(value: unknown, max: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > max) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v))
      if (child !== null && typeof child === 'object') stack.push([child, level]);
  }
  return deepest;
}
