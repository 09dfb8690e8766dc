/**
 * The secret key of the disclosure noise (src/auth/perturbation.ts), from DISCLOSURE_KEY. It
 * never leaves the server: it only seeds the noise, and answers show the noisy counts alone.
 *
 * Every instance answering the same data must hold the same key, or an anonymous caller could
 * ask each instance in turn and average their independent noise away (or each restart). In
 * production (NODE_ENV=production) with a configured store (DATABASE_URL or PGLITE_DATA_DIR) an
 * unset key stops the server; elsewhere (development, or the in-memory demo that `docker run`
 * of the image serves) a random key is made for the process, with a warning.
 */
import { randomBytes } from 'node:crypto';

/** The shortest key accepted: 16 characters (use e.g. `openssl rand -hex 32`). */
export const MIN_KEY_LENGTH = 16;

let cached: { raw: string | undefined; key: Buffer } | null = null;

export function disclosureKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const raw = env.DISCLOSURE_KEY;
  if (cached && cached.raw === raw) return cached.key;
  let key: Buffer;
  if (raw === undefined || raw.trim() === '') {
    if (env.NODE_ENV === 'production' && (env.DATABASE_URL || env.PGLITE_DATA_DIR)) {
      throw new Error(
        'DISCLOSURE_KEY must be set in production with a configured store, to the same secret on every ' +
          'instance (e.g. `openssl rand -hex 32`).',
      );
    }
    key = randomBytes(32);
    console.warn(
      'DISCLOSURE_KEY is not set: disclosure noise uses a random key for this process only; set the same key ' +
        'on every instance.',
    );
  } else {
    if (raw.length < MIN_KEY_LENGTH)
      throw new Error(`DISCLOSURE_KEY must be at least ${MIN_KEY_LENGTH} characters long.`);
    key = Buffer.from(raw, 'utf8');
  }
  cached = { raw, key };
  return key;
}
