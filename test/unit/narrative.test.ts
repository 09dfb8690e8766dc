import { monthName, narrative, subjectName, type NarrativeFigures } from '../../src/performance/narrative';

const domesticBurglary: NarrativeFigures = {
  recorded: 2666,
  previousRecorded: 2762,
  change: -96,
  percentChange: -3.4757,
  targetReduction: 13,
  gapToTarget: 263.06,
  outcomeRate: 16.804,
  previousOutcomeRate: 29.9,
  targetOutcomeRate: 25,
  outcomesRequired: 219,
};
const force = { name: 'Leicestershire Police', level: 'FORCE' };

describe('narrative', () => {
  it("writes the report's domestic burglary sentences from the figures", () => {
    const text = narrative({
      area: force,
      categoryName: 'Domestic burglary',
      figures: domesticBurglary,
      underInvestigation: 522,
      trend: 'RISING',
      peer: { band: 'SIMILAR', groupName: 'MSG', months: 3, to: '2013-11' },
      children: [],
    });
    expect(text[0]).toBe(
      'The Force is currently reporting a 3.5% reduction in domestic burglary (96 fewer crimes than the same ' +
        'period last year), which is 263 crimes short of the 13% reduction target.',
    );
    expect(text).toContain('Recent months have seen a rising trend for recorded domestic burglary offences.');
    expect(text).toContain(
      'During the three month period ending November 2013, the Force recorded a similar crime rate to its MSG peers.',
    );
    expect(text).toContain('For the Force to achieve this target a further 219 outcomes are currently required.');
    expect(text).toContain('There are currently 522 domestic burglary crimes under investigation.');
    expect(
      text.some((s) =>
        s.startsWith(
          'The crime outcome rate for domestic burglary is currently 16.8%, which is below the target of 25%',
        ),
      ),
    ).toBe(true);
  });

  it('says "better than" the target when ahead, and "matching" when on the rate target', () => {
    const text = narrative({
      area: { name: 'City BCU', level: 'BCU' },
      categoryName: 'Violence with injury',
      figures: {
        ...domesticBurglary,
        gapToTarget: -12.4,
        outcomeRate: 50.0,
        targetOutcomeRate: 50,
        outcomesRequired: 0,
      },
      underInvestigation: null,
      trend: 'STABLE',
      peer: null,
      children: [],
    });
    expect(text[0]).toContain('City BCU is currently reporting');
    expect(text[0]).toContain('12 crimes better than the 13% reduction target');
    expect(text.some((s) => s.includes('matching the 50% target'))).toBe(true);
    expect(text.some((s) => s.includes('further'))).toBe(false);
    expect(text.some((s) => s.includes('trend'))).toBe(false);
  });

  it('describes the spread across LPUs from the lowest to the highest percent change', () => {
    const lpu = (
      name: string,
      change: number,
      previous: number,
    ): { area: { name: string; level: string }; figures: NarrativeFigures } => ({
      area: { name, level: 'LPU' },
      figures: {
        ...domesticBurglary,
        change,
        previousRecorded: previous,
        recorded: previous + change,
        percentChange: (change / previous) * 100,
        gapToTarget: null,
      },
    });
    const text = narrative({
      area: force,
      categoryName: 'Domestic burglary',
      figures: domesticBurglary,
      underInvestigation: null,
      trend: null,
      peer: null,
      children: [
        lpu('Blaby', -86, 323),
        lpu('Hinckley & Bosworth', 94, 198),
        lpu('Charnwood', 3, 300),
        lpu('Melton & Rutland', -2, 100),
      ],
    });
    expect(text).toContain(
      "Figures vary across LPU's from a 26.6% reduction (86 crimes) on Blaby LPU, " +
        'to a 47.5% increase (94 crimes) on Hinckley & Bosworth LPU.',
    );
  });

  it('says when nothing was recorded', () => {
    const none = {
      ...domesticBurglary,
      recorded: 0,
      previousRecorded: 0,
      change: 0,
      percentChange: null,
      gapToTarget: null,
      outcomeRate: null,
    };
    expect(
      narrative({
        area: { name: 'Blaby', level: 'LPU' },
        categoryName: 'Homicide',
        figures: none,
        underInvestigation: null,
        trend: null,
        peer: null,
        children: [],
      }),
    ).toEqual(['No homicide was recorded for Blaby LPU in this period or the same period last year.']);
  });

  it('names subjects and months as the report does', () => {
    expect(subjectName(force)).toBe('The Force');
    expect(subjectName({ name: 'City BCU', level: 'BCU' })).toBe('City BCU');
    expect(subjectName({ name: 'Blaby', level: 'LPU' })).toBe('Blaby LPU');
    expect(monthName('2013-09')).toBe('September 2013');
  });
});

describe('narrative wording', () => {
  it('never writes "crime crimes"', () => {
    const text = narrative({
      area: force,
      categoryName: 'All crime',
      figures: domesticBurglary,
      underInvestigation: 5613,
      trend: null,
      peer: null,
      children: [],
    });
    expect(text).toContain('There are currently 5,613 crimes (all crime) under investigation.');
  });
});
