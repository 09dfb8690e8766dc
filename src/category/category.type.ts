import { Field, ObjectType } from 'type-graphql';
import { CategoryKind } from '../enums/enums';

@ObjectType({
  description:
    'A node of the crime category tree (ALL_CRIME > VEHICLE_CRIME > THEFT_OF_MOTOR_VEHICLE). Cross-cutting ' +
    'series such as DOMESTIC_VIOLENCE are roots of their own, never counted inside ALL_CRIME.',
})
export class CrimeCategory {
  id!: number;
  parentId!: number | null;

  @Field(() => String, { description: 'Stable code, e.g. DOMESTIC_BURGLARY.' })
  code!: string;

  @Field(() => String, { description: 'Name as people write it, e.g. "Domestic burglary".' })
  name!: string;

  @Field(() => CategoryKind, {
    description: 'CRIME, or INCIDENT for non-crime incidents such as anti-social behaviour.',
  })
  kind!: CategoryKind;
}
