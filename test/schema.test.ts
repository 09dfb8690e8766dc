/**
 * The committed schema.graphql is the API's contract as clients read it: it must be what
 * the code builds, and everything in it must say what it is.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';
import { emitSchemaText } from '../scripts/emit-schema';
import { SCHEMA_GRAPHQL_PATH } from '../src/config/paths';
import { buildAppSchema } from '../src/schema';

/** Every type, field, argument and enum value without a description, as a path. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const has = (description: string | null | undefined) => Boolean(description && description.trim());
  const rootTypes = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean),
  );
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    // The root operation types are described by their fields.
    if (!rootTypes.has(type as never) && !has(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!has(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!has(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) if (!has(value.description)) missing.push(`${type.name}.${value.name}`);
    }
  }
  return missing.sort();
}

describe('schema.graphql', () => {
  it('is what the code emits', async () => {
    const committed = readFileSync(SCHEMA_GRAPHQL_PATH, 'utf8');
    const emitted = await emitSchemaText();
    if (committed !== emitted) {
      const [a, b] = [committed.split('\n'), emitted.split('\n')];
      const at = a.findIndex((line, i) => line !== b[i]);
      const line = at === -1 ? a.length : at;
      throw new Error(
        'schema.graphql is out of date with the resolvers: run `npm run schema:emit` and commit the result.\n' +
          `First difference at line ${line + 1}:\n  committed: ${a[line] ?? '(end of file)'}\n  emitted:   ` +
          `${b[line] ?? '(end of file)'}`,
      );
    }
  });

  it('describes every type, field, argument and enum value', async () => {
    expect(undescribed(await buildAppSchema())).toEqual([]);
  });
});
