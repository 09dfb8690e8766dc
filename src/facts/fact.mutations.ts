import { Arg, Authorized, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context/context';
import { OutcomeType, SatisfactionAspect, Survey } from '../enums/enums';
import { InvestigationFact, OutcomeFact, RecordedCrimeFact, SatisfactionFact } from './fact.type';
import { setInvestigation, setOutcome, setRecordedCrime, setSatisfaction } from './fact.writes';

const MONTH = 'Month, YYYY-MM, e.g. 2013-11.';
const AREA = 'Area code, e.g. BLABY.';
const CATEGORY = 'Category code, e.g. DOMESTIC_BURGLARY.';
const REMOVE =
  'Required: a count (0 or more) replaces the stored one; null removes the row, so the month has no data ' +
  'for it (it then counts as 0).';

@Resolver()
export class FactMutationResolver {
  @Authorized('STEWARD')
  @Mutation(() => RecordedCrimeFact, {
    description:
      'Sets (or with recorded: null removes) the recorded crimes of one area, category and month, ' +
      'validated like a row of crimes.csv; the figures of that month for every ancestor area and ' +
      'category follow at once. Audited as SET_RECORDED_CRIME or DELETE_RECORDED_CRIME. Needs a STEWARD ' +
      'key (or ADMIN).',
  })
  setRecordedCrime(
    @Arg('month', () => String, { description: MONTH }) month: string,
    @Arg('area', () => String, { description: AREA }) area: string,
    @Arg('category', () => String, { description: CATEGORY }) category: string,
    @Arg('recorded', () => Int, { nullable: true, description: `Crimes recorded. ${REMOVE}` })
    recorded: number | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return setRecordedCrime(ctx, month, area, category, recorded);
  }

  @Authorized('STEWARD')
  @Mutation(() => OutcomeFact, {
    description:
      'Sets (or with count: null removes) the outcomes of one type for one area, category and month, ' +
      "validated like a row of outcomes.csv; that month's figures follow at once. Audited as SET_OUTCOME " +
      'or DELETE_OUTCOME. Needs a STEWARD key (or ADMIN).',
  })
  setOutcome(
    @Arg('month', () => String, { description: MONTH }) month: string,
    @Arg('area', () => String, { description: AREA }) area: string,
    @Arg('category', () => String, { description: CATEGORY }) category: string,
    @Arg('outcomeType', () => OutcomeType, { description: 'The outcome type.' }) outcomeType: OutcomeType,
    @Arg('count', () => Int, { nullable: true, description: `Outcomes. ${REMOVE}` }) count: number | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return setOutcome(ctx, month, area, category, outcomeType, count);
  }

  @Authorized('STEWARD')
  @Mutation(() => InvestigationFact, {
    description:
      'Sets (or with count: null removes) the crimes under investigation for one area and category as of ' +
      'a month, validated like a row of investigations.csv. Audited as SET_INVESTIGATION or ' +
      'DELETE_INVESTIGATION. Needs a STEWARD key (or ADMIN).',
  })
  setInvestigation(
    @Arg('asOf', () => String, { description: 'Month of the snapshot, YYYY-MM, e.g. 2013-11.' }) asOf: string,
    @Arg('area', () => String, { description: AREA }) area: string,
    @Arg('category', () => String, { description: CATEGORY }) category: string,
    @Arg('count', () => Int, { nullable: true, description: `Crimes under investigation. ${REMOVE}` })
    count: number | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return setInvestigation(ctx, asOf, area, category, count);
  }

  @Authorized('STEWARD')
  @Mutation(() => SatisfactionFact, {
    description:
      'Sets (or with both counts null removes) the survey results of one area, survey, aspect and month, ' +
      'validated like a row of satisfaction.csv (satisfied no more than respondents). Audited as ' +
      'SET_SATISFACTION or DELETE_SATISFACTION. Needs a STEWARD key (or ADMIN).',
  })
  setSatisfaction(
    @Arg('month', () => String, { description: MONTH }) month: string,
    @Arg('area', () => String, { description: AREA }) area: string,
    @Arg('survey', () => Survey, { description: 'The survey.' }) survey: Survey,
    @Arg('aspect', () => SatisfactionAspect, { description: 'The aspect asked about.' }) aspect: SatisfactionAspect,
    @Arg('respondents', () => Int, {
      nullable: true,
      description: `Respondents. ${REMOVE} Send both counts, or both null.`,
    })
    respondents: number | null | undefined,
    @Arg('satisfied', () => Int, {
      nullable: true,
      description: `Respondents satisfied, no more than respondents. ${REMOVE} Send both counts, or both null.`,
    })
    satisfied: number | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return setSatisfaction(ctx, month, area, survey, aspect, respondents, satisfied);
  }
}
