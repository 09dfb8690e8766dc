import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum DisclosureMethod {
  EXACT = 'EXACT',
  PERTURBED = 'PERTURBED',
}
registerEnumType(DisclosureMethod, {
  name: 'DisclosureMethod',
  description: 'What disclosure control did to the counts of a figure for this caller (docs/disclosure.md).',
  valuesConfig: {
    EXACT: {
      description:
        'Nothing: the counts are exact (any API key; force level and above; counts holding no sensitive records).',
    },
    PERTURBED: {
      description:
        'The counts hold sensitive records below force level and the caller has no API key: each carries ' +
        'small zero-mean noise, the same every time it is asked, and every figure derived from them is ' +
        'worked out from the perturbed counts.',
    },
  },
});

@ObjectType({
  description:
    'What disclosure control did to these figures for this caller, and why. Below force level (BCU, LPU, ' +
    'neighbourhood), counts holding records of a sensitive category (domestic violence, sexual offences, ' +
    'hate crime, and the categories above them such as all crime) or answers to a survey of their victims ' +
    'carry small zero-mean noise for callers without an API key, so that no small count can be worked out, ' +
    'even by subtracting one figure from another. Any API key sees exact figures.',
})
export class Disclosure {
  @Field(() => DisclosureMethod, { description: 'EXACT or PERTURBED.' })
  method!: DisclosureMethod;

  @Field(() => Boolean, {
    description:
      'Always false: counts are perturbed, not withheld (kept for clients of the former rule). Breakdowns ' +
      'that cannot be perturbed with the counts (outcomes by type, crimes under investigation, a peer ' +
      'comparison with members below force level) are null for a PERTURBED figure.',
  })
  withheld!: boolean;

  @Field(() => String, { nullable: true, description: 'Why the counts are perturbed; null when they are exact.' })
  reason!: string | null;

  @Field(() => Boolean, {
    description: 'True when disclosure control applies to this figure and caller: the same as method PERTURBED.',
  })
  restricted!: boolean;

  @Field(() => Int, {
    description:
      'Counts from 1 to threshold - 1 are the small counts disclosure control protects ' +
      '(DISCLOSURE_THRESHOLD, default 5; 1 turns it off).',
  })
  threshold!: number;
}
