/**
 * The page's only way to the data: one POST to /graphql per view, sent as an automatic persisted
 * query (the document's SHA-256, computed at build time). When the server does not know the hash
 * yet it answers PERSISTED_QUERY_NOT_FOUND and the page sends the hash with the document once.
 */
import type { Warning } from './warnings';

export interface Document {
  query: string;
  hash: string;
}

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

export interface Answer<T> {
  data?: T;
  errors: GraphQLError[];
  warnings: Warning[];
}

/** A GraphQL response as sent, read with care: a proxy may answer with anything, even `null`. */
interface ResponseBody {
  data?: unknown;
  errors?: GraphQLError[];
  extensions?: { warnings?: unknown };
}

const KEY_STORAGE = 'report-api-key';

/** The staff key lives in this tab's session storage only: never in the URL, never sent elsewhere. */
export function apiKey(): string {
  try {
    return sessionStorage.getItem(KEY_STORAGE) ?? '';
  } catch {
    return '';
  }
}

export function setApiKey(key: string): void {
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // storage disabled: the key is simply not kept
  }
}

async function post(body: unknown): Promise<{ status: number; json: ResponseBody | null }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key = apiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(body), credentials: 'omit' });
  let json: ResponseBody | null;
  try {
    json = (await res.json()) as ResponseBody | null;
  } catch {
    json = { errors: [{ message: `The server answered ${res.status} without a GraphQL response.` }] };
  }
  return { status: res.status, json };
}

function hasCode(json: ResponseBody | null, code: string, message: string): boolean {
  return (json?.errors ?? []).some((e: GraphQLError) => e.extensions?.code === code || e.message === message);
}

export async function ask<T>(doc: Document, variables: Record<string, unknown>): Promise<Answer<T>> {
  const persistedQuery = { version: 1, sha256Hash: doc.hash };
  let { json } = await post({ variables, extensions: { persistedQuery } });
  if (hasCode(json, 'PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound')) {
    ({ json } = await post({ query: doc.query, variables, extensions: { persistedQuery } }));
  } else if (hasCode(json, 'PERSISTED_QUERY_NOT_SUPPORTED', 'PersistedQueryNotSupported')) {
    // A server with persisted queries turned off: the document itself, every time.
    ({ json } = await post({ query: doc.query, variables }));
  }
  return {
    data: (json?.data ?? undefined) as T | undefined,
    errors: json?.errors ?? [],
    warnings: Array.isArray(json?.extensions?.warnings) ? (json.extensions.warnings as Warning[]) : [],
  };
}
