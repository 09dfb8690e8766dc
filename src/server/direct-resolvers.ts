import { getMetadataStorage } from 'type-graphql';
import { GraphQLScalarType, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';

/**
 * type-graphql wraps every field of an object type in a resolver of its own: for a plain
 * property it builds a middleware dispatch; for a @FieldResolver it looks the resolver class
 * up in its container, sorts the method's parameter list and rebuilds it, and for any
 * argument runs an async validation step (a promise per field, even with validation off). A
 * league table of 352 rows resolves thousands of such fields per request, and the wrappers
 * were the largest part of our CPU after graphql-js itself (bench/README.md).
 *
 * After the schema is built, this replaces the wrapper of every field for which the wrapper
 * does nothing but pass values through (no middlewares, no @Authorized roles, no custom
 * parameter decorators, validation off) with a resolver compiled once from the same metadata:
 * the same method of the same class, called with the same root, arguments, context and info.
 * Whatever would need type-graphql's conversions (input-type arguments, a root that is not an
 * instance of its class) is left to the original resolver, call by call or field by field.
 */

type Resolve = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;
type Getter = (root: any, args: Record<string, unknown>, ctx: unknown, info: unknown) => unknown;
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
  target: Function;
  name: string;
  schemaName: string;
  roles?: unknown[];
  middlewares?: unknown[];
}
interface FieldResolverMeta {
  kind: 'internal' | 'external';
  target: Function;
  methodName: string;
  getObjectType?: () => Function;
  params?: ParamMeta[];
  roles?: unknown[];
  middlewares?: unknown[];
}

const SIMPLE = new Set<unknown>([String, Boolean, Number, Date, Array, Promise]);

/** True when type-graphql would hand a value of this type over unchanged. */
function passesUnchanged(type: unknown, inputTypes: Set<unknown>): boolean {
  return type instanceof GraphQLScalarType || SIMPLE.has(type) || !inputTypes.has(type);
}

/** A getter per parameter, or null when one needs type-graphql's own handling. */
function paramGetters(params: ParamMeta[], inputTypes: Set<unknown>, argsFields: (target: unknown) => { name: string; getType: () => unknown }[] | null): Getter[] | null {
  const getters: Getter[] = [];
  for (const p of [...params].sort((a, b) => a.index - b.index)) {
    switch (p.kind) {
      case 'root': {
        const prop = p.propertyName;
        const Type = p.getType?.() as (new () => unknown) | undefined;
        const plain = !Type || Type instanceof GraphQLScalarType || typeof Type !== 'function';
        getters.push((root) => {
          const value = prop ? root[prop] : root;
          if (plain || value == null || typeof value !== 'object' || value instanceof Type! || SIMPLE.has(value.constructor)) return value;
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
        if (!passesUnchanged(p.getType?.(), inputTypes)) return null;
        const name = p.name!;
        getters.push((_r, args) => args[name]);
        break;
      }
      case 'args': {
        // An @ArgsType class: a new instance (its initialisers run) with the given arguments on it.
        const ArgsClass = p.getType?.() as new () => Record<string, unknown>;
        const fields = argsFields(ArgsClass);
        if (!fields || fields.some((f) => !passesUnchanged(f.getType(), inputTypes))) return null;
        const names = fields.map((f) => f.name);
        getters.push((_r, args) => {
          const instance = new ArgsClass();
          for (const key of Object.keys(instance)) if (instance[key] === undefined && !(key in args)) delete instance[key];
          for (const name of names) if (args[name] !== undefined) instance[name] = args[name];
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

/** Compiles the direct resolvers into the built schema; returns it (mutated) and how many fields were replaced. */
export function compileDirectResolvers(schema: GraphQLSchema, resolverClasses: readonly Function[]): { schema: GraphQLSchema; replaced: number } {
  const storage = getMetadataStorage() as unknown as {
    objectTypes: { name: string; target: Function; fields?: FieldMeta[] }[];
    fieldResolvers: FieldResolverMeta[];
    inputTypes: { target: Function }[];
    argumentTypes: { target: Function; fields: { name: string; getType: () => unknown }[] }[];
  };
  const inputTypes = new Set<unknown>(storage.inputTypes.map((t) => t.target));
  const argsFields = (target: unknown) => {
    const fields: { name: string; getType: () => unknown }[] = [];
    let found = false;
    for (let cls = target as Function; cls && cls.prototype !== undefined; cls = Object.getPrototypeOf(cls)) {
      const meta = storage.argumentTypes.find((t) => t.target === cls);
      if (meta) {
        found = true;
        fields.push(...meta.fields);
      }
    }
    return found ? fields : null;
  };
  const resolverSet = new Set<Function>(resolverClasses);
  const instances = new Map<Function, Record<string, (...a: unknown[]) => unknown>>();
  const instanceOf = (cls: Function) => {
    let i = instances.get(cls);
    if (!i) instances.set(cls, (i = new (cls as new () => Record<string, (...a: unknown[]) => unknown>)()));
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
        (r) => (r.kind === 'internal' || resolverSet.has(r.target)) && r.getObjectType?.() === field.target && r.methodName === field.name,
      );
      if (!fieldResolver) {
        if (field.roles || field.middlewares?.length) continue;
        const name = field.name;
        graphqlField.resolve = (root) => (root as Record<string, unknown>)[name];
        replaced++;
        continue;
      }
      if (fieldResolver.kind !== 'external' || fieldResolver.roles || fieldResolver.middlewares?.length) continue;
      const getters = paramGetters(fieldResolver.params ?? [], inputTypes, argsFields);
      if (!getters) continue;
      const method = fieldResolver.methodName;
      const cls = fieldResolver.target;
      const count = getters.length;
      graphqlField.resolve = (root, args, ctx, info) => {
        const values = new Array(count);
        for (let i = 0; i < count; i++) {
          const v = getters[i](root, args, ctx, info);
          if (v === CONVERT) return original(root, args, ctx, info);
          values[i] = v;
        }
        const instance = instanceOf(cls);
        return instance[method].apply(instance, values);
      };
      replaced++;
    }
  }
  return { schema, replaced };
}
