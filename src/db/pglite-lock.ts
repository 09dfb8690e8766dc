/**
 * One process at a time on a PGlite folder. PGlite is PostgreSQL inside one process: a second
 * process opening the same folder sees none of the first one's later writes (a key made by
 * `npm run apikey` stays unknown to the running server) and both write the same files. So
 * every process that opens a folder (the server, the import, seed, reference and apikey
 * commands) first creates `police-api.lock` in it, atomically, with its pid; another process
 * finds the file and is refused with a message saying who holds it. A lock whose process has
 * died (killed, crashed) is stale: it is taken over, the pid tells.
 */
import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'police-api.lock';

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

/** The folder is in use by another live process. */
export class StoreInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The PGlite store in ${dir} is in use by another process (pid ${holder.pid} on ${holder.host}, ` +
        `"${holder.command}", since ${holder.since}). ` +
        'PGlite serves one process at a time: stop that process first (a running server: use its API instead), ' +
        `or, if no such process exists any more, delete ${join(dir, LOCK_FILE)}.`,
    );
  }
}

/** Locks held by this process, released on exit whatever the way out. */
const held = new Set<string>();
process.once('exit', () => {
  for (const file of held) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, another user's
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : null;
  } catch {
    return null; // unreadable or half written: treated as stale
  }
}

/**
 * Takes the folder's lock, or throws StoreInUseError. Returns the release function. A lock of
 * this host whose process is gone is stale and taken over; a lock of another host (a shared
 * volume) cannot be checked and is respected.
 */
export function lockPgliteFolder(dir: string): () => void {
  const folder = resolve(dir);
  const file = join(folder, LOCK_FILE);
  if (held.has(file))
    throw new StoreInUseError(
      folder,
      readHolder(file) ?? { pid: process.pid, host: hostname(), command: 'this process', since: '?' },
    );
  mkdirSync(folder, { recursive: true });
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: process.argv.slice(1).join(' ').slice(0, 200),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      const stale = !holder || (holder.host === me.host && (holder.pid === process.pid || !alive(holder.pid)));
      if (!stale) throw new StoreInUseError(folder, holder);
      try {
        unlinkSync(file);
      } catch {
        // another process took it over first: the next attempt tells
      }
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    held.add(file);
    return () => {
      if (!held.delete(file)) return;
      if (readHolder(file)?.pid === process.pid) unlinkSync(file);
    };
  }
  throw new StoreInUseError(folder, readHolder(file) ?? me);
}
