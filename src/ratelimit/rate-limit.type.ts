import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum RateLimitScope {
  API_KEY = 'API_KEY',
  ADDRESS = 'ADDRESS',
}
registerEnumType(RateLimitScope, {
  name: 'RateLimitScope',
  description: 'Whose budget a rate limit counts.',
  valuesConfig: {
    API_KEY: { description: 'The API key sent in the Authorization header: every request with it, from any address.' },
    ADDRESS: { description: 'An anonymous caller, by network address.' },
  },
});

@ObjectType({
  description:
    "The caller's rate limit: a budget of cost points per minute, per API key (per address without a key), " +
    'shared by every instance of the API. Each query spends its cost (extensions.cost.actualQueryCost); a ' +
    'query that does not fit is refused with RATE_LIMITED until resetAt. Every response also carries this in ' +
    'extensions.rateLimit and the X-RateLimit-* headers.',
})
export class RateLimit {
  @Field(() => Boolean, { description: 'False when this server does not limit rates (then nothing is spent).' })
  enabled!: boolean;

  @Field(() => RateLimitScope, {
    description: 'Whose budget this is: the API key, or the address of an anonymous caller.',
  })
  scope!: RateLimitScope;

  @Field(() => Int, { description: 'Points per minute.' })
  limit!: number;

  @Field(() => Int, {
    description:
      'The requested cost of this query, already spent (the difference to its actual cost is settled after it runs).',
  })
  cost!: number;

  @Field(() => Int, { description: 'Points spent in this minute, this query included.' })
  used!: number;

  @Field(() => Int, { description: 'Points left in this minute: limit - used, never below 0.' })
  remaining!: number;

  @Field(() => GraphQLISODateTime, { description: 'When this minute ends and the budget starts afresh.' })
  resetAt!: Date;
}
