import { Extensions, Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Role } from './roles';
import { PRIVATE } from '../cache/cache-hints';

@Extensions(PRIVATE)
@ObjectType({
  description:
    'An API key as the server knows it: never the key itself, which is shown once when created and stored ' +
    'only as a SHA-256 hash.',
})
export class ApiKeyInfo {
  id!: number;

  @Field(() => String, { description: 'Unique name of the key (its owner); the audit log names the key by it.' })
  name!: string;

  @Field(() => Role, { description: 'What the key may do.' })
  role!: Role;

  @Field(() => String, {
    description: 'The first characters of the key (e.g. "ppa_3fK9xQ2a"), to tell keys apart without the secret.',
  })
  prefix!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the key was created.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the key was revoked; null while it is live.' })
  revokedAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'When the key was last used, to the minute (it is recorded at most once a minute); null when never used.',
  })
  lastUsedAt!: Date | null;
}

@Extensions(PRIVATE)
@ObjectType({ description: 'A key just created: the key itself, shown this once and never again, and its record.' })
export class CreatedApiKey {
  @Field(() => String, {
    description:
      'The key, to send as "Authorization: Bearer <key>". Shown only now: the server keeps only its hash, so ' +
      'store it safely.',
  })
  key!: string;

  @Field(() => ApiKeyInfo, { description: 'The key as the server knows it.' })
  info!: ApiKeyInfo;
}

@Extensions(PRIVATE)
@ObjectType({ description: 'One write recorded in the audit log: who, when, what, how many rows.' })
export class AuditEntry {
  @Field(() => Int, {
    description: 'Identifier, increasing with every entry: pass the last one seen as `after` for the next page.',
  })
  id!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the write was committed.' })
  at!: Date;

  @Field(() => String, { description: 'Who wrote: the API key name, or "cli" for the command line.' })
  actor!: string;

  @Field(() => String, { nullable: true, description: "The actor's role at the time; null for the command line." })
  role!: string | null;

  @Field(() => String, {
    description: 'What was done, e.g. CREATE_API_KEY, REVOKE_API_KEY, IMPORT_CSV, SET_RECORDED_CRIME.',
  })
  action!: string;

  @Field(() => String, {
    nullable: true,
    description: 'What it was done to, e.g. the key name, the CSV kind or the code written.',
  })
  target!: string | null;

  @Field(() => Int, { description: 'Rows written (inserted + replaced); 1 for a single write.' })
  rows!: number;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Details of the write (e.g. the values before and after), as a JSON object.',
  })
  details!: Record<string, unknown> | null;
}
