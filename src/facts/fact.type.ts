import { Field, Int, ObjectType } from 'type-graphql';
import { Area } from '../area/area.type';
import { CrimeCategory } from '../category/category.type';
import { OutcomeType, SatisfactionAspect, Survey } from '../enums/enums';

@ObjectType({ description: 'Recorded crimes of one area, category and month, as stored after a write.' })
export class RecordedCrimeFact {
  @Field(() => String, { description: 'Month, YYYY-MM.' })
  month!: string;

  @Field(() => Area, { description: 'The area the crimes were recorded in.' })
  area!: Area;

  @Field(() => CrimeCategory, { description: 'The crime category.' })
  category!: CrimeCategory;

  @Field(() => Int, {
    nullable: true,
    description:
      'Crimes recorded; null when the row was removed (the month then has no data for it, which counts as 0).',
  })
  recorded!: number | null;

  @Field(() => Int, { nullable: true, description: 'The stored count before this write; null when there was no row.' })
  previous!: number | null;
}

@ObjectType({ description: 'Outcomes of one type for one area, category and month, as stored after a write.' })
export class OutcomeFact {
  @Field(() => String, { description: 'Month, YYYY-MM.' })
  month!: string;

  @Field(() => Area, { description: 'The area.' })
  area!: Area;

  @Field(() => CrimeCategory, { description: 'The crime category.' })
  category!: CrimeCategory;

  @Field(() => OutcomeType, { description: 'The outcome type.' })
  outcomeType!: OutcomeType;

  @Field(() => Int, { nullable: true, description: 'Outcomes; null when the row was removed.' })
  count!: number | null;

  @Field(() => Int, { nullable: true, description: 'The stored count before this write; null when there was no row.' })
  previous!: number | null;
}

@ObjectType({
  description:
    'Crimes under investigation for one area and category as of a month (a snapshot), as stored after a write.',
})
export class InvestigationFact {
  @Field(() => String, { description: 'Month of the snapshot, YYYY-MM.' })
  asOf!: string;

  @Field(() => Area, { description: 'The area.' })
  area!: Area;

  @Field(() => CrimeCategory, { description: 'The crime category.' })
  category!: CrimeCategory;

  @Field(() => Int, { nullable: true, description: 'Crimes under investigation; null when the row was removed.' })
  count!: number | null;

  @Field(() => Int, { nullable: true, description: 'The stored count before this write; null when there was no row.' })
  previous!: number | null;
}

@ObjectType({
  description: 'Victim satisfaction survey results of one area, survey, aspect and month, as stored after a write.',
})
export class SatisfactionFact {
  @Field(() => String, { description: 'Month, YYYY-MM.' })
  month!: string;

  @Field(() => Area, { description: 'The area.' })
  area!: Area;

  @Field(() => Survey, { description: 'The survey.' })
  survey!: Survey;

  @Field(() => SatisfactionAspect, { description: 'The aspect asked about.' })
  aspect!: SatisfactionAspect;

  @Field(() => Int, { nullable: true, description: 'Respondents; null when the row was removed.' })
  respondents!: number | null;

  @Field(() => Int, { nullable: true, description: 'Respondents satisfied; null when the row was removed.' })
  satisfied!: number | null;

  @Field(() => Int, { nullable: true, description: 'Respondents before this write; null when there was no row.' })
  previousRespondents!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Respondents satisfied before this write; null when there was no row.',
  })
  previousSatisfied!: number | null;
}
