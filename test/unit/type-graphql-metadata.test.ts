/**
 * src/direct-resolvers.ts compiles resolvers from type-graphql's metadata storage, which is
 * private to type-graphql. A type-graphql upgrade that moves or reshapes what it reads must fail
 * here, loudly, not leave fields resolving through a misread of the metadata (or silently through
 * type-graphql's slower path): the storage keeps the shapes read, and the compiled resolvers cover
 * every field they covered.
 */
import 'reflect-metadata';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { authChecker } from '../../src/auth/auth-checker';
import { COMPILED_PARAMETER_KINDS, compileDirectResolvers, typeGraphqlMetadata } from '../../src/direct-resolvers';
import { RESOLVERS } from '../../src/schema';

const build = () =>
  buildSchema({ resolvers: [...RESOLVERS] as never, validate: false, authChecker, authMode: 'error' });

/** Every object field's resolver by coordinate, the root Mutation type's aside. */
function resolvers(schema: GraphQLSchema): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const type of Object.values(schema.getTypeMap()))
    if (isObjectType(type) && !type.name.startsWith('__') && type.name !== 'Mutation')
      for (const field of Object.values(type.getFields())) map.set(`${type.name}.${field.name}`, field.resolve);
  return map;
}

let before: Map<string, unknown>;
let after: Map<string, unknown>;
let replaced: number;
beforeAll(async () => {
  const schema = await build();
  before = resolvers(schema);
  replaced = compileDirectResolvers(schema, RESOLVERS).replaced;
  after = resolvers(schema);
});

describe("type-graphql's metadata, as src/direct-resolvers.ts reads it", () => {
  it('holds the lists and the entry shapes read', () => {
    const storage = typeGraphqlMetadata();
    expect(storage.objectTypes.length).toBeGreaterThan(30);
    expect(storage.fieldResolvers.length).toBeGreaterThan(50);
    expect(storage.queries.length).toBeGreaterThan(10);
    expect(storage.inputTypes.length).toBeGreaterThan(3);
    expect(storage.argumentTypes.length).toBeGreaterThan(1);
    const performance = storage.objectTypes.find((t) => t.name === 'Performance')!;
    expect(performance.fields!.map((f) => f.schemaName)).toEqual(expect.arrayContaining(['area', 'trend']));
    expect(performance.fields!.length).toBe(38);
    const trend = storage.fieldResolvers.find((r) => r.methodName === 'trend')!;
    expect(trend.kind).toBe('external');
    expect(trend.getObjectType!().name).toBe('Performance');
    expect(trend.params!.map((p) => p.kind).sort()).toEqual(['arg', 'context', 'info', 'root']);
  });

  it('names only parameter kinds that are compiled, so no field falls back unnoticed', () => {
    const storage = typeGraphqlMetadata();
    const kinds = new Set(
      [...storage.fieldResolvers, ...storage.queries].flatMap((r) => (r.params ?? []).map((p) => p.kind)),
    );
    expect([...kinds].sort()).toEqual([...COMPILED_PARAMETER_KINDS].sort());
  });

  it('fails loudly, naming what moved, when the storage changes shape', () => {
    const storage = getMetadataStorage() as unknown as Record<string, unknown>;
    const fieldResolvers = storage.fieldResolvers;
    try {
      storage.fieldResolvers = undefined;
      expect(() => typeGraphqlMetadata()).toThrow(/metadata is not as .* reads it .*fieldResolvers is not a list/);
    } finally {
      storage.fieldResolvers = fieldResolvers;
    }
    const trend = typeGraphqlMetadata().fieldResolvers.find((r) => r.methodName === 'trend')!;
    const methodName = trend.methodName;
    try {
      (trend as { methodName: unknown }).methodName = undefined;
      expect(() => typeGraphqlMetadata()).toThrow(/fieldResolvers\[\]\.methodName is not a string/);
    } finally {
      trend.methodName = methodName;
    }
  });

  it('compiles every object field and query except those with @Authorized roles', () => {
    const authorized = new Set(
      [
        ...typeGraphqlMetadata()
          .queries.filter((q) => q.roles)
          .map((q) => `Query.${q.schemaName}`),
        ...typeGraphqlMetadata().objectTypes.flatMap((t) =>
          (t.fields ?? []).filter((f) => f.roles).map((f) => `${t.name}.${f.schemaName}`),
        ),
      ].sort(),
    );
    const kept = [...before.keys()].filter((c) => before.get(c) === after.get(c)).sort();
    expect(kept).toEqual([...authorized].filter((c) => before.has(c)));
    expect(replaced).toBe(before.size - kept.length);
    // Every Performance field, the three a league row asks for with arguments included.
    const performance = [...after.keys()].filter((c) => c.startsWith('Performance.'));
    expect(performance.length).toBe(38);
    expect(performance.filter((c) => kept.includes(c))).toEqual([]);
  });
});
