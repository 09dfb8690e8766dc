/**
 * Budgets of the report page (/report), measured in headless Chromium against a running server:
 *
 *   npm run report:budgets -- [baseUrl]        (default http://127.0.0.1:4000)
 *   npx tsx scripts/check-report.ts http://127.0.0.1:4615
 *
 * - JavaScript: the bytes the page's scripts take on the wire, gzip-compressed as the server sends
 *   them. Budget: 150 KB.
 * - First render: from navigation start to the whole report of the seed force drawn (the page's
 *   `report-rendered` performance mark), in a fresh browser context each time (no HTTP cache); the
 *   median of several loads after one warm-up load (which teaches the server the persisted queries).
 *   Budget: 1 s.
 * Prints the figures as JSON; exits 1 when a budget is exceeded. CHROMIUM names the browser
 * (default /usr/bin/chromium).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const JS_BUDGET_BYTES = 150 * 1024;
export const RENDER_BUDGET_MS = 1000;
/** The page's mark once its first screen (introduction, dashboard, scorecard) is drawn. */
const MARK = 'report-first-render';
export const SEED_VIEW = '?plan=LEICESTERSHIRE-2013-14&area=LEICESTERSHIRE&month=2013-11';

export function haveChromium(path: string = CHROMIUM): boolean {
  return existsSync(path);
}

export function launchChromium(path: string = CHROMIUM): Promise<Browser> {
  return chromium.launch({
    executablePath: path,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface Budgets {
  scriptGzipBytes: number;
  scriptBudgetBytes: number;
  renderMs: number[];
  medianRenderMs: number;
  /** The whole report (every section) drawn: reported, no budget. */
  medianFullRenderMs: number;
  renderBudgetMs: number;
  ok: boolean;
}

/** One load of the report in a fresh context: ms from navigation start to the first screen and to the whole report. */
export async function timeFirstRender(browser: Browser, url: string): Promise<{ first: number; full: number }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('report-rendered').length > 0, undefined, {
      timeout: 30_000,
    });
    const [first, full] = await page.evaluate(
      (marks) => marks.map((mark) => performance.getEntriesByName(mark)[0].startTime),
      [MARK, 'report-rendered'],
    );
    return { first: Math.round(first), full: Math.round(full) };
  } finally {
    await context.close();
  }
}

/** Gzip bytes of every script the page loads, as the server sends them. */
export async function scriptBytes(baseUrl: string): Promise<number> {
  const html = await (await fetch(`${baseUrl}/report`)).text();
  let total = 0;
  for (const [, src] of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) {
    const res = await fetch(new URL(src, baseUrl), { headers: { 'accept-encoding': 'gzip' } });
    if (res.headers.get('content-encoding') !== 'gzip') throw new Error(`${src} was not sent gzip-compressed`);
    total += Number(res.headers.get('content-length'));
  }
  return total;
}

export async function measureBudgets(baseUrl: string, browser: Browser, loads = 5): Promise<Budgets> {
  const url = `${baseUrl}/report${SEED_VIEW}`;
  await timeFirstRender(browser, url); // warm-up: the server learns the persisted queries
  const times: { first: number; full: number }[] = [];
  for (let i = 0; i < loads; i++) times.push(await timeFirstRender(browser, url));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const renderMs = times.map((t) => t.first);
  const medianRenderMs = median(renderMs);
  const medianFullRenderMs = median(times.map((t) => t.full));
  const scriptGzipBytes = await scriptBytes(baseUrl);
  return {
    scriptGzipBytes,
    scriptBudgetBytes: JS_BUDGET_BYTES,
    renderMs,
    medianRenderMs,
    medianFullRenderMs,
    renderBudgetMs: RENDER_BUDGET_MS,
    ok: scriptGzipBytes < JS_BUDGET_BYTES && medianRenderMs < RENDER_BUDGET_MS,
  };
}

async function main(): Promise<void> {
  const baseUrl = (process.argv[2] ?? 'http://127.0.0.1:4000').replace(/\/$/, '');
  if (!haveChromium()) {
    console.error(`No Chromium at ${CHROMIUM} (set CHROMIUM): the render budget cannot be measured.`);
    process.exit(1);
  }
  const browser = await launchChromium();
  try {
    const budgets = await measureBudgets(baseUrl, browser);
    console.log(JSON.stringify(budgets, null, 2));
    if (!budgets.ok) process.exit(1);
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
