/** The shapes of the page's GraphQL answers (web/src/queries/*.graphql). */
export interface Disclosure {
  restricted: boolean;
  withheld: boolean;
  reason: string | null;
}

export interface AreaRef {
  code: string;
  name: string;
  level?: string;
}

export interface ChildFigures {
  area: AreaRef;
  recorded: number | null;
  previousRecorded: number | null;
  change: number | null;
  percentChange: number | null;
  outcomeRate: number | null;
  outcomesRequired: number | null;
  disclosure: Disclosure;
}

export interface Figures {
  category: { code: string; name: string };
  recorded: number | null;
  previousRecorded: number | null;
  change: number | null;
  percentChange: number | null;
  targetReduction: number | null;
  targetLevel: number | null;
  gapToTarget: number | null;
  targetMet: boolean | null;
  outcomes: number | null;
  outcomeRate: number | null;
  previousOutcomeRate: number | null;
  targetOutcomeRate: number | null;
  outcomesRequired: number | null;
  outcomeTargetMet: boolean | null;
  disclosure: Disclosure;
  trend: { direction: string; relativeChange: number | null; months: number } | null;
  monthly: {
    month: string;
    hasData: boolean;
    withheld: boolean;
    recorded: number | null;
    previousRecorded: number | null;
  }[];
  controlChart: {
    centreLine: number;
    lowerLimit: number | null;
    upperLimit: number | null;
    hasSignal: boolean;
    points: { month: string; value: number; signals: string[] }[];
  } | null;
  children: ChildFigures[];
  peerComparison: {
    period: { label: string };
    group: { code: string; name: string };
    rate: number | null;
    peerMean: number | null;
    peerStdDev: number | null;
    band: string;
    rank: number | null;
    members: { area: AreaRef; rate: number | null }[];
  } | null;
  narrative: string[] | null;
}

export interface ScorecardRow {
  objective: {
    id: number;
    measure: 'RECORDED_CRIME' | 'OUTCOME_RATE' | 'SATISFACTION';
    description: string;
    harm: string;
    target: number;
    category: { code: string; name: string } | null;
    survey: string | null;
  };
  actual: number | null;
  target: number | null;
  gap: number | null;
  met: boolean;
  shortfallPoints: number | null;
  classification: string;
  disclosure: Disclosure;
  performance: Figures | null;
}

export interface SatisfactionFigures {
  survey: string;
  period: { label: string };
  rate: number | null;
  respondents: number;
  target: number | null;
  targetMet: boolean | null;
  gap: number | null;
  aspects: { aspect: string; rate: number | null; respondents: number }[];
  monthly: { month: string; rate: number | null; rollingRate: number | null; respondents: number }[];
  monthsWithoutData: string[];
}

export interface LeagueRow {
  area: AreaRef;
  recorded: number | null;
  previousRecorded: number | null;
  percentChange: number | null;
  crimeRatePer1000: number | null;
  outcomeRate: number | null;
}

export interface ReportData {
  dashboard: {
    plan: { code: string; name: string; financialYear: string };
    area: AreaRef & { ancestors: AreaRef[] };
    period: { label: string; from: string; to: string; months: number };
    scorecard: ScorecardRow[];
    allCrime: {
      recorded: number | null;
      previousRecorded: number | null;
      change: number | null;
      percentChange: number | null;
      targetReduction: number | null;
      gapToTarget: number | null;
      targetMet: boolean | null;
      outcomeRate: number | null;
      previousOutcomeRate: number | null;
      disclosure: Disclosure;
      narrative: string[] | null;
    };
    satisfaction: SatisfactionFigures[];
  };
  league: LeagueRow[];
}

export interface ContextData {
  plans: {
    code: string;
    name: string;
    financialYear: string;
    objectives: { area: { code: string; level: string } }[];
  }[];
  areas: {
    code: string;
    name: string;
    level: string;
    parent: { code: string } | null;
    peerGroups: { code: string; name: string }[];
  }[];
}

/** What the page shows: the URL's `plan`, `area` and `month`. */
export interface View {
  plan: string;
  area: string;
  month: string;
}
