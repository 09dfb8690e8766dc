/**
 * NUL (U+0000) in text. PostgreSQL's text cannot hold it (error 22021), so a NUL reaching a
 * statement would be an internal error; it is refused where input enters instead: every string
 * argument of a GraphQL operation (literal or variable), and every cell of an imported CSV file.
 */
import { HeaderMap } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';

export const NUL_REASON = 'contains a NUL character (byte 0), which text cannot hold: remove it';

export function hasNul(text: string): boolean {
  return text.includes('\u0000');
}

/** Where a NUL is in the document's string literals or the variables, as a path; null when nowhere. */
export function findNul(document: DocumentNode, variables: Record<string, unknown> | undefined | null): string | null {
  let found: string | null = null;
  visit(document, {
    StringValue(node) {
      if (!found && hasNul(node.value)) found = `a string in the document (line ${node.loc?.startToken.line ?? '?'})`;
    },
  });
  if (found) return found;
  // Iterative: the variables' nesting is bounded before this (MAX_VARIABLES_DEPTH), but no walk here recurses.
  const stack: [unknown, string][] = Object.entries(variables ?? {}).map(([k, v]) => [v, `$${k}`]);
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (hasNul(value)) return `variable ${path}`;
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value))
        stack.push([v, Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`]);
    }
  }
  return null;
}

export function nulError(where: string): GraphQLError {
  // Thrown before execution, where Apollo's default status is 500: this is the client's to fix.
  return new GraphQLError(`The ${where} ${NUL_REASON}.`, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400, headers: new HeaderMap() } },
  });
}
