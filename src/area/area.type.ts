import { Field, Int, ObjectType } from 'type-graphql';
import { AreaLevel } from '../enums/enums';

@ObjectType({ description: 'A node of the geography tree: a force, a BCU, an LPU, or any level above or below.' })
export class Area {
  id!: number;
  parentId!: number | null;

  @Field(() => String, { description: 'Stable code, e.g. LEICESTERSHIRE, CITY, BLABY.' })
  code!: string;

  @Field(() => String, { description: 'Name as people write it, e.g. "Leicestershire Police".' })
  name!: string;

  @Field(() => AreaLevel, { description: 'Level in the geography tree.' })
  level!: AreaLevel;
}

@ObjectType({ description: 'Population of an area for one calendar year, the base of rates per 1,000 people.' })
export class Population {
  @Field(() => Int, { description: 'Calendar year.' })
  year!: number;

  @Field(() => Int, { description: 'Number of residents.' })
  population!: number;
}

@ObjectType({ description: 'A set of forces compared with each other, e.g. a most similar group (MSG).' })
export class PeerGroup {
  id!: number;

  @Field(() => String, { description: 'Stable code, e.g. LEICESTERSHIRE_MSG.' })
  code!: string;

  @Field(() => String, { description: 'Name of the group.' })
  name!: string;
}
