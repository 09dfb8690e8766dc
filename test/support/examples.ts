import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');

/** An operation of examples/: its document and the variables of its sibling .variables.json. */
export interface Example {
  /** The file name without .graphql. */
  name: string;
  document: string;
  variables: Record<string, unknown>;
}

/** Every examples/*.graphql with its variables, in name order. */
export function loadExamples(): Example[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.graphql$/, '');
      return {
        name,
        document: readFileSync(join(EXAMPLES_DIR, f), 'utf8'),
        variables: JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.variables.json`), 'utf8')),
      };
    });
}
