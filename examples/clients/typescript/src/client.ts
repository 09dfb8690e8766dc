import type { TypedDocumentString } from './gql/graphql.js';

/** One GraphQL error as the API sends it: a message for people, a stable `extensions.code` for programs. */
export interface ApiError {
  message: string;
  extensions?: { code?: string; didYouMean?: string[]; retryAfterSeconds?: number; [key: string]: unknown };
}

/** A request the API refused or could not answer, with the codes of its errors. */
export class ApiRequestError extends Error {
  constructor(
    readonly errors: ApiError[],
    readonly status: number,
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  }

  get codes(): string[] {
    return this.errors.map((e) => e.extensions?.code ?? 'ERROR');
  }
}

export interface ClientOptions {
  /** e.g. http://127.0.0.1:4000/graphql */
  endpoint: string;
  /** An API key (`Authorization: Bearer ...`): without one, small counts of sensitive categories are withheld. */
  apiKey?: string;
  /** Retries after RATE_LIMITED (HTTP 429) or SERVICE_UNAVAILABLE (HTTP 503), waiting as the API says. */
  retries?: number;
}

const RETRYABLE = new Set(['RATE_LIMITED', 'SERVICE_UNAVAILABLE']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a typed document and returns its typed data. A response with any error throws an
 * ApiRequestError (this example treats partial data as a failure; a client may keep it instead).
 */
export async function execute<Result, Variables>(
  options: ClientOptions,
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(options.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    const body = (await response.json()) as { data?: Result; errors?: ApiError[] };
    if (!body.errors?.length && body.data) return body.data;
    const errors = body.errors ?? [{ message: `HTTP ${response.status} without data` }];
    const retryable = errors.every((e) => RETRYABLE.has(e.extensions?.code ?? ''));
    if (retryable && attempt < (options.retries ?? 2)) {
      const seconds = Number(response.headers.get('retry-after') ?? errors[0].extensions?.retryAfterSeconds ?? 1);
      await sleep(Math.min(seconds, 30) * 1000);
      continue;
    }
    throw new ApiRequestError(errors, response.status);
  }
}

/** What a person should be told (or a program should do) about an error, by its code. */
export function adviceFor(error: ApiError): string {
  switch (error.extensions?.code) {
    case 'NOT_FOUND': {
      const near = error.extensions.didYouMean ?? [];
      return near.length
        ? `unknown code; did you mean ${near.join(' or ')}?`
        : 'unknown code; list the codes with areas/categories/plans';
    }
    case 'BAD_USER_INPUT':
      return 'fix the argument named in the message (e.g. a period as YYYY-MM)';
    case 'UNAUTHENTICATED':
      return 'send a valid API key';
    case 'FORBIDDEN':
      return "the key's role does not allow this";
    case 'RATE_LIMITED':
      return 'wait retryAfterSeconds, then retry';
    case 'COST_LIMIT_EXCEEDED':
    case 'DEPTH_LIMIT_EXCEEDED':
    case 'ALIAS_LIMIT_EXCEEDED':
    case 'TOKEN_LIMIT_EXCEEDED':
    case 'DOCUMENT_TOO_LARGE':
      return 'ask for less in one request (smaller pages with first/offset, fewer fields)';
    case 'SERVICE_UNAVAILABLE':
    case 'STATEMENT_TIMEOUT':
      return 'retry later';
    default:
      return 'report it with the x-request-id of the response';
  }
}
