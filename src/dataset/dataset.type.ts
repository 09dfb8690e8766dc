import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'What the figures of this server are: the made-up demo data set, or data loaded by its operators.',
})
export class Dataset {
  @Field(() => Boolean, {
    description:
      'True when the made-up demo data set (Leicestershire 2011-2013) is loaded: its figures are not real crime data.',
  })
  demo!: boolean;

  @Field(() => String, { description: 'A short name for the data, to show beside figures.' })
  name!: string;

  @Field(() => String, { description: 'What the data is and where it comes from, in a sentence or two.' })
  description!: string;

  @Field(() => Boolean, {
    description:
      'True when the reference data (forces of England and Wales, category tree, data.police.uk crime type ' +
      'mapping, LSOA lookup) is loaded.',
  })
  referenceData!: boolean;
}
