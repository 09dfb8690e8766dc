import { Field, InputType } from 'type-graphql';
import { CategoryKind } from '../enums/enums';

@InputType({
  description:
    'A crime category to create or update: the fields of a row of categories.csv, validated the same way, ' +
    'and its sensitivity.',
})
export class CategoryInput {
  @Field(() => String, {
    description:
      'Stable code: capital letters, digits, "_" and "-", e.g. ROBBERY_OF_BUSINESS_PROPERTY. An existing ' +
      'code updates that category.',
  })
  code!: string;

  @Field(() => String, { description: 'Name as people write it, e.g. "Robbery of business property".' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Code of the category one level up, e.g. ROBBERY. Omitted: a new category becomes a root and an ' +
      'existing one keeps its parent; null: the category becomes a root (as cross-cutting series such as ' +
      'DOMESTIC_VIOLENCE are).',
  })
  parentCode?: string | null;

  @Field(() => CategoryKind, { description: 'CRIME, or INCIDENT for non-crime incidents.' })
  kind!: CategoryKind;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether small counts are withheld from anonymous callers below force level. Omitted: a new category ' +
      'is not sensitive, an existing one keeps its setting.',
  })
  sensitive?: boolean | null;
}
