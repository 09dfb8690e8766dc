import { Field, InputType, Int } from 'type-graphql';
import { AreaLevel } from '../enums/enums';

@InputType({ description: 'An area to create or update: the fields of a row of areas.csv, validated the same way.' })
export class AreaInput {
  @Field(() => String, {
    description: 'Stable code: capital letters, digits, "_" and "-", e.g. MELTON. An existing code updates that area.',
  })
  code!: string;

  @Field(() => String, { description: 'Name as people write it, e.g. "Melton".' })
  name!: string;

  @Field(() => AreaLevel, { description: 'Level in the geography tree.' })
  level!: AreaLevel;

  @Field(() => String, {
    nullable: true,
    description:
      'Code of the area one level up. Omitted: a new area becomes a root and an existing one keeps its ' +
      'parent; null: the area becomes a root. Use moveArea to move an area.',
  })
  parentCode?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Residents in populationYear (0 or more); omitted leaves the population figures as they are.',
  })
  population?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Calendar year of the population figure; required with a population.',
  })
  populationYear?: number | null;
}
