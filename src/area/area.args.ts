import { ArgsType, Field } from 'type-graphql';
import { AreaLevel } from '../enums/enums';
import { PageArgs } from '../limits/pagination';

@ArgsType()
export class AreasArgs extends PageArgs {
  @Field(() => AreaLevel, { nullable: true, description: 'Only areas at this level.' })
  level?: AreaLevel | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Only areas below this area (any depth), e.g. parent: "CITY", level: LPU for the LPUs of the City BCU.',
  })
  parent?: string | null;
}
