import {
  classificationRank,
  classify,
  DEFAULT_TOLERANCE_POINTS,
  Harm,
  lowerHarm,
  Measure,
  shortfallPoints,
  toleranceFor,
} from '../../src/calc/classification';

describe('shortfallPoints', () => {
  it('recorded crime: a 3.5% reduction against a 13% reduction target is 9.5 points short', () => {
    expect(shortfallPoints('RECORDED_CRIME', -3.5, -13)).toBeCloseTo(9.5, 12);
  });
  it('recorded crime: theft of motor vehicle +4.6% against -10 is 14.6 points', () => {
    expect(shortfallPoints('RECORDED_CRIME', 4.6, -10)).toBeCloseTo(14.6, 12);
  });
  it('recorded crime ahead of target is negative', () => {
    expect(shortfallPoints('RECORDED_CRIME', -15, -13)).toBe(-2);
  });
  it('outcome rate: 16.8% against 25% is 8.2 points short', () => {
    expect(shortfallPoints('OUTCOME_RATE', 16.8, 25)).toBeCloseTo(8.2, 12);
  });
  it('satisfaction: violent 78.6% against 82% is 3.4 points short; vehicle 87.4% against 85% is ahead', () => {
    expect(shortfallPoints('SATISFACTION', 78.6, 82)).toBeCloseTo(3.4, 12);
    expect(shortfallPoints('SATISFACTION', 87.4, 85)).toBeCloseTo(-2.4, 12);
  });
  it('target met exactly is 0 points', () => {
    expect(shortfallPoints('OUTCOME_RATE', 50, 50)).toBe(0);
    expect(shortfallPoints('RECORDED_CRIME', -13, -13)).toBe(0);
  });
  it('null without a target or an actual figure', () => {
    expect(shortfallPoints('RECORDED_CRIME', 4.6, null)).toBeNull();
    expect(shortfallPoints('OUTCOME_RATE', null, 25)).toBeNull();
  });
});

describe('classify reproduces the report', () => {
  const rows: [string, Harm, Measure, number, number, boolean, Harm][] = [
    ['burglary recorded crime', 'HIGH', 'RECORDED_CRIME', -3.5, -13, false, 'HIGH'],
    ['burglary outcomes', 'HIGH', 'OUTCOME_RATE', 16.8, 25, false, 'HIGH'],
    ['theft of motor vehicle recorded crime', 'MEDIUM', 'RECORDED_CRIME', 4.6, -10, false, 'MEDIUM'],
    ['theft of motor vehicle outcomes', 'MEDIUM', 'OUTCOME_RATE', 22.2, 23, false, 'LOW'],
    ['theft from motor vehicle recorded crime', 'MEDIUM', 'RECORDED_CRIME', 8.0, -14, false, 'MEDIUM'],
    ['theft from motor vehicle outcomes', 'MEDIUM', 'OUTCOME_RATE', 8.0, 9, false, 'LOW'],
    ['violence with injury recorded crime', 'HIGH', 'RECORDED_CRIME', 12.8, -2, false, 'HIGH'],
    ['violence with injury outcomes', 'HIGH', 'OUTCOME_RATE', 50, 50, true, 'MEDIUM'],
  ];
  it.each(rows)('%s: %s harm -> %s', (_name, harm, measure, actual, target, met, expected) => {
    expect(classify({ harm, met, shortfallPoints: shortfallPoints(measure, actual, target) })).toBe(expected);
  });
});

describe('classify', () => {
  it('met lowers one level only', () => {
    expect(classify({ harm: 'HIGH', met: true, shortfallPoints: -20 })).toBe('MEDIUM');
    expect(classify({ harm: 'MEDIUM', met: true, shortfallPoints: -20 })).toBe('LOW');
  });
  it('never goes below LOW', () => {
    expect(classify({ harm: 'LOW', met: true, shortfallPoints: -5 })).toBe('LOW');
    expect(classify({ harm: 'LOW', met: false, shortfallPoints: 9 })).toBe('LOW');
  });
  it('a shortfall exactly at the tolerance lowers; just beyond does not', () => {
    expect(classify({ harm: 'HIGH', met: false, shortfallPoints: 1 })).toBe('MEDIUM');
    expect(classify({ harm: 'HIGH', met: false, shortfallPoints: shortfallPoints('OUTCOME_RATE', 84.9, 85.9) })).toBe(
      'MEDIUM',
    );
    expect(classify({ harm: 'HIGH', met: false, shortfallPoints: 1.01 })).toBe('HIGH');
  });
  it('met with no shortfall figure still lowers', () => {
    expect(classify({ harm: 'HIGH', met: true, shortfallPoints: null })).toBe('MEDIUM');
  });
  it('no target keeps the harm level', () => {
    expect(classify({ harm: 'HIGH', met: null, shortfallPoints: null })).toBe('HIGH');
    expect(classify({ harm: 'MEDIUM', met: null, shortfallPoints: null })).toBe('MEDIUM');
  });
  it('the tolerance is configurable', () => {
    expect(classify({ harm: 'HIGH', met: false, shortfallPoints: 9.5, tolerancePoints: 10 })).toBe('MEDIUM');
    expect(classify({ harm: 'MEDIUM', met: false, shortfallPoints: 0.8, tolerancePoints: 0.5 })).toBe('MEDIUM');
    expect(classify({ harm: 'MEDIUM', met: false, shortfallPoints: 0.8, tolerancePoints: 0 })).toBe('MEDIUM');
    expect(classify({ harm: 'MEDIUM', met: false, shortfallPoints: 0, tolerancePoints: 0 })).toBe('LOW');
  });
  it('a per-harm tolerance overrides the general one for that harm only', () => {
    const options = { tolerancePoints: 1, toleranceByHarm: { HIGH: 0 } };
    expect(classify({ harm: 'HIGH', met: false, shortfallPoints: 0.5, ...options })).toBe('HIGH');
    expect(classify({ harm: 'MEDIUM', met: false, shortfallPoints: 0.5, ...options })).toBe('LOW');
  });
});

describe('toleranceFor, lowerHarm, classificationRank', () => {
  it('toleranceFor falls back from per-harm to general to the default', () => {
    expect(DEFAULT_TOLERANCE_POINTS).toBe(1);
    expect(toleranceFor('HIGH')).toBe(1);
    expect(toleranceFor('HIGH', { tolerancePoints: 2 })).toBe(2);
    expect(toleranceFor('HIGH', { tolerancePoints: 2, toleranceByHarm: { HIGH: 0.5 } })).toBe(0.5);
    expect(toleranceFor('LOW', { tolerancePoints: 2, toleranceByHarm: { HIGH: 0.5 } })).toBe(2);
  });
  it('lowerHarm', () => {
    expect(lowerHarm('HIGH')).toBe('MEDIUM');
    expect(lowerHarm('MEDIUM')).toBe('LOW');
    expect(lowerHarm('LOW')).toBe('LOW');
  });
  it('classificationRank orders HIGH first', () => {
    expect(classificationRank('HIGH')).toBe(0);
    expect(classificationRank('MEDIUM')).toBe(1);
    expect(classificationRank('LOW')).toBe(2);
    const sorted = (['LOW', 'HIGH', 'MEDIUM', 'HIGH'] as Harm[]).sort(
      (a, b) => classificationRank(a) - classificationRank(b),
    );
    expect(sorted).toEqual(['HIGH', 'HIGH', 'MEDIUM', 'LOW']);
  });
});
