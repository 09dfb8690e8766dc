import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding package.json, found from this file whether it runs from src/ or dist/. */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${start}`);
    dir = up;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const SCHEMA_PATH = join(PROJECT_ROOT, 'prisma', 'schema.prisma');
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'prisma', 'migrations');
export const SEED_DIR = join(PROJECT_ROOT, 'data', 'seed');
export const SCHEMA_GRAPHQL_PATH = join(PROJECT_ROOT, 'schema.graphql');
export const REFERENCE_DIR = join(PROJECT_ROOT, 'data', 'reference');
