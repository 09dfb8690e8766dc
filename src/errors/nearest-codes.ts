/**
 * The known codes nearest to one that was not found, for "did you mean ...?" in a NOT_FOUND
 * error. Pure: the caller passes the codes (from the request's dimension snapshot, so finding
 * them costs no SQL statement).
 *
 * Codes are compared in a normal form (upper case, runs of spaces, hyphens and dots as `_`), so
 * `city`, `City` and `Domestic burglary` find CITY and DOMESTIC_BURGLARY. A code is near when its
 * edit distance (insertions, deletions, substitutions, swaps of neighbours) is at most a third of
 * the longer code's length (at least 1, at most 3), when it has the same words in another order
 * (BURGLARY_DOMESTIC for DOMESTIC_BURGLARY), or when one holds the other as a whole word
 * (BURGLARY in DOMESTIC_BURGLARY). Nearest first, then alphabetical.
 */

/** Longer inputs get no suggestions: they are not typing slips, and comparing them costs time. */
const MAX_INPUT = 64;

export function normaliseCode(code: string): string {
  return code
    .trim()
    .toUpperCase()
    .replace(/[\s\-.]+/g, '_');
}

/** Optimal string alignment distance, giving up (returning limit + 1) once it exceeds limit. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

const wordSet = (code: string) => code.split('_').filter(Boolean).sort().join('_');

function holdsWord(longer: string, shorter: string): boolean {
  if (shorter.length < 3) return false;
  return `_${longer}_`.includes(`_${shorter}_`);
}

/** Up to `max` known codes nearest to `code`, nearest first; none when nothing is near. */
export function nearestCodes(code: string, known: Iterable<string>, max = 3): string[] {
  const wanted = normaliseCode(code);
  if (wanted.length === 0 || wanted.length > MAX_INPUT) return [];
  const wantedWords = wordSet(wanted);
  const found: { code: string; score: number }[] = [];
  for (const candidate of known) {
    const normal = normaliseCode(candidate);
    const limit = Math.min(3, Math.max(1, Math.floor(Math.max(normal.length, wanted.length) / 3)));
    const distance = editDistance(wanted, normal, limit);
    if (distance <= limit) found.push({ code: candidate, score: distance });
    else if (wordSet(normal) === wantedWords) found.push({ code: candidate, score: 1 });
    else if (holdsWord(normal, wanted) || holdsWord(wanted, normal)) found.push({ code: candidate, score: limit + 1 });
  }
  found.sort((a, b) => a.score - b.score || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return found.slice(0, max).map((f) => f.code);
}

/** " Did you mean CITY?" / " Did you mean CITY or CITY_CENTRE?"; empty when there is nothing to suggest. */
export function didYouMeanSentence(codes: string[]): string {
  if (codes.length === 0) return '';
  const list = codes.length === 1 ? codes[0] : `${codes.slice(0, -1).join(', ')} or ${codes[codes.length - 1]}`;
  return `Did you mean ${list}?`;
}
