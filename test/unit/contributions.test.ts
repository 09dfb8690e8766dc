import { contributions } from '../../src/calc/contributions';

describe('contributions', () => {
  // The report's all crime rise of 1,141, by category (the rest of crime is what is left over).
  const parts = [
    { key: 'DOMESTIC_BURGLARY', current: 2671, previous: 2768 },
    { key: 'SHOPLIFTING', current: 4309, previous: 3624 },
    { key: 'CYCLE_THEFT', current: 1840, previous: 1507 },
    { key: 'VIOLENCE_WITH_INJURY', current: 3305, previous: 2930 },
    { key: 'SEXUAL_OFFENCES', current: 789, previous: 643 },
    { key: 'THEFT_FROM_MOTOR_VEHICLE', current: 3807, previous: 3525 },
    { key: 'THEFT_FROM_THE_PERSON', current: 1076, previous: 806 },
    { key: 'BURGLARY_OTHER_THAN_DWELLING', current: 2727, previous: 2311 },
    { key: 'OTHER', current: 21367, previous: 22636 },
  ];

  it('changes add up to the total and shares to 100', () => {
    const rows = contributions(parts);
    expect(rows.reduce((s, r) => s + r.change, 0)).toBe(1141);
    expect(rows.reduce((s, r) => s + (r.shareOfChange as number), 0)).toBeCloseTo(100, 10);
  });

  it('shoplifting leads a rise: +685, 18.9%, 60.0% of the change', () => {
    const [first] = contributions(parts);
    expect(first.key).toBe('SHOPLIFTING');
    expect(first.change).toBe(685);
    expect(first.percentChange).toBeCloseTo(18.9, 1);
    expect(first.shareOfChange).toBeCloseTo((685 / 1141) * 100, 10);
  });

  it('sorts the largest contributors to a rise first, falls last', () => {
    expect(contributions(parts).map((r) => r.change)).toEqual([685, 416, 375, 333, 282, 270, 146, -97, -1269]);
  });

  it('parts moving against the total get negative shares', () => {
    const rows = contributions(parts);
    const burglary = rows.find((r) => r.key === 'DOMESTIC_BURGLARY')!;
    expect(burglary.shareOfChange).toBeCloseTo((-97 / 1141) * 100, 10);
    expect(burglary.shareOfChange!).toBeLessThan(0);
  });

  it('sorts the largest falls first when the total fell', () => {
    const rows = contributions([
      { key: 'CITY', current: 1000, previous: 1076 },
      { key: 'COUNTIES', current: 1671, previous: 1692 },
      { key: 'RUTLAND', current: 50, previous: 40 },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['CITY', 'COUNTIES', 'RUTLAND']);
    expect(rows.map((r) => r.change)).toEqual([-76, -21, 10]);
    expect(rows[0].shareOfChange).toBeCloseTo((76 / 87) * 100, 10);
    expect(rows[2].shareOfChange).toBeCloseTo((-10 / 87) * 100, 10);
  });

  it('a total change of 0 gives null shares and sorts by size of change', () => {
    const rows = contributions([
      { key: 'A', current: 10, previous: 15 },
      { key: 'B', current: 20, previous: 12 },
      { key: 'C', current: 5, previous: 8 },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['B', 'A', 'C']);
    expect(rows.every((r) => r.shareOfChange === null)).toBe(true);
  });

  it('a zero comparison count gives a null percent change but a share', () => {
    const rows = contributions([
      { key: 'NEW', current: 5, previous: 0 },
      { key: 'OLD', current: 10, previous: 10 },
    ]);
    expect(rows[0]).toMatchObject({ key: 'NEW', change: 5, percentChange: null, shareOfChange: 100 });
    expect(rows[1]).toMatchObject({ key: 'OLD', change: 0, percentChange: 0, shareOfChange: 0 });
  });

  it('ties are ordered by key', () => {
    const rows = contributions([
      { key: 'B', current: 2, previous: 1 },
      { key: 'A', current: 2, previous: 1 },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['A', 'B']);
  });

  it('keeps extra fields and does not modify its input', () => {
    const input = [{ key: 'X', current: 3, previous: 1, name: 'Example' }];
    const rows = contributions(input);
    expect(rows[0].name).toBe('Example');
    expect(input[0]).toEqual({ key: 'X', current: 3, previous: 1, name: 'Example' });
  });

  it('no parts gives no rows', () => {
    expect(contributions([])).toEqual([]);
  });
});
