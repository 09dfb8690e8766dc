import { Field, Float, InputType } from 'type-graphql';
import { Harm, Measure, Survey } from '../enums/enums';

@InputType({
  description:
    'An objective to create or update: the fields of a row of objectives.csv, validated the same way. The ' +
    'plan, area, measure and category (or survey) identify it: an objective with the same ones is updated.',
})
export class ObjectiveInput {
  @Field(() => String, { description: 'Code of the plan, e.g. LEICESTERSHIRE-2013-14.' })
  plan!: string;

  @Field(() => String, {
    description:
      'Code of the area the target is set for, e.g. LEICESTERSHIRE; it cascades to the areas below unless ' +
      'they have their own.',
  })
  area!: string;

  @Field(() => Measure, { description: 'What the objective measures.' })
  measure!: Measure;

  @Field(() => String, {
    nullable: true,
    description: 'Category code, for RECORDED_CRIME and OUTCOME_RATE objectives (not for SATISFACTION).',
  })
  category?: string | null;

  @Field(() => Survey, { nullable: true, description: 'Survey, for SATISFACTION objectives (not for the others).' })
  survey?: Survey | null;

  @Field(() => Float, {
    description:
      'Target in percent: for RECORDED_CRIME the reduction on the year before (13 = a 13% reduction, above ' +
      '-100 and below 100); for OUTCOME_RATE and SATISFACTION the rate to reach, 0 to 100.',
  })
  target!: number;

  @Field(() => Harm, { description: 'Harm level, the starting point of the scorecard classification.' })
  harm!: Harm;
}
