import { getMetadataStorage } from 'type-graphql';
import { GraphQLScalarType, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';

/**
 * type-graphql wraps every field of an object type in a resolver of its own: for a plain
 * property it builds a middleware dispatch; for a @FieldResolver it looks the resolver class
 * up in its container, sorts the method's parameter list and rebuilds it, and for any
 * argument runs an async validation step (a promise per field, even with validation off). A
 * league table of 352 rows resolves thousands of such fields per request; the wrappers were
 * about a tenth of the 43-row league's CPU (`git show 8d45cfb:bench/README.md`, second pass).
 *
 * After the schema is built, this replaces the wrapper of every object field and query for
 * which the wrapper does nothing but pass values through (no middlewares, no @Authorized roles,
 * no custom parameter decorators, validation off) with a resolver compiled once from the same
 * metadata: the same method of the same class, called with the same root, arguments (input
 * objects converted to instances of their classes, as type-graphql does), context and info. A
 * root that is not an instance of its class goes to the original resolver, call by call.
 */

type Resolve = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;
type Getter = (root: unknown, args: Record<string, unknown>, ctx: unknown, info: unknown) => unknown;
/** A class, as type-graphql's metadata names resolvers, object types and inputs. */
type ClassRef = abstract new (...args: never[]) => unknown;
/** Marks a call whose root type-graphql would have converted: it goes to the original resolver. */
const CONVERT = Symbol('convert');

interface ParamMeta {
  kind: string;
  index: number;
  name?: string;
  propertyName?: string;
  getType?: () => unknown;
}
interface FieldMeta {
  target: ClassRef;
  name: string;
  schemaName: string;
  roles?: unknown[];
  middlewares?: unknown[];
}
interface HandlerMeta {
  target: ClassRef;
  methodName: string;
  schemaName: string;
  params?: ParamMeta[];
  roles?: unknown[];
  middlewares?: unknown[];
}
interface FieldResolverMeta {
  kind: 'internal' | 'external';
  target: ClassRef;
  methodName: string;
  getObjectType?: () => ClassRef;
  params?: ParamMeta[];
  roles?: unknown[];
  middlewares?: unknown[];
}

const SIMPLE = new Set<unknown>([String, Boolean, Number, Date, Array, Promise]);

interface InputField {
  name: string;
  getType: () => unknown;
}
/** An @InputType or @ArgsType class's fields, its superclasses' included; null when it is neither. */
type FieldsOf = (target: unknown) => InputField[] | null;

/**
 * A function giving what type-graphql hands a resolver for a value of `type`: input objects as
 * instances of their classes (initialisers run, given fields set, nested inputs converted
 * likewise), anything else as it is.
 */
function converterFor(type: unknown, inputFields: FieldsOf): (value: unknown) => unknown {
  const fields = inputFields(type);
  if (!fields) return (value) => value;
  const Target = type as new () => Record<string, unknown>;
  let converters: ((value: unknown) => unknown)[] | undefined;
  const convert = (given: unknown): unknown => {
    if (given == null) return given;
    if (Array.isArray(given)) return given.map(convert);
    const value = given as Record<string, unknown>;
    converters ??= fields.map((f) => converterFor(f.getType(), inputFields)); // lazily: inputs may nest themselves
    const instance = new Target();
    for (const key of Object.keys(instance)) if (instance[key] === undefined && !(key in value)) delete instance[key];
    for (let i = 0; i < fields.length; i++) {
      const v = value[fields[i].name];
      if (v !== undefined) instance[fields[i].name] = v === null ? null : converters[i](v);
    }
    return instance;
  };
  return convert;
}

/** A getter per parameter, or null when one needs type-graphql's own handling. */
function paramGetters(params: ParamMeta[], inputFields: FieldsOf, argsFields: FieldsOf): Getter[] | null {
  const getters: Getter[] = [];
  for (const p of [...params].sort((a, b) => a.index - b.index)) {
    switch (p.kind) {
      case 'root': {
        const prop = p.propertyName;
        const Type = p.getType?.() as ClassRef | undefined;
        const plain = !Type || Type instanceof GraphQLScalarType || typeof Type !== 'function';
        getters.push((root) => {
          const value: unknown = prop ? (root as Record<string, unknown>)[prop] : root;
          if (
            plain ||
            value == null ||
            typeof value !== 'object' ||
            value instanceof Type ||
            SIMPLE.has(value.constructor)
          )
            return value;
          return CONVERT;
        });
        break;
      }
      case 'context': {
        const prop = p.propertyName;
        getters.push(prop ? (_r, _a, ctx) => (ctx as Record<string, unknown>)[prop] : (_r, _a, ctx) => ctx);
        break;
      }
      case 'info':
        getters.push((_r, _a, _c, info) => info);
        break;
      case 'arg': {
        const name = p.name!;
        const type = p.getType?.();
        if (type instanceof GraphQLScalarType || SIMPLE.has(type) || !inputFields(type))
          getters.push((_r, args) => args[name]);
        else {
          const convert = converterFor(type, inputFields);
          getters.push((_r, args) => convert(args[name]));
        }
        break;
      }
      case 'args': {
        // An @ArgsType class: a new instance (its initialisers run) with the given arguments on it.
        const ArgsClass = p.getType?.() as new () => Record<string, unknown>;
        const fields = argsFields(ArgsClass);
        if (!fields) return null;
        const names = fields.map((f) => f.name);
        const converters = fields.map((f) => converterFor(f.getType(), inputFields));
        getters.push((_r, args) => {
          const instance = new ArgsClass();
          for (const key of Object.keys(instance))
            if (instance[key] === undefined && !(key in args)) delete instance[key];
          for (let i = 0; i < names.length; i++)
            if (args[names[i]] !== undefined) instance[names[i]] = converters[i](args[names[i]]);
          return instance;
        });
        break;
      }
      default:
        return null; // custom decorators, pubSub: type-graphql's own path
    }
  }
  return getters;
}

type Instance = Record<string, (...a: unknown[]) => unknown>;

/**
 * A resolver calling `method` of the class's instance with the parameters' values; a call needing conversion goes to
 * `original`.
 */
function directCall(
  instanceOf: (cls: ClassRef) => Instance,
  cls: ClassRef,
  method: string,
  getters: Getter[],
  original: Resolve,
): Resolve {
  const count = getters.length;
  return (root, args, ctx, info) => {
    const values = new Array(count);
    for (let i = 0; i < count; i++) {
      const v = getters[i](root, args, ctx, info);
      if (v === CONVERT) return original(root, args, ctx, info);
      values[i] = v;
    }
    const instance = instanceOf(cls);
    return instance[method](...(values as unknown[]));
  };
}

/** The parts of type-graphql's metadata storage read here. */
export interface TypeGraphqlMetadata {
  objectTypes: { name: string; target: ClassRef; fields?: FieldMeta[] }[];
  fieldResolvers: FieldResolverMeta[];
  queries: HandlerMeta[];
  inputTypes: { target: ClassRef; fields: InputField[] }[];
  argumentTypes: { target: ClassRef; fields: InputField[] }[];
}

/** The parameter kinds compiled here; any other keeps type-graphql's own resolver. */
export const COMPILED_PARAMETER_KINDS = ['root', 'context', 'info', 'arg', 'args'] as const;

/**
 * type-graphql's metadata storage, checked against the shapes read here: the storage is private to
 * type-graphql, so an upgrade that changes it stops the schema from building, naming what moved,
 * rather than compiling resolvers from misread metadata (test/unit/type-graphql-metadata.test.ts).
 */
export function typeGraphqlMetadata(): TypeGraphqlMetadata {
  const storage = getMetadataStorage() as unknown as Record<string, unknown>;
  const problems: string[] = [];
  const list = (key: keyof TypeGraphqlMetadata) => {
    const value = storage[key];
    if (!Array.isArray(value)) problems.push(`${key} is not a list`);
    return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  };
  const expect = (where: string, entry: Record<string, unknown>, key: string, type: string, optional = false) => {
    const value = entry[key];
    if (optional && value === undefined) return;
    const ok = type === 'array' ? Array.isArray(value) : typeof value === type;
    if (!ok) problems.push(`${where}.${key} is not a ${type}`);
  };
  const params = (where: string, entry: Record<string, unknown>) => {
    expect(where, entry, 'params', 'array', true);
    for (const p of (entry.params as Record<string, unknown>[] | undefined) ?? []) {
      expect(`${where}.params[]`, p, 'kind', 'string');
      expect(`${where}.params[]`, p, 'index', 'number');
    }
  };
  for (const t of list('objectTypes')) {
    expect('objectTypes[]', t, 'name', 'string');
    expect('objectTypes[]', t, 'target', 'function');
    expect('objectTypes[]', t, 'fields', 'array', true);
    for (const f of (t.fields as Record<string, unknown>[] | undefined) ?? []) {
      expect('objectTypes[].fields[]', f, 'name', 'string');
      expect('objectTypes[].fields[]', f, 'schemaName', 'string');
      expect('objectTypes[].fields[]', f, 'target', 'function');
    }
  }
  for (const r of list('fieldResolvers')) {
    if (r.kind !== 'internal' && r.kind !== 'external')
      problems.push('fieldResolvers[].kind is not internal or external');
    expect('fieldResolvers[]', r, 'target', 'function');
    expect('fieldResolvers[]', r, 'methodName', 'string');
    expect('fieldResolvers[]', r, 'getObjectType', 'function', r.kind === 'internal');
    params('fieldResolvers[]', r);
  }
  for (const q of list('queries')) {
    expect('queries[]', q, 'target', 'function');
    expect('queries[]', q, 'methodName', 'string');
    expect('queries[]', q, 'schemaName', 'string');
    params('queries[]', q);
  }
  for (const key of ['inputTypes', 'argumentTypes'] as const)
    for (const t of list(key)) {
      expect(`${key}[]`, t, 'target', 'function');
      expect(`${key}[]`, t, 'fields', 'array');
      for (const f of (t.fields as Record<string, unknown>[] | undefined) ?? []) {
        expect(`${key}[].fields[]`, f, 'name', 'string');
        expect(`${key}[].fields[]`, f, 'getType', 'function');
      }
    }
  if (problems.length > 0)
    throw new Error(
      `type-graphql's metadata is not as src/direct-resolvers.ts reads it (a type-graphql upgrade?): ` +
        `${[...new Set(problems)].join('; ')}.`,
    );
  return storage as unknown as TypeGraphqlMetadata;
}

/** Compiles the direct resolvers into the built schema; returns it (mutated) and how many fields were replaced. */
export function compileDirectResolvers(
  schema: GraphQLSchema,
  resolverClasses: readonly ClassRef[],
): { schema: GraphQLSchema; replaced: number } {
  const storage = typeGraphqlMetadata();
  // A class's fields with its superclasses' (those it redeclares not twice), as type-graphql collects them.
  const fieldsFrom =
    (metas: { target: ClassRef; fields: InputField[] }[]): FieldsOf =>
    (target) => {
      if (typeof target !== 'function') return null;
      const fields: InputField[] = [];
      let found = false;
      for (
        let cls = target as ClassRef;
        cls && cls.prototype !== undefined;
        cls = Object.getPrototypeOf(cls) as ClassRef
      ) {
        const meta = metas.find((t) => t.target === cls);
        if (meta) {
          found = true;
          for (const f of meta.fields) if (!fields.some((known) => known.name === f.name)) fields.push(f);
        }
      }
      return found ? fields : null;
    };
  const inputFields = fieldsFrom(storage.inputTypes);
  const argsFields = fieldsFrom(storage.argumentTypes);
  const resolverSet = new Set<ClassRef>(resolverClasses);
  const instances = new Map<ClassRef, Instance>();
  const instanceOf = (cls: ClassRef) => {
    let i = instances.get(cls);
    if (!i) instances.set(cls, (i = new (cls as new () => Instance)()));
    return i;
  };
  let replaced = 0;
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name) as GraphQLObjectType | undefined;
    if (!type || !('getFields' in type)) continue;
    const fields = type.getFields();
    for (const field of objectType.fields ?? []) {
      const graphqlField = fields[field.schemaName];
      if (!graphqlField?.resolve) continue;
      const original = graphqlField.resolve as Resolve;
      const fieldResolver = storage.fieldResolvers.find(
        (r) =>
          (r.kind === 'internal' || resolverSet.has(r.target)) &&
          r.getObjectType?.() === field.target &&
          r.methodName === field.name,
      );
      if (!fieldResolver) {
        if (field.roles || field.middlewares?.length) continue;
        const name = field.name;
        graphqlField.resolve = (root) => (root as Record<string, unknown>)[name];
        replaced++;
        continue;
      }
      if (fieldResolver.kind !== 'external' || fieldResolver.roles || fieldResolver.middlewares?.length) continue;
      const getters = paramGetters(fieldResolver.params ?? [], inputFields, argsFields);
      if (!getters) continue;
      graphqlField.resolve = directCall(instanceOf, fieldResolver.target, fieldResolver.methodName, getters, original);
      replaced++;
    }
  }
  // Queries likewise (mutations keep type-graphql's path: few per request, and they write).
  const queryFields = schema.getQueryType()?.getFields() ?? {};
  for (const handler of storage.queries) {
    const graphqlField = queryFields[handler.schemaName];
    if (!graphqlField?.resolve || !resolverSet.has(handler.target) || handler.roles || handler.middlewares?.length)
      continue;
    const getters = paramGetters(handler.params ?? [], inputFields, argsFields);
    if (!getters) continue;
    graphqlField.resolve = directCall(
      instanceOf,
      handler.target,
      handler.methodName,
      getters,
      graphqlField.resolve as Resolve,
    );
    replaced++;
  }
  return { schema, replaced };
}
