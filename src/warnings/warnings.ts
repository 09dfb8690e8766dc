/**
 * Caveats an answer is given with: a clipped period, months without data, a figure changed by
 * disclosure control. Resolvers add them as they run; the server returns them in
 * `extensions.warnings` so that no caveat is silent, and the response cache keeps them with the data.
 */
import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';

export interface Warning {
  /** Stable, documented code (for example PERIOD_CLIPPED). */
  code: string;
  /** A sentence a user can act on. */
  message: string;
  /** The response path of the field the caveat concerns, as GraphQL errors give it; absent for the whole answer. */
  path?: ReadonlyArray<string | number>;
}

/** One request's warnings, each (code, path, message) once, in the order they were first added. */
export class Warnings {
  private readonly byKey = new Map<string, Warning>();

  add(warning: Warning): void {
    const key = `${warning.code}\u0000${warning.path?.join('.') ?? ''}\u0000${warning.message}`;
    if (!this.byKey.has(key)) this.byKey.set(key, warning);
  }

  /** A caveat about the field being resolved. */
  addAt(info: Pick<GraphQLResolveInfo, 'path'>, code: string, message: string): void {
    this.add({ code, message, path: responsePathAsArray(info.path) });
  }

  get size(): number {
    return this.byKey.size;
  }

  list(): Warning[] {
    return [...this.byKey.values()];
  }
}
