import type { ServerResponse } from 'node:http';

/** Placeholder until the explorer lands: serves nothing. */
export function serveExplorer(_path: string, _res: ServerResponse): boolean {
  return false;
}
