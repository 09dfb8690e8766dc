import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'Whether figures are withheld from this caller, and why. Small counts (1 to threshold - 1; never 0) of a sensitive category (domestic violence, sexual offences, hate crime: the category or one above it is marked sensitive) are withheld below force level (BCU, LPU, neighbourhood) from callers without an API key, with every figure derived from them, so that no victim can be identified from a small count. Any API key sees every figure.',
})
export class Disclosure {
  @Field(() => Boolean, { description: 'True when the counts and every figure derived from them are null for this caller.' })
  withheld!: boolean;

  @Field(() => String, { nullable: true, description: 'Why the figures are withheld; null when they are not.' })
  reason!: string | null;

  @Field(() => Boolean, {
    description:
      'True when the small-count rule applies to this figure and caller (sensitive category, below force level, no API key). Breakdowns holding a small count of their own (monthly values, outcomes by type, trend, control chart, crimes under investigation, peer comparison, contributions) are then null as a whole even when the totals are shown.',
  })
  restricted!: boolean;

  @Field(() => Int, { description: 'Counts from 1 to threshold - 1 are withheld (DISCLOSURE_THRESHOLD, default 5).' })
  threshold!: number;
}
