/**
 * The report's figures, as acceptance data (docs/domain.md): every figure the Leicestershire
 * Police and Crime Plan performance report states for 2013-14 year to date as of November 2013
 * (April to November 2013 against April to November 2012), asked of the seeded server over
 * HTTP with real GraphQL documents, one test per figure, grouped by the report's sections.
 *
 * Each figure is checked as the report writes it: percentages rounded half-up to one decimal
 * must equal the report's; counts must be within 2 of the report's (the report rounds before it
 * sums, so a few of its counts pull against each other); bands, directions and classifications
 * exactly. Satisfaction is the rolling 12 months to 2013-11.
 */
import { startTestServer, dataOf, type TestServer } from '../support/harness';

const FORCE = 'LEICESTERSHIRE';
const PLAN = 'LEICESTERSHIRE-2013-14';
const AS_OF = '2013-11';
/** 2013-14 year to date as of 2013-11; the comparison period is the same months of 2012-13. */
const YEAR_TO_DATE = { financialYear: '2013-14', asOf: AS_OF };
/** The report allows counts to differ by this much (it rounds before it sums). */
const COUNT_TOLERANCE = 2;

/** Half-up to one decimal, as the report rounds (away from zero for negative figures: -3.48 -> -3.5). */
function round1(x: number | null | undefined): number | null {
  if (x === null || x === undefined) return null;
  return (Math.sign(x) * Math.round(Math.abs(x) * 10 + 1e-9)) / 10 || 0;
}

/** A count as the report states it: rounded, within COUNT_TOLERANCE of the report's figure. */
function expectCount(value: number | null | undefined, report: number): void {
  expect(value).not.toBeNull();
  expect(Math.abs(Math.round(value as number) - report)).toBeLessThanOrEqual(COUNT_TOLERANCE);
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

/** Each distinct request once per suite: many tests read figures of the same response. */
const responses = new Map<string, Promise<any>>();
function ask(query: string, variables: Record<string, unknown>): Promise<any> {
  const key = JSON.stringify([query, variables]);
  if (!responses.has(key)) responses.set(key, server.gql(query, variables).then(dataOf));
  return responses.get(key)!;
}

const PERFORMANCE = /* GraphQL */ `
  query Figures($area: String!, $category: String!, $period: PeriodInput!) {
    performance(area: $area, category: $category, period: $period) {
      recorded
      previousRecorded
      change
      percentChange
      targetReduction
      targetLevel
      gapToTarget
      targetMet
      outcomes
      previousOutcomes
      outcomeRate
      previousOutcomeRate
      targetOutcomeRate
      outcomesRequired
      outcomeTargetMet
      underInvestigation
      trend {
        direction
        relativeChange
      }
      narrative
    }
  }
`;

interface Figures {
  recorded: number;
  previousRecorded: number;
  change: number;
  percentChange: number | null;
  targetReduction: number | null;
  targetLevel: number | null;
  gapToTarget: number | null;
  targetMet: boolean | null;
  outcomes: number;
  previousOutcomes: number;
  outcomeRate: number | null;
  previousOutcomeRate: number | null;
  targetOutcomeRate: number | null;
  outcomesRequired: number | null;
  outcomeTargetMet: boolean | null;
  underInvestigation: number | null;
  trend: { direction: string; relativeChange: number | null };
  narrative: string[];
}

/** The common figures of one area and category for 2013-14 year to date as of 2013-11. */
async function perf(area: string, category: string): Promise<Figures> {
  return (await ask(PERFORMANCE, { area, category, period: YEAR_TO_DATE })).performance;
}

const PEER = /* GraphQL */ `
  query Peer($category: String!, $period: PeriodInput!, $months: Int!) {
    performance(area: "LEICESTERSHIRE", category: $category, period: $period) {
      peerComparison(months: $months) {
        band
        rate
        peerMean
        peerStdDev
        period {
          from
          to
        }
      }
    }
  }
`;

/** The force's MSG peer comparison over the `months` ending at `asOf`. */
async function peer(category: string, asOf: string, months = 3) {
  return (await ask(PEER, { category, period: { financialYear: '2013-14', asOf }, months })).performance.peerComparison;
}

const LPU_ORDER = /* GraphQL */ `
  query LpuOrder($category: String!, $period: PeriodInput!, $orderBy: PerformanceOrder!, $direction: SortDirection!) {
    performance(area: "LEICESTERSHIRE", category: $category, period: $period) {
      children {
        area {
          code
        }
        children(orderBy: $orderBy, direction: $direction) {
          area {
            code
          }
          change
          percentChange
        }
      }
    }
  }
`;

interface LpuRow {
  area: { code: string };
  change: number;
  percentChange: number | null;
}

/**
 * The LPU first among all LPUs in an order: each BCU's LPUs come ordered by `children`, so
 * the leader is the best of the BCUs' first rows. Also checks each BCU's list is in order.
 */
async function lpuLeader(
  category: string,
  orderBy: 'CHANGE' | 'PERCENT_CHANGE',
  direction: 'ASC' | 'DESC',
): Promise<LpuRow> {
  const data = await ask(LPU_ORDER, { category, period: YEAR_TO_DATE, orderBy, direction });
  const value = (row: LpuRow) => (orderBy === 'CHANGE' ? row.change : (row.percentChange as number));
  const better = (a: number, b: number) => (direction === 'DESC' ? a > b : a < b);
  const heads: LpuRow[] = [];
  for (const bcu of data.performance.children as { children: LpuRow[] }[]) {
    const values = bcu.children.map(value);
    for (let i = 1; i < values.length; i++) expect(better(values[i], values[i - 1])).toBe(false);
    heads.push(bcu.children[0]);
  }
  return heads.reduce((best, row) => (better(value(row), value(best)) ? row : best));
}

const SATISFACTION = /* GraphQL */ `
  query Satisfaction($survey: Survey!, $asOf: String!) {
    satisfaction(area: "LEICESTERSHIRE", survey: $survey, asOf: $asOf) {
      rate
      target
      targetMet
      aspects {
        aspect
        rate
      }
    }
  }
`;

/** Rolling 12 months to 2013-11 for a survey; `aspect(name)` is that aspect's rate. */
async function satisfaction(survey: string) {
  const s = (await ask(SATISFACTION, { survey, asOf: AS_OF })).satisfaction as {
    rate: number | null;
    target: number | null;
    targetMet: boolean | null;
    aspects: { aspect: string; rate: number | null }[];
  };
  return { ...s, aspect: (name: string) => s.aspects.find((a) => a.aspect === name)?.rate ?? null };
}

const SCORECARD = /* GraphQL */ `
  query Scorecard($plan: String!, $area: String!, $asOf: String!) {
    scorecard(plan: $plan, area: $area, asOf: $asOf) {
      objective {
        measure
        category {
          code
        }
        survey
      }
      classification
    }
  }
`;

/** The Overall Classification of one objective on the emergent scorecard. */
async function classification(measure: 'RECORDED_CRIME' | 'OUTCOME_RATE', category: string): Promise<string> {
  const rows = (await ask(SCORECARD, { plan: PLAN, area: FORCE, asOf: AS_OF })).scorecard as {
    objective: { measure: string; category: { code: string } | null };
    classification: string;
  }[];
  const row = rows.find((r) => r.objective.measure === measure && r.objective.category?.code === category);
  expect(row).toBeDefined();
  return row!.classification;
}

describe('All Crime', () => {
  describe('recorded crime', () => {
    it('the Force stands at a 2.8% increase', async () => {
      expect(round1((await perf(FORCE, 'ALL_CRIME')).percentChange)).toBe(2.8);
    });
    it('1,141 more crimes than in the previous year', async () => {
      expectCount((await perf(FORCE, 'ALL_CRIME')).change, 1141);
    });
    it('nearly 3,200 crimes above the target level of a 5% reduction', async () => {
      const p = await perf(FORCE, 'ALL_CRIME');
      expect(p.targetReduction).toBe(5);
      expectCount(p.gapToTarget, 3200);
    });
    it('shoplifting 18.9% above last year', async () => {
      expect(round1((await perf(FORCE, 'SHOPLIFTING')).percentChange)).toBe(18.9);
    });
    it('shoplifting 685 crimes above last year', async () => {
      expectCount((await perf(FORCE, 'SHOPLIFTING')).change, 685);
    });
    it('cycle theft increase of 22.1%', async () => {
      expect(round1((await perf(FORCE, 'BICYCLE_THEFT')).percentChange)).toBe(22.1);
    });
    it('cycle theft increase of 333 crimes', async () => {
      expectCount((await perf(FORCE, 'BICYCLE_THEFT')).change, 333);
    });
    it('violence with injury increase of 12.8%', async () => {
      expect(round1((await perf(FORCE, 'VIOLENCE_WITH_INJURY')).percentChange)).toBe(12.8);
    });
    it('violence with injury increase of 375 crimes', async () => {
      expectCount((await perf(FORCE, 'VIOLENCE_WITH_INJURY')).change, 375);
    });
    it('sexual offences increase of 22.7%', async () => {
      expect(round1((await perf(FORCE, 'SEXUAL_OFFENCES')).percentChange)).toBe(22.7);
    });
    it('sexual offences increase of 146 crimes', async () => {
      expectCount((await perf(FORCE, 'SEXUAL_OFFENCES')).change, 146);
    });
    it('theft from motor vehicle increase of 8.0%', async () => {
      expect(round1((await perf(FORCE, 'THEFT_FROM_MOTOR_VEHICLE')).percentChange)).toBe(8.0);
    });
    it('theft from motor vehicle increase of 282 crimes', async () => {
      expectCount((await perf(FORCE, 'THEFT_FROM_MOTOR_VEHICLE')).change, 282);
    });
    it('theft from the person increase of 33.5%', async () => {
      expect(round1((await perf(FORCE, 'THEFT_FROM_THE_PERSON')).percentChange)).toBe(33.5);
    });
    it('theft from the person increase of 270 crimes', async () => {
      expectCount((await perf(FORCE, 'THEFT_FROM_THE_PERSON')).change, 270);
    });
    it('burglary other than dwelling increase of 18.0%', async () => {
      expect(round1((await perf(FORCE, 'BURGLARY_OTHER_THAN_DWELLING')).percentChange)).toBe(18.0);
    });
    it('burglary other than dwelling increase of 416 crimes', async () => {
      expectCount((await perf(FORCE, 'BURGLARY_OTHER_THAN_DWELLING')).change, 416);
    });
    it('City BCU 2.0% above last year', async () => {
      expect(round1((await perf('CITY', 'ALL_CRIME')).percentChange)).toBe(2.0);
    });
    it('City BCU 397 crimes above last year', async () => {
      expectCount((await perf('CITY', 'ALL_CRIME')).change, 397);
    });
    it('Counties BCU 3.5% above last year', async () => {
      expect(round1((await perf('COUNTIES', 'ALL_CRIME')).percentChange)).toBe(3.5);
    });
    it('Counties BCU 744 crimes above last year', async () => {
      expectCount((await perf('COUNTIES', 'ALL_CRIME')).change, 744);
    });
  });

  describe('crime outcomes', () => {
    it('the outcome rate for all crime stands at 27.4%', async () => {
      expect(round1((await perf(FORCE, 'ALL_CRIME')).outcomeRate)).toBe(27.4);
    });
    it('a rate of 33.2% in the equivalent period last year', async () => {
      expect(round1((await perf(FORCE, 'ALL_CRIME')).previousOutcomeRate)).toBe(33.2);
    });
    it('2,098 outcomes fewer than the equivalent period last year', async () => {
      const p = await perf(FORCE, 'ALL_CRIME');
      expectCount(p.previousOutcomes - p.outcomes, 2098);
    });
  });

  describe("'All Users' satisfaction, rolling 12 months", () => {
    it('overall satisfaction of 85.0%', async () => {
      expect(round1((await satisfaction('ALL_USERS')).rate)).toBe(85.0);
    });
    it('matching the 85% target', async () => {
      const s = await satisfaction('ALL_USERS');
      expect(s.target).toBe(85);
      expect(s.targetMet).toBe(true);
    });
    it('action 82.8%', async () => {
      expect(round1((await satisfaction('ALL_USERS')).aspect('ACTIONS'))).toBe(82.8);
    });
    it('follow-up 78.8%', async () => {
      expect(round1((await satisfaction('ALL_USERS')).aspect('FOLLOW_UP'))).toBe(78.8);
    });
  });
});

describe('Domestic Burglary', () => {
  describe('recorded crime', () => {
    it('a 3.5% reduction in domestic burglary', async () => {
      expect(round1((await perf(FORCE, 'DOMESTIC_BURGLARY')).percentChange)).toBe(-3.5);
    });
    it('263 crimes short of the 13% reduction target', async () => {
      const p = await perf(FORCE, 'DOMESTIC_BURGLARY');
      expect(p.targetReduction).toBe(13);
      expectCount(p.gapToTarget, 263);
    });
    it('the narrative opens with the reduction and the shortfall against the target', async () => {
      const [first] = (await perf(FORCE, 'DOMESTIC_BURGLARY')).narrative;
      expect(first).toContain('3.5% reduction');
      expect(first).toContain('263 crimes short of the 13% reduction target');
    });
    it('recent months have seen a rising trend', async () => {
      expect((await perf(FORCE, 'DOMESTIC_BURGLARY')).trend.direction).toBe('RISING');
    });
    it('City BCU a reduction of 7.0%', async () => {
      expect(round1((await perf('CITY', 'DOMESTIC_BURGLARY')).percentChange)).toBe(-7.0);
    });
    it('City BCU 76 crimes short of the Force target rate', async () => {
      expectCount((await perf('CITY', 'DOMESTIC_BURGLARY')).gapToTarget, 76);
    });
    it('Counties BCU a reduction of 0.6%', async () => {
      expect(round1((await perf('COUNTIES', 'DOMESTIC_BURGLARY')).percentChange)).toBe(-0.6);
    });
    it('Counties BCU 188 crimes short of the Force target rate', async () => {
      expectCount((await perf('COUNTIES', 'DOMESTIC_BURGLARY')).gapToTarget, 188);
    });
    it('Blaby LPU has the greatest reduction of all LPUs', async () => {
      expect((await lpuLeader('DOMESTIC_BURGLARY', 'PERCENT_CHANGE', 'ASC')).area.code).toBe('BLABY');
    });
    it('Blaby LPU a 26.6% reduction', async () => {
      expect(round1((await perf('BLABY', 'DOMESTIC_BURGLARY')).percentChange)).toBe(-26.6);
    });
    it('Blaby LPU 86 crimes fewer', async () => {
      expectCount((await perf('BLABY', 'DOMESTIC_BURGLARY')).change, -86);
    });
    it('Hinckley LPU has the greatest increase of all LPUs', async () => {
      expect((await lpuLeader('DOMESTIC_BURGLARY', 'PERCENT_CHANGE', 'DESC')).area.code).toBe('HINCKLEY_BOSWORTH');
    });
    it('Hinckley LPU a 47.5% increase', async () => {
      expect(round1((await perf('HINCKLEY_BOSWORTH', 'DOMESTIC_BURGLARY')).percentChange)).toBe(47.5);
    });
    it('Hinckley LPU 94 crimes more', async () => {
      expectCount((await perf('HINCKLEY_BOSWORTH', 'DOMESTIC_BURGLARY')).change, 94);
    });
    it('a similar crime rate to its MSG peers over the three months ending 30th November 2013', async () => {
      const p = await peer('DOMESTIC_BURGLARY', '2013-11');
      expect(p.period).toEqual({ from: '2013-09', to: '2013-11' });
      expect(p.band).toBe('SIMILAR');
    });
  });

  describe('crime outcomes', () => {
    it('the outcome rate is 16.8%', async () => {
      expect(round1((await perf(FORCE, 'DOMESTIC_BURGLARY')).outcomeRate)).toBe(16.8);
    });
    it('below the target of 25%', async () => {
      const p = await perf(FORCE, 'DOMESTIC_BURGLARY');
      expect(p.targetOutcomeRate).toBe(25);
      expect(p.outcomeTargetMet).toBe(false);
    });
    it('a further 219 outcomes are required', async () => {
      expectCount((await perf(FORCE, 'DOMESTIC_BURGLARY')).outcomesRequired, 219);
    });
    it('522 domestic burglaries under investigation', async () => {
      expectCount((await perf(FORCE, 'DOMESTIC_BURGLARY')).underInvestigation, 522);
    });
    it('City BCU outcome rate 16.4%', async () => {
      expect(round1((await perf('CITY', 'DOMESTIC_BURGLARY')).outcomeRate)).toBe(16.4);
    });
    it('Counties BCU outcome rate 17.1%', async () => {
      expect(round1((await perf('COUNTIES', 'DOMESTIC_BURGLARY')).outcomeRate)).toBe(17.1);
    });
  });

  describe('burglary satisfaction, rolling 12 months', () => {
    it('at or around 90%', async () => {
      expect(round1((await satisfaction('BURGLARY')).rate)).toBe(90.0);
    });
    it('against a target of 90%', async () => {
      expect((await satisfaction('BURGLARY')).target).toBe(90);
    });
  });
});

describe('Theft of Motor Vehicles', () => {
  describe('recorded crime', () => {
    it('4.6% above the same time in the previous year', async () => {
      expect(round1((await perf(FORCE, 'THEFT_OF_MOTOR_VEHICLE')).percentChange)).toBe(4.6);
    });
    it('34 more crimes', async () => {
      expectCount((await perf(FORCE, 'THEFT_OF_MOTOR_VEHICLE')).change, 34);
    });
    it('109 crimes off achieving the 10% reduction target level', async () => {
      const p = await perf(FORCE, 'THEFT_OF_MOTOR_VEHICLE');
      expect(p.targetReduction).toBe(10);
      expectCount(p.gapToTarget, 109);
    });
    it(`a crime rate that matched its MSG peer average for vehicle crime over the three months ending 30th \
November 2013`, async () => {
      const p = await peer('VEHICLE_CRIME', '2013-11');
      expect(p.period).toEqual({ from: '2013-09', to: '2013-11' });
      expect(p.band).toBe('SIMILAR');
    });
    it('Counties BCU a similar level to the previous year: a fall of 0.5% (the report prints "0.5%")', async () => {
      expect(round1((await perf('COUNTIES', 'THEFT_OF_MOTOR_VEHICLE')).percentChange)).toBe(-0.5);
    });
    it('City BCU an increase of 11.6%', async () => {
      expect(round1((await perf('CITY', 'THEFT_OF_MOTOR_VEHICLE')).percentChange)).toBe(11.6);
    });
    it('City BCU 36 crimes more', async () => {
      expectCount((await perf('CITY', 'THEFT_OF_MOTOR_VEHICLE')).change, 36);
    });
    it('Beaumont Leys LPU shows the largest numerical increase of all LPUs', async () => {
      expect((await lpuLeader('THEFT_OF_MOTOR_VEHICLE', 'CHANGE', 'DESC')).area.code).toBe('BEAUMONT_LEYS');
    });
    it('Beaumont Leys LPU 31 more crimes', async () => {
      expectCount((await lpuLeader('THEFT_OF_MOTOR_VEHICLE', 'CHANGE', 'DESC')).change, 31);
    });
    it('Beaumont Leys LPU 41.3% more crimes', async () => {
      expect(round1((await lpuLeader('THEFT_OF_MOTOR_VEHICLE', 'CHANGE', 'DESC')).percentChange)).toBe(41.3);
    });
    it('Harborough LPU shows the greatest percentage increase of all LPUs', async () => {
      expect((await lpuLeader('THEFT_OF_MOTOR_VEHICLE', 'PERCENT_CHANGE', 'DESC')).area.code).toBe('HARBOROUGH');
    });
    it('Harborough LPU an increase of 50.0%', async () => {
      expect(round1((await lpuLeader('THEFT_OF_MOTOR_VEHICLE', 'PERCENT_CHANGE', 'DESC')).percentChange)).toBe(50.0);
    });
    it('Harborough LPU 13 crimes more', async () => {
      expectCount((await lpuLeader('THEFT_OF_MOTOR_VEHICLE', 'PERCENT_CHANGE', 'DESC')).change, 13);
    });
    it('North West Leicestershire LPU shows the greatest numerical reduction of all LPUs', async () => {
      expect((await lpuLeader('THEFT_OF_MOTOR_VEHICLE', 'CHANGE', 'ASC')).area.code).toBe('NORTH_WEST_LEICESTERSHIRE');
    });
    it('North West Leicestershire LPU shows the greatest percentage reduction of all LPUs', async () => {
      expect((await lpuLeader('THEFT_OF_MOTOR_VEHICLE', 'PERCENT_CHANGE', 'ASC')).area.code).toBe(
        'NORTH_WEST_LEICESTERSHIRE',
      );
    });
    it('North West Leicestershire LPU 18 fewer crimes', async () => {
      expectCount((await perf('NORTH_WEST_LEICESTERSHIRE', 'THEFT_OF_MOTOR_VEHICLE')).change, -18);
    });
    it('North West Leicestershire LPU 25.7% fewer crimes', async () => {
      expect(round1((await perf('NORTH_WEST_LEICESTERSHIRE', 'THEFT_OF_MOTOR_VEHICLE')).percentChange)).toBe(-25.7);
    });
  });

  describe('crime outcomes', () => {
    it('the target for theft of motor vehicle crime outcomes is 23%', async () => {
      expect((await perf(FORCE, 'THEFT_OF_MOTOR_VEHICLE')).targetOutcomeRate).toBe(23);
    });
    it('the Force has an outcome rate of 22.2%', async () => {
      expect(round1((await perf(FORCE, 'THEFT_OF_MOTOR_VEHICLE')).outcomeRate)).toBe(22.2);
    });
    it('7 crime outcomes from the target rate', async () => {
      expectCount((await perf(FORCE, 'THEFT_OF_MOTOR_VEHICLE')).outcomesRequired, 7);
    });
    it('149 crimes under investigation', async () => {
      expectCount((await perf(FORCE, 'THEFT_OF_MOTOR_VEHICLE')).underInvestigation, 149);
    });
    it('City BCU outcome rate 26.0%', async () => {
      expect(round1((await perf('CITY', 'THEFT_OF_MOTOR_VEHICLE')).outcomeRate)).toBe(26.0);
    });
    it('Counties BCU outcome rate 19.1%', async () => {
      expect(round1((await perf('COUNTIES', 'THEFT_OF_MOTOR_VEHICLE')).outcomeRate)).toBe(19.1);
    });
  });
});

describe('Theft from Motor Vehicles', () => {
  describe('recorded crime', () => {
    it('8.0% above the same time in the previous year', async () => {
      expect(round1((await perf(FORCE, 'THEFT_FROM_MOTOR_VEHICLE')).percentChange)).toBe(8.0);
    });
    it('282 more offences', async () => {
      expectCount((await perf(FORCE, 'THEFT_FROM_MOTOR_VEHICLE')).change, 282);
    });
    it('775 offences above the target level of a 14% reduction', async () => {
      const p = await perf(FORCE, 'THEFT_FROM_MOTOR_VEHICLE');
      expect(p.targetReduction).toBe(14);
      expectCount(p.gapToTarget, 775);
    });
    it('a rising trend for recorded offences', async () => {
      expect((await perf(FORCE, 'THEFT_FROM_MOTOR_VEHICLE')).trend.direction).toBe('RISING');
    });
    it('City BCU an 8.9% increase', async () => {
      expect(round1((await perf('CITY', 'THEFT_FROM_MOTOR_VEHICLE')).percentChange)).toBe(8.9);
    });
    it('City BCU 124 crimes more', async () => {
      expectCount((await perf('CITY', 'THEFT_FROM_MOTOR_VEHICLE')).change, 124);
    });
    it('Counties BCU a 7.4% increase', async () => {
      expect(round1((await perf('COUNTIES', 'THEFT_FROM_MOTOR_VEHICLE')).percentChange)).toBe(7.4);
    });
    it('Counties BCU 158 crimes more', async () => {
      expectCount((await perf('COUNTIES', 'THEFT_FROM_MOTOR_VEHICLE')).change, 158);
    });
  });

  describe('crime outcomes', () => {
    it('an outcome rate of 8.0%', async () => {
      expect(round1((await perf(FORCE, 'THEFT_FROM_MOTOR_VEHICLE')).outcomeRate)).toBe(8.0);
    });
    it('a target level of 9%', async () => {
      expect((await perf(FORCE, 'THEFT_FROM_MOTOR_VEHICLE')).targetOutcomeRate).toBe(9);
    });
    it('a further 37 outcomes need to be achieved', async () => {
      expectCount((await perf(FORCE, 'THEFT_FROM_MOTOR_VEHICLE')).outcomesRequired, 37);
    });
    it('City BCU at 11.4%', async () => {
      expect(round1((await perf('CITY', 'THEFT_FROM_MOTOR_VEHICLE')).outcomeRate)).toBe(11.4);
    });
    it('Counties BCU at 5.8%, below the Force target rate', async () => {
      const p = await perf('COUNTIES', 'THEFT_FROM_MOTOR_VEHICLE');
      expect(round1(p.outcomeRate)).toBe(5.8);
      expect(p.outcomeTargetMet).toBe(false);
    });
  });
});

describe('Overall Vehicle Crime: satisfaction, rolling 12 months', () => {
  it('the target for victims of vehicle crime is 85%', async () => {
    expect((await satisfaction('VEHICLE')).target).toBe(85);
  });
  it('exceeded at 87.4%', async () => {
    const s = await satisfaction('VEHICLE');
    expect(round1(s.rate)).toBe(87.4);
    expect(s.targetMet).toBe(true);
  });
  it('action 82.6%', async () => {
    expect(round1((await satisfaction('VEHICLE')).aspect('ACTIONS'))).toBe(82.6);
  });
  it('follow-up 78.0%', async () => {
    expect(round1((await satisfaction('VEHICLE')).aspect('FOLLOW_UP'))).toBe(78.0);
  });
});

describe('Violence With Injury', () => {
  describe('recorded crime', () => {
    it('a 12.8% increase in violence with injury', async () => {
      expect(round1((await perf(FORCE, 'VIOLENCE_WITH_INJURY')).percentChange)).toBe(12.8);
    });
    it('434 crimes short of the 2% reduction target', async () => {
      const p = await perf(FORCE, 'VIOLENCE_WITH_INJURY');
      expect(p.targetReduction).toBe(2);
      expectCount(p.gapToTarget, 434);
    });
    it('City BCU an increase of 12.4%', async () => {
      expect(round1((await perf('CITY', 'VIOLENCE_WITH_INJURY')).percentChange)).toBe(12.4);
    });
    it('City BCU 221 crimes short of the Force target rate', async () => {
      expectCount((await perf('CITY', 'VIOLENCE_WITH_INJURY')).gapToTarget, 221);
    });
    it('Counties BCU an increase of 13.1%', async () => {
      expect(round1((await perf('COUNTIES', 'VIOLENCE_WITH_INJURY')).percentChange)).toBe(13.1);
    });
    it('Counties BCU 214 crimes short of the Force target rate', async () => {
      expectCount((await perf('COUNTIES', 'VIOLENCE_WITH_INJURY')).gapToTarget, 214);
    });
    it('City Centre LPU has the greatest increase of all LPUs', async () => {
      expect((await lpuLeader('VIOLENCE_WITH_INJURY', 'PERCENT_CHANGE', 'DESC')).area.code).toBe('CITY_CENTRE');
    });
    it('City Centre LPU a 26.9% increase', async () => {
      expect(round1((await perf('CITY_CENTRE', 'VIOLENCE_WITH_INJURY')).percentChange)).toBe(26.9);
    });
    it('City Centre LPU 97 crimes more', async () => {
      expectCount((await perf('CITY_CENTRE', 'VIOLENCE_WITH_INJURY')).change, 97);
    });
    it('Charnwood LPU has the greatest reduction of all LPUs', async () => {
      expect((await lpuLeader('VIOLENCE_WITH_INJURY', 'PERCENT_CHANGE', 'ASC')).area.code).toBe('CHARNWOOD');
    });
    it('Charnwood LPU a 4.8% reduction', async () => {
      expect(round1((await perf('CHARNWOOD', 'VIOLENCE_WITH_INJURY')).percentChange)).toBe(-4.8);
    });
    it('Charnwood LPU 9 crimes fewer', async () => {
      expectCount((await perf('CHARNWOOD', 'VIOLENCE_WITH_INJURY')).change, -9);
    });
    it('a similar crime rate to its MSG peers over the three months ending 30th September 2013', async () => {
      const p = await peer('VIOLENCE_WITH_INJURY', '2013-09');
      expect(p.period).toEqual({ from: '2013-07', to: '2013-09' });
      expect(p.band).toBe('SIMILAR');
    });
  });

  describe('crime outcomes', () => {
    it('the outcome rate is at the target of 50%', async () => {
      const p = await perf(FORCE, 'VIOLENCE_WITH_INJURY');
      expect(round1(p.outcomeRate)).toBe(50.0);
      expect(p.targetOutcomeRate).toBe(50);
      expect(p.outcomeTargetMet).toBe(true);
    });
    it('City BCU outcome rate 51.8%', async () => {
      expect(round1((await perf('CITY', 'VIOLENCE_WITH_INJURY')).outcomeRate)).toBe(51.8);
    });
    it('Counties BCU outcome rate 48.0%', async () => {
      expect(round1((await perf('COUNTIES', 'VIOLENCE_WITH_INJURY')).outcomeRate)).toBe(48.0);
    });
  });

  describe('violent crime satisfaction, rolling 12 months', () => {
    it('a target of 82%', async () => {
      expect((await satisfaction('VIOLENT')).target).toBe(82);
    });
    it('slightly under the target at 78.6%', async () => {
      const s = await satisfaction('VIOLENT');
      expect(round1(s.rate)).toBe(78.6);
      expect(s.targetMet).toBe(false);
    });
  });
});

describe('Other Threats', () => {
  describe('domestic violence', () => {
    it('an outcome rate of 50.0%', async () => {
      expect(round1((await perf(FORCE, 'DOMESTIC_VIOLENCE')).outcomeRate)).toBe(50.0);
    });
    it('matching the 50% target', async () => {
      const p = await perf(FORCE, 'DOMESTIC_VIOLENCE');
      expect(p.targetOutcomeRate).toBe(50);
      expect(p.outcomeTargetMet).toBe(true);
    });
  });

  describe('hate crime', () => {
    it('an outcome rate of 44.6%', async () => {
      expect(round1((await perf(FORCE, 'HATE_CRIME')).outcomeRate)).toBe(44.6);
    });
    it('under the 55% target', async () => {
      const p = await perf(FORCE, 'HATE_CRIME');
      expect(p.targetOutcomeRate).toBe(55);
      expect(p.outcomeTargetMet).toBe(false);
    });
    it('68 further crime outcomes required', async () => {
      expectCount((await perf(FORCE, 'HATE_CRIME')).outcomesRequired, 68);
    });
    it('racist incident satisfaction at 81.1%', async () => {
      expect(round1((await satisfaction('RACIST_INCIDENT')).rate)).toBe(81.1);
    });
    it('racist incident satisfaction under the 88% target', async () => {
      const s = await satisfaction('RACIST_INCIDENT');
      expect(s.target).toBe(88);
      expect(s.targetMet).toBe(false);
    });
  });

  describe('ASB', () => {
    it('ASB victim satisfaction at 80.1%', async () => {
      expect(round1((await satisfaction('ASB')).rate)).toBe(80.1);
    });
    it('under the 85% target', async () => {
      const s = await satisfaction('ASB');
      expect(s.target).toBe(85);
      expect(s.targetMet).toBe(false);
    });
    it('action 73.7%', async () => {
      expect(round1((await satisfaction('ASB')).aspect('ACTIONS'))).toBe(73.7);
    });
    it('follow-up 63.1%', async () => {
      expect(round1((await satisfaction('ASB')).aspect('FOLLOW_UP'))).toBe(63.1);
    });
  });
});

describe('Emergent Scorecard: Overall Classification', () => {
  it('domestic burglary recorded crime: High', async () => {
    expect(await classification('RECORDED_CRIME', 'DOMESTIC_BURGLARY')).toBe('HIGH');
  });
  it('domestic burglary crime outcomes: High', async () => {
    expect(await classification('OUTCOME_RATE', 'DOMESTIC_BURGLARY')).toBe('HIGH');
  });
  it('theft of motor vehicles recorded crime: Medium', async () => {
    expect(await classification('RECORDED_CRIME', 'THEFT_OF_MOTOR_VEHICLE')).toBe('MEDIUM');
  });
  it('theft of motor vehicles crime outcomes: Low', async () => {
    expect(await classification('OUTCOME_RATE', 'THEFT_OF_MOTOR_VEHICLE')).toBe('LOW');
  });
  it('theft from motor vehicles recorded crime: Medium', async () => {
    expect(await classification('RECORDED_CRIME', 'THEFT_FROM_MOTOR_VEHICLE')).toBe('MEDIUM');
  });
  it('theft from motor vehicles crime outcomes: Low', async () => {
    expect(await classification('OUTCOME_RATE', 'THEFT_FROM_MOTOR_VEHICLE')).toBe('LOW');
  });
  it('violence with injury recorded crime: High', async () => {
    expect(await classification('RECORDED_CRIME', 'VIOLENCE_WITH_INJURY')).toBe('HIGH');
  });
  it('violence with injury crime outcomes: Medium', async () => {
    expect(await classification('OUTCOME_RATE', 'VIOLENCE_WITH_INJURY')).toBe('MEDIUM');
  });
});
