import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Harm, Measure, Survey } from '../enums/enums';

@ObjectType({ description: 'A Police and Crime Plan for one financial year, with its objectives and targets.' })
export class Plan {
  id!: number;
  startMonth!: number;
  endMonth!: number;

  @Field(() => String, { description: 'Stable code, e.g. LEICESTERSHIRE-2013-14.' })
  code!: string;

  @Field(() => String, { description: 'Title of the plan.' })
  name!: string;

  @Field(() => String, { description: 'Financial year the plan covers, e.g. 2013-14 (April 2013 to March 2014).' })
  financialYear!: string;
}

@ObjectType({
  description:
    'One objective of a plan: an area (its target cascades to the areas below it unless they have their ' +
    'own), a measure of a category or survey, a target and a harm level.',
})
export class Objective {
  planId!: number;
  areaId!: number;
  categoryId!: number | null;

  @Field(() => Int, { description: 'Identifier of the objective.' })
  id!: number;

  @Field(() => Measure, { description: 'What the objective measures.' })
  measure!: Measure;

  @Field(() => Survey, { nullable: true, description: 'Survey, for SATISFACTION objectives.' })
  survey!: Survey | null;

  @Field(() => Float, {
    description:
      'Target in percent: for RECORDED_CRIME the reduction on the year before (13 = a 13% reduction); for ' +
      'OUTCOME_RATE and SATISFACTION the rate to reach (25 = 25%).',
  })
  target!: number;

  @Field(() => Harm, { description: 'Harm level, the starting point of the scorecard classification.' })
  harm!: Harm;
}
