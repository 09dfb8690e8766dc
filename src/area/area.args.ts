import { ArgsType, Field } from 'type-graphql';
import { AreaLevel } from '../shared/enums';

@ArgsType()
export class AreasArgs {
  @Field(() => AreaLevel, { nullable: true, description: 'Only areas at this level.' })
  level?: AreaLevel | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only areas below this area (any depth), e.g. parent: "CITY", level: LPU for the LPUs of the City BCU.',
  })
  parent?: string | null;
}
