/**
 * The checks the two tree kinds (areas, categories) share: one definition per code, and no
 * parent links that loop, counting the stored links the file does not change.
 */
import type { RowError } from '../kinds';

/** Finds parent links that loop back, given existing links overridden by the file's. */
function findCycles(links: Map<string, string | null>, codes: Iterable<string>): Set<string> {
  const looped = new Set<string>();
  for (const start of codes) {
    const seen = new Set<string>([start]);
    let at = links.get(start) ?? null;
    while (at) {
      if (seen.has(at)) {
        looped.add(start);
        break;
      }
      seen.add(at);
      at = links.get(at) ?? null;
    }
  }
  return looped;
}

/** Tree kinds share their checks: one definition per code, a parent that exists, no loops. */
export function checkTree<Row extends { code: string; parentCode: string | null }>(
  rows: { row: Row; line: number }[],
  existing: Map<string, { parentCode: string | null }>,
  what: string,
  same: (a: Row, b: Row) => boolean,
  fail: (e: RowError) => void,
): void {
  const first = new Map<string, { row: Row; line: number }>();
  for (const entry of rows) {
    const earlier = first.get(entry.row.code);
    if (!earlier) first.set(entry.row.code, entry);
    else if (!same(earlier.row, entry.row)) {
      fail({
        line: entry.line,
        column: 'code',
        value: entry.row.code,
        reason:
          `${what} ${entry.row.code} is described differently on line ${earlier.line} ` +
          `(name, level/kind and parent must agree)`,
      });
    }
  }
  const links = new Map<string, string | null>([...existing].map(([code, v]) => [code, v.parentCode]));
  for (const [code, { row }] of first) links.set(code, row.parentCode);
  for (const code of findCycles(links, first.keys())) {
    const { line, row } = first.get(code)!;
    fail({
      line,
      column: 'parent_code',
      value: row.parentCode,
      reason: `${what} ${code} would be its own ancestor (the parent links form a loop)`,
    });
  }
}
