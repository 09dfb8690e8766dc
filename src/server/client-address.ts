import { isIP } from 'node:net';

/**
 * The caller's address. Behind `hops` trusted proxies (TRUST_PROXY), each appends the address it
 * received from to X-Forwarded-For, so the entry `hops` from the right is the one the outermost
 * trusted proxy saw: entries further left were written by the client and prove nothing (a client
 * that sends a fresh one each time must not get a fresh rate budget). Fewer entries than hops: the
 * leftmost. Not an IP address, or no proxy trusted: the socket's peer.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  hops: number,
): string {
  const peer = socketAddress || 'unknown';
  if (hops <= 0 || forwardedFor === undefined) return peer;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return peer;
  const entry = entries[Math.max(0, entries.length - hops)];
  return isIP(entry) ? entry : peer;
}
