/**
 * The text of each page of a PDF that Chromium printed, enough to check what is on which page: content
 * streams are inflated, glyph codes mapped to characters through the fonts' ToUnicode maps (merged:
 * Chromium's subset fonts of one family share glyph codes), and each text object ends with a space.
 * Not a general PDF reader: only the streams Chromium writes (Flate, hex-encoded two-byte glyphs).
 */
import { inflateSync } from 'node:zlib';

function streams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const found: string[] = [];
  for (const m of text.matchAll(/<<((?:[^<>]|<<(?:[^<>]|<<[^<>]*>>)*>>|<[^<>]*>)*)>>\s*stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const length = Number(/\/Length (\d+)/.exec(m[1])?.[1]);
    let data = pdf.subarray(start, start + length);
    if (/FlateDecode/.test(m[1])) {
      try {
        data = inflateSync(data);
      } catch {
        continue; // not a stream we can read (e.g. an image)
      }
    }
    found.push(data.toString('latin1'));
  }
  return found;
}

function unicode(hex: string): string {
  return String.fromCharCode(...hex.match(/.{4}/g)!.map((h) => parseInt(h, 16)));
}

export function pdfPageTexts(pdf: Buffer): string[] {
  const all = streams(pdf);
  const glyphs = new Map<string, string>();
  for (const cmap of all.filter((s) => s.includes('begincmap'))) {
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const p of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        if (!glyphs.has(p[1].toUpperCase())) glyphs.set(p[1].toUpperCase(), unicode(p[2]));
      }
    }
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const p of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const [lo, hi, first] = [parseInt(p[1], 16), parseInt(p[2], 16), parseInt(p[3], 16)];
        for (let g = lo; g <= hi; g++) {
          const key = g.toString(16).toUpperCase().padStart(p[1].length, '0');
          if (!glyphs.has(key)) glyphs.set(key, String.fromCharCode(first + g - lo));
        }
      }
    }
  }
  return all
    .filter((s) => /\bT[Jj]\b/.test(s) && !s.includes('begincmap'))
    .map((s) =>
      [...s.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)]
        .map((bt) =>
          [...bt[1].matchAll(/<([0-9A-Fa-f]+)>/g)]
            .map((h) => (h[1].toUpperCase().match(/.{4}/g) ?? []).map((g) => glyphs.get(g) ?? '?').join(''))
            .join(''),
        )
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
}
