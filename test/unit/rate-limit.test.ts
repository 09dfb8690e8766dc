import { memoryStore } from '../../src/shared-store/shared-store';
import { RateLimiter } from '../../src/ratelimit/rate-limit.service';
import { admits, counterKey, remaining, secondsUntil, windowAt } from '../../src/ratelimit/window';
import { clientAddress } from '../../src/server/client-address';
import { loadConfig } from '../../src/config/config';

describe('window arithmetic', () => {
  it('cuts time into whole minutes since the epoch', () => {
    const at = Date.UTC(2024, 0, 1, 12, 30, 45, 500);
    const w = windowAt(at);
    expect(new Date(w.startMs).toISOString()).toBe('2024-01-01T12:30:00.000Z');
    expect(new Date(w.resetAtMs).toISOString()).toBe('2024-01-01T12:31:00.000Z');
    expect(windowAt(w.resetAtMs).index).toBe(w.index + 1);
    expect(windowAt(w.resetAtMs - 1).index).toBe(w.index);
  });

  it('waits whole seconds, at least one', () => {
    expect(secondsUntil(1_000, 15_500)).toBe(15);
    expect(secondsUntil(1_000, 15_001)).toBe(15);
    expect(secondsUntil(15_000, 15_000)).toBe(1);
  });

  it('admits a cost that fits exactly, never more; remaining never below 0', () => {
    expect(admits(100, 60, 40)).toBe(true);
    expect(admits(100, 60, 41)).toBe(false);
    expect(remaining(100, 130)).toBe(0);
    expect(remaining(100, 30)).toBe(70);
  });

  it('keys a budget by API key or by address, and by window', () => {
    const w = windowAt(0);
    expect(counterKey({ kind: 'API_KEY', keyId: 7 }, w)).toBe('ratelimit:key:7:0');
    expect(counterKey({ kind: 'ADDRESS', address: '::1' }, w)).toBe('ratelimit:addr:::1:0');
  });
});

describe('RateLimiter on the memory store', () => {
  const start = Date.UTC(2024, 0, 1, 12, 0, 10);
  let now = start;
  const store = memoryStore();
  const limiter = new RateLimiter(
    store,
    { costPerMinute: 1000, anonymousCostPerMinute: 100, enabled: true, authFailuresPerMinute: 20 },
    () => now,
  );
  afterAll(() => store.close());

  it(`spends, refuses what does not fit without spending it, settles the difference, \
and starts afresh next minute`, async () => {
    const who = { kind: 'ADDRESS', address: '10.0.0.1' } as const;
    const first = await limiter.charge(who, 60);
    expect(first).toMatchObject({ admitted: true, budget: { limit: 100, used: 60, remaining: 40 } });
    const refused = await limiter.charge(who, 50);
    expect(refused).toMatchObject({ admitted: false, budget: { used: 60, remaining: 40 } });
    expect(limiter.retryAfterSeconds(refused.budget)).toBe(50);
    // The first query really cost 15: 45 points come back, and the second fits.
    expect((await limiter.adjust(first.budget, 15 - 60)).used).toBe(15);
    expect((await limiter.charge(who, 50)).budget.used).toBe(65);
    expect((await limiter.read(who)).remaining).toBe(35);
    // An API key has its own, larger budget.
    expect((await limiter.charge({ kind: 'API_KEY', keyId: 1 }, 900)).admitted).toBe(true);
    now = start + 50_000; // the next minute
    expect((await limiter.read(who)).used).toBe(0);
    expect((await limiter.charge(who, 100)).admitted).toBe(true);
  });
});

describe('an overdraft', () => {
  it('is carried into the next window: a query that cost more than it asked is paid for, not forgiven', async () => {
    const start = Date.UTC(2024, 0, 1, 12, 0, 10);
    let now = start;
    const store = memoryStore();
    const limiter = new RateLimiter(
      store,
      { costPerMinute: 1000, anonymousCostPerMinute: 100, enabled: true, authFailuresPerMinute: 20 },
      () => now,
    );
    const who = { kind: 'ADDRESS', address: '10.0.0.9' } as const;
    const charged = await limiter.charge(who, 90);
    // It really cost 250: 150 past the limit of 100.
    expect((await limiter.adjust(charged.budget, 250 - 90)).used).toBe(250);
    now = start + 60_000;
    expect((await limiter.read(who)).used).toBe(150);
    expect((await limiter.charge(who, 1)).admitted).toBe(false);
    now = start + 120_000;
    expect((await limiter.charge(who, 100)).admitted).toBe(true);
    // Within the limit, nothing is carried; a refund after an overdraft takes back what was carried.
    const other = { kind: 'ADDRESS', address: '10.0.0.10' } as const;
    const a = await limiter.charge(other, 50);
    await limiter.adjust(a.budget, 30);
    const b = await limiter.charge(other, 20);
    await limiter.adjust(b.budget, 40); // used 140: 40 carried
    await limiter.adjust(b.budget, -30); // used 110: 10 carried
    now = start + 180_000;
    expect((await limiter.read(other)).used).toBe(10);
    await store.close();
  });
});

describe('the client address behind TRUST_PROXY hops', () => {
  it('takes the entry as many hops from the right as there are trusted proxies', () => {
    const xff = '192.0.2.9, 198.51.100.4, 10.0.0.1';
    expect(clientAddress('10.0.0.2', xff, 0)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', xff, 1)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.2', xff, 2)).toBe('198.51.100.4');
    expect(clientAddress('10.0.0.2', xff, 3)).toBe('192.0.2.9');
    expect(clientAddress('10.0.0.2', xff, 5)).toBe('192.0.2.9');
    expect(clientAddress('10.0.0.2', undefined, 2)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', 'forged, 10.0.0.1', 2)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', ['192.0.2.9', '2001:db8::1'], 1)).toBe('2001:db8::1');
  });

  it('reads TRUST_PROXY as a number of hops, on (1) or off (0)', () => {
    expect(['', '0', 'off', 'on', 'true', '2'].map((v) => loadConfig({ TRUST_PROXY: v }).trustProxy)).toEqual([
      0, 0, 0, 1, 1, 2,
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY must be the number of proxies/);
  });
});
