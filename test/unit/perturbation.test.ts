import { disclosureKey } from '../../src/auth/disclosure-key';
import { drawsCdf, monthlyNoise, perturbSeries, perturbSurvey, SeriesNoise } from '../../src/auth/perturbation';

const KEY = Buffer.from('unit-test-disclosure-key');
const OTHER_KEY = Buffer.from('another-disclosure-key!!');

describe('the noise of a running total', () => {
  it.each([1, 2, 3])('bound %i: H is uniform on -B..B (P(H <= h) = prod_j P(G <= h + j))', (bound) => {
    const cdf = drawsCdf(bound);
    const G = (v: number) => (v >= bound ? 1 : v < -bound ? 0 : cdf[v + bound]);
    for (let h = -bound; h <= bound; h++) {
      let p = 1;
      for (let j = 0; j < 2 * bound; j++) p *= G(h + j);
      expect(p).toBeCloseTo((h + bound + 1) / (2 * bound + 1), 12);
    }
  });

  it('is the same for the same key, series and running total, and differs with another key or series', () => {
    const a = new SeriesNoise(KEY, 'crime|BLABY|HATE_CRIME|recorded');
    const again = new SeriesNoise(KEY, 'crime|BLABY|HATE_CRIME|recorded');
    const otherKey = new SeriesNoise(OTHER_KEY, 'crime|BLABY|HATE_CRIME|recorded');
    const otherSeries = new SeriesNoise(KEY, 'crime|BLABY|SEXUAL_OFFENCES|recorded');
    const values = (n: SeriesNoise) => Array.from({ length: 200 }, (_, c) => n.at(c));
    expect(values(again)).toEqual(values(a));
    expect(values(otherKey)).not.toEqual(values(a));
    expect(values(otherSeries)).not.toEqual(values(a));
  });

  it('never falls by more than 1 from one running total to the next, and stays within -B..B', () => {
    for (const bound of [1, 2, 3]) {
      const n = new SeriesNoise(KEY, `s${bound}`, bound);
      for (let c = 0; c < 1000; c++) {
        expect(Math.abs(n.at(c))).toBeLessThanOrEqual(bound);
        expect(n.at(c + 1)).toBeGreaterThanOrEqual(n.at(c) - 1);
      }
    }
  });
});

describe('monthly noise', () => {
  it('keeps months without records at 0, keeps every count 0 or more, and moves a count by at most 2B', () => {
    const counts = [0, 3, 0, 0, 1, 2, 0, 4, 1, 0, 250, 0, 1];
    for (let s = 0; s < 300; s++) {
      const noise = monthlyNoise(new SeriesNoise(KEY, `series ${s}`), counts);
      counts.forEach((x, i) => {
        const shown = x + noise[i];
        if (x === 0) expect(shown).toBe(0);
        expect(shown).toBeGreaterThanOrEqual(0);
        expect(Math.abs(noise[i])).toBeLessThanOrEqual(4);
      });
    }
  });

  it('is additive: any run of months carries the difference of two running-total noises, at most 2B', () => {
    const counts = [5, 1, 0, 7, 2, 3, 0, 1, 9, 4, 2, 1];
    const n = new SeriesNoise(KEY, 'additive');
    const noise = monthlyNoise(n, counts);
    const total = (k: number) => counts.slice(0, k).reduce((a, b) => a + b, 0);
    for (let a = 0; a < counts.length; a++) {
      for (let b = a; b < counts.length; b++) {
        const sum = noise.slice(a, b + 1).reduce((x, y) => x + y, 0);
        expect(sum).toBe(n.at(total(b + 1)) - n.at(total(a)));
        expect(Math.abs(sum)).toBeLessThanOrEqual(4);
      }
    }
  });

  it('shows a small count as itself about one time in five, and is zero-mean', () => {
    for (let x = 1; x <= 4; x++) {
      let same = 0;
      let sum = 0;
      const trials = 4000;
      for (let s = 0; s < trials; s++) {
        const before = 17 + (s % 50);
        const noise = monthlyNoise(new SeriesNoise(KEY, `freq ${x} ${s}`), [before, x]);
        if (x + noise[1] === x) same++;
        sum += noise[1];
      }
      expect(same / trials).toBeGreaterThan(0.15);
      expect(same / trials).toBeLessThan(0.25);
      expect(Math.abs(sum / trials)).toBeLessThan(0.1);
    }
  });
});

describe('perturbed series', () => {
  const months = [201304, 201305, 201306, 201307];
  const sexual = { months, recorded: [2, 0, 1, 3], outcomes: [1, 0, 0, 1] };
  const allCrime = { months, recorded: [120, 98, 131, 110], outcomes: [30, 25, 33, 29] };
  const source = (tag: string) => ({
    series: sexual,
    recorded: new SeriesNoise(KEY, `${tag}|recorded`),
    outcomes: new SeriesNoise(KEY, `${tag}|outcomes`),
  });

  it(`a category carries exactly the noise of the sensitive category it holds: all crime minus the rest is the \
perturbed sexual offences`, () => {
    const so = perturbSeries(sexual, [source('so')]);
    const all = perturbSeries(allCrime, [source('so')]);
    months.forEach((_, i) => {
      const rest = allCrime.recorded[i] - sexual.recorded[i];
      expect(all.recorded[i] - rest).toBe(so.recorded[i]);
      expect(all.outcomes[i] - (allCrime.outcomes[i] - sexual.outcomes[i])).toBe(so.outcomes[i]);
    });
    expect(so.recorded[1]).toBe(0);
    expect(so.recorded.every((r) => r >= 0)).toBe(true);
    // The input is not changed.
    expect(sexual.recorded).toEqual([2, 0, 1, 3]);
  });
});

describe('perturbed survey answers', () => {
  it('respondents are the perturbed satisfied plus the perturbed not satisfied; each 0 or more', () => {
    const history = {
      months: [201301, 201301, 201302, 201302, 201303, 201303],
      aspects: ['ACTIONS', 'WHOLE_EXPERIENCE', 'ACTIONS', 'WHOLE_EXPERIENCE', 'ACTIONS', 'WHOLE_EXPERIENCE'],
      respondents: [3, 3, 0, 0, 4, 4],
      satisfied: [2, 3, 0, 0, 4, 1],
    };
    for (let s = 0; s < 100; s++) {
      const out = perturbSurvey(history, (aspect, what) => new SeriesNoise(KEY, `${s}|${aspect}|${what}`));
      out.respondents.forEach((r, i) => {
        expect(out.satisfied[i]).toBeGreaterThanOrEqual(0);
        expect(out.satisfied[i]).toBeLessThanOrEqual(r);
        if (history.respondents[i] === 0) expect(r).toBe(0);
      });
    }
  });
});

describe('the disclosure key (DISCLOSURE_KEY)', () => {
  it(`is the configured secret; unset in production with a configured store it stops the server; \
too short is refused`, () => {
    expect(disclosureKey({ DISCLOSURE_KEY: 'a-configured-disclosure-key' }).toString()).toBe(
      'a-configured-disclosure-key',
    );
    expect(() => disclosureKey({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/x' })).toThrow(
      /DISCLOSURE_KEY must be set in production/,
    );
    expect(() => disclosureKey({ NODE_ENV: 'production', PGLITE_DATA_DIR: '/var/lib/x' })).toThrow(
      /DISCLOSURE_KEY must be set in production/,
    );
    expect(() => disclosureKey({ DISCLOSURE_KEY: 'short' })).toThrow(/at least 16 characters/);
  });

  it('unset outside production: a random key for the process, the same on every read, with a warning', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const first = disclosureKey({});
      expect(first.length).toBe(32);
      expect(disclosureKey({}).equals(first)).toBe(true);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });
});
