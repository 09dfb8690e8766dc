/** Caveats of an answer (`extensions.warnings`), shown beside the figures their path points at. */
export interface Warning {
  code: string;
  message: string;
  path?: (string | number)[];
}

/** The warnings about a field at `prefix` or anything below it. */
export function warningsAt(warnings: Warning[], prefix: (string | number)[]): Warning[] {
  return warnings.filter((w) => w.path && prefix.length <= w.path.length && prefix.every((p, i) => w.path![i] === p));
}

/** The warnings no shown block claims: about the whole answer, or about fields outside `claimed`. */
export function unclaimedWarnings(warnings: Warning[], claimed: (string | number)[][]): Warning[] {
  return warnings.filter((w) => !w.path || !claimed.some((prefix) => warningsAt([w], prefix).length > 0));
}
