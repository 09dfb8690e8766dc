/**
 * Keys of the response cache. Pure.
 *
 * A cached response may be served only to a request that would have produced the same
 * response: same normalised document, operation and variables; same audience; same data.
 *
 * The audience: anonymous callers have small counts of sensitive categories withheld below
 * force level (src/auth/disclosure.ts), with a threshold the deployment sets; any API key sees
 * every figure. Keyed callers are still told apart by role, so a field reserved to a role can
 * never be served from a response made for another. Key names are not part of it: nothing
 * cacheable depends on which key of a role asked (admin data is PRIVATE, never stored).
 */
import { createHash } from 'node:crypto';
import { print, type DocumentNode } from 'graphql';
import type { Caller } from '../auth/caller';

export function audienceOf(caller: Pick<Caller, 'role'> | null, disclosureThreshold: number): string {
  return caller ? `role:${caller.role}` : `anonymous:threshold=${disclosureThreshold}`;
}

/** JSON with object keys sorted at every depth, so `{a, b}` and `{b, a}` are one key. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

const normalised = new WeakMap<DocumentNode, string>();

/**
 * The document printed without comments or layout. Apollo reuses one parsed document per
 * query text, so this is worked out once per text.
 */
export function normaliseDocument(document: DocumentNode): string {
  let text = normalised.get(document);
  if (text === undefined) {
    text = print(document);
    normalised.set(document, text);
  }
  return text;
}

export interface ResponseKeyParts {
  document: string;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | null | undefined;
  audience: string;
  dataVersion: number;
}

/**
 * `response:<data version>:<sha256>`. The version leads so entries of an old version are easy
 * to recognise; they are never read again and expire by their TTL.
 */
export function responseCacheKey(parts: ResponseKeyParts): string {
  const hash = createHash('sha256')
    .update(stableJson([parts.document, parts.operationName ?? null, parts.variables ?? {}, parts.audience]))
    .digest('hex');
  return `response:${parts.dataVersion}:${hash}`;
}
