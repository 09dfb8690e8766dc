import { GraphQLError } from 'graphql';
import { didYouMeanSentence } from './nearest-codes';

/**
 * Errors a client can act on, each with a stable `extensions.code`. Anything else that
 * escapes a resolver is a fault of ours and reaches clients as INTERNAL_SERVER_ERROR.
 */
export const ErrorCode = {
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** A period wholly after the last month of data, or wholly before the first (src/period/horizon.ts). */
  PERIOD_OUTSIDE_DATA: 'PERIOD_OUTSIDE_DATA',
} as const;

/** Longest value an error repeats back: a megabyte "code" is not echoed (twice) in the response. */
const MAX_ECHOED_CHARS = 100;
const echo = (value: string) =>
  value.length > MAX_ECHOED_CHARS ? `${value.slice(0, MAX_ECHOED_CHARS)}… (${value.length} characters)` : value;

/**
 * An unknown code. `didYouMean` lists the nearest known codes (see nearest-codes.ts), in the
 * message and in `extensions.didYouMean` (an empty list when nothing is near or none were looked for).
 */
export class NotFoundError extends GraphQLError {
  constructor(what: string, code: string, hint?: string, didYouMean: string[] = []) {
    const suggestion = didYouMeanSentence(didYouMean);
    super(`No ${what} has the code "${echo(code)}".${suggestion ? ` ${suggestion}` : ''}${hint ? ` ${hint}` : ''}`, {
      extensions: { code: ErrorCode.NOT_FOUND, what, value: echo(code), didYouMean },
    });
  }
}

export class BadUserInputError extends GraphQLError {
  constructor(message: string, field?: string, details?: Record<string, unknown>) {
    super(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}), ...details } });
  }
}

/** A period the store holds no facts for: its extensions name the months the store does hold. */
export class PeriodOutsideDataError extends GraphQLError {
  constructor(
    message: string,
    details: {
      facts: string;
      requestedFrom: string;
      requestedTo: string;
      firstMonth: string | null;
      lastMonth: string | null;
    },
  ) {
    super(message, { extensions: { code: ErrorCode.PERIOD_OUTSIDE_DATA, ...details } });
  }
}
