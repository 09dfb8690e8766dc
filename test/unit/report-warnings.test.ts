import { unclaimedWarnings, warningsAt, type Warning } from '../../web/src/warnings';

const clipped: Warning = {
  code: 'PERIOD_CLIPPED',
  message: 'Clipped to 2013-11.',
  path: ['dashboard', 'scorecard', 2, 'performance', 'percentChange'],
};
const other: Warning = { code: 'PERIOD_CLIPPED', message: 'Clipped.', path: ['dashboard', 'scorecard', 12, 'actual'] };
const league: Warning = { code: 'NO_POPULATION', message: 'No population.', path: ['league', 3, 'crimeRatePer1000'] };
const whole: Warning = { code: 'STALE', message: 'Whole answer.' };

describe('the report page places caveats beside the figures they concern', () => {
  it('matches a warning to the block at its path or above it, index by index', () => {
    const all = [clipped, other, league, whole];
    expect(warningsAt(all, ['dashboard', 'scorecard', 2])).toEqual([clipped]);
    expect(warningsAt(all, ['dashboard', 'scorecard', 2, 'performance'])).toEqual([clipped]);
    expect(warningsAt(all, ['dashboard', 'scorecard', 1])).toEqual([]); // 1 is not a prefix of 12
    expect(warningsAt(all, ['dashboard', 'scorecard'])).toEqual([clipped, other]);
    expect(warningsAt(all, ['dashboard', 'scorecard', 2, 'performance', 'percentChange', 'x'])).toEqual([]);
  });

  it('leaves the rest, and warnings without a path, for the notes', () => {
    expect(unclaimedWarnings([clipped, other, league, whole], [['dashboard', 'scorecard']])).toEqual([league, whole]);
    expect(unclaimedWarnings([clipped, league], [['dashboard'], ['league']])).toEqual([]);
  });
});
