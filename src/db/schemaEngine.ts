import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/**
 * Prisma's schema engine compiled to WebAssembly. The package is an ES module built for
 * bundlers (it imports its .wasm file as a module), so we instantiate the .wasm ourselves
 * and hand it to the generated bindings; this runs in plain Node and under jest alike.
 */
// The attributes object of a type import is a type, yet typescript-eslint checks it as an untyped value.
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
type EngineModule = typeof import('@prisma/schema-engine-wasm', { with: { 'resolution-mode': 'import' } });
export type SchemaEngine = EngineModule['SchemaEngine']['prototype'];

// Node has WebAssembly, but @types/node does not declare it without the DOM lib.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

let loaded: Promise<EngineModule> | undefined;

function loadEngineModule(): Promise<EngineModule> {
  loaded ??= (async () => {
    const entry = require.resolve('@prisma/schema-engine-wasm');
    const bindings = (await import(join(dirname(entry), 'schema_engine_bg.js'))) as EngineModule & {
      __wbg_set_wasm(exports: unknown): void;
    };
    const bytes = readFileSync(join(dirname(entry), 'schema_engine_bg.wasm'));
    // The engine arms JS timers (timeouts of its async runtime) that would keep a finished
    // process alive for seconds after its work is done; unref them so they never do.
    const imports: Record<string, unknown> = { ...bindings };
    for (const name of Object.keys(imports).filter((k) => k.startsWith('__wbg_setTimeout_'))) {
      imports[name] = (callback: () => void, ms: number) => {
        const timer = setTimeout(callback, ms >>> 0);
        timer.unref();
        return timer;
      };
    }
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return bindings;
  })();
  return loaded;
}

export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schema?: { path: string; content: string },
): Promise<SchemaEngine> {
  const mod = await loadEngineModule();
  const log = (message: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`schema-engine: ${message}\n`);
  };
  return mod.SchemaEngine.new(
    { datamodels: schema ? [[schema.path, schema.content]] : undefined },
    log,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
