import { GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';

/** The `extensions.code` of each refusal by a request limit. */
export const LimitCode = {
  DEPTH_LIMIT_EXCEEDED: 'DEPTH_LIMIT_EXCEEDED',
  ALIAS_LIMIT_EXCEEDED: 'ALIAS_LIMIT_EXCEEDED',
  TOKEN_LIMIT_EXCEEDED: 'TOKEN_LIMIT_EXCEEDED',
  DOCUMENT_TOO_LARGE: 'DOCUMENT_TOO_LARGE',
  COST_LIMIT_EXCEEDED: 'COST_LIMIT_EXCEEDED',
} as const;
export type LimitCode = (typeof LimitCode)[keyof typeof LimitCode];

/**
 * A document refused before it runs. `extensions.http` sets the response's status (Apollo
 * removes it from the error a client sees); `limit` and `actual` say by how much it was over.
 */
export class LimitError extends GraphQLError {
  constructor(code: LimitCode, message: string, details: { limit: number; actual: number }, status = 400) {
    super(message, { extensions: { code, ...details, http: { status, headers: new HeaderMap() } } });
  }
}
