/**
 * The performance report page at /report: pickers (plan, area, month; the state is the address),
 * then the seed report's sections filled from the public GraphQL API, one request per view.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import './report.css';
import { apiKey, ask, setApiKey, type Answer, type GraphQLError } from './api';
import * as f from './format';
import contextDoc from './queries/context.graphql';
import horizonDoc from './queries/horizon.graphql';
import reportDoc from './queries/report.graphql';
import { Caveats, Dashboard, League, Objective, Satisfaction, Scorecard, Section, type Navigate } from './sections';
import type { ContextData, ReportData, ScorecardRow, View } from './types';
import { href, readView } from './url';
import { unclaimedWarnings } from './warnings';

const LEVEL_WORDS: Record<string, string> = {
  NATIONAL: 'Country',
  REGION: 'Regions',
  FORCE: 'Force',
  BCU: 'BCUs',
  LPU: 'LPUs',
  NEIGHBOURHOOD: 'Neighbourhoods',
};
const LEVELS = ['NATIONAL', 'REGION', 'FORCE', 'BCU', 'LPU', 'NEIGHBOURHOOD'];

function messageOf(errors: GraphQLError[]): string {
  return errors.map((e) => e.message).join(' ');
}

/** The force a plan is for: the highest area its objectives are set for. */
function forceOf(plan: ContextData['plans'][number]): string | undefined {
  const areas = plan.objectives.map((o) => o.area);
  areas.sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
  return areas[0]?.code;
}

/** The force and every area below it, top level first. */
function areasOf(context: ContextData, force: string): ContextData['areas'] {
  const inside = new Set([force]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const a of context.areas) {
      if (a.parent && inside.has(a.parent.code) && !inside.has(a.code)) {
        inside.add(a.code);
        grew = true;
      }
    }
  }
  return context.areas
    .filter((a) => inside.has(a.code))
    .sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) || a.name.localeCompare(b.name));
}

/** Fills what the address leaves out: the latest plan, its force, the last month with data. */
async function complete(context: ContextData, partial: Partial<View>): Promise<View> {
  const plan = context.plans.find((p) => p.code === partial.plan) ?? context.plans[0];
  if (!plan) throw new Error('The API has no plan yet: load one (see docs/data-loading.md) to see a report.');
  const area = partial.area ?? forceOf(plan) ?? context.areas[0]?.code;
  if (!area) throw new Error('The API has no areas yet.');
  let month = partial.month;
  if (!month || !f.financialYearMonths(plan.financialYear).includes(month)) {
    const answer = await ask<{ performance: { coverage: { monthsWithData: string[] } } }>(horizonDoc, {
      area,
      financialYear: plan.financialYear,
    });
    const months = answer.data?.performance.coverage.monthsWithData ?? [];
    month = months[months.length - 1] ?? f.financialYearMonths(plan.financialYear)[11];
  }
  return { plan: plan.code, area, month };
}

function Pickers({ context, view, navigate }: { context: ContextData; view: View; navigate: Navigate }) {
  const plan = context.plans.find((p) => p.code === view.plan) ?? context.plans[0];
  const force = (plan && forceOf(plan)) ?? view.area;
  const areas = areasOf(context, force);
  const levels = LEVELS.filter((l) => areas.some((a) => a.level === l));
  return (
    <form class="pickers no-print" aria-label="Choose the report" onSubmit={(e) => e.preventDefault()}>
      <label>
        Plan
        <select
          value={view.plan}
          onChange={(e) => navigate({ ...view, plan: (e.target as HTMLSelectElement).value, month: '' })}
        >
          {context.plans.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Area
        <select value={view.area} onChange={(e) => navigate({ ...view, area: (e.target as HTMLSelectElement).value })}>
          {levels.map((l) => (
            <optgroup key={l} label={LEVEL_WORDS[l] ?? l}>
              {areas
                .filter((a) => a.level === l)
                .map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        Month
        <select
          value={view.month}
          onChange={(e) => navigate({ ...view, month: (e.target as HTMLSelectElement).value })}
        >
          {(plan ? f.financialYearMonths(plan.financialYear) : [view.month]).map((m) => (
            <option key={m} value={m}>
              {f.monthName(m)}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

function KeyForm({ onChange }: { onChange: () => void }) {
  const [key, setKey] = useState('');
  const using = Boolean(apiKey());
  return (
    <form
      class="key no-print"
      aria-label="Staff access"
      onSubmit={(e) => {
        e.preventDefault();
        setApiKey(key.trim());
        setKey('');
        onChange();
      }}
    >
      <p>
        {using
          ? 'Showing what your API key may see.'
          : 'Showing what anonymous callers may see: counts of sensitive crimes below force level carry small noise.'}
      </p>
      <label>
        Staff API key
        <input
          type="password"
          autoComplete="off"
          value={key}
          onInput={(e) => setKey((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit">Use key</button>
      {using ? (
        <button
          type="button"
          onClick={() => {
            setApiKey('');
            onChange();
          }}
        >
          Forget key
        </button>
      ) : null}
    </form>
  );
}

function today(): string {
  return new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

/** Date and data horizon in the margin of every printed page (CSS margin boxes, added through the CSSOM). */
function setPrintMargins(text: string): void {
  const sheet = [...document.styleSheets].find((s) => s.href?.includes('/report/assets/'));
  if (!sheet) return;
  const quoted = JSON.stringify(text);
  try {
    for (let i = sheet.cssRules.length - 1; i >= 0; i--) {
      if (sheet.cssRules[i].cssText.startsWith('@page') && sheet.cssRules[i].cssText.includes('bottom-left'))
        sheet.deleteRule(i);
    }
    sheet.insertRule(
      `@page { @bottom-left { content: ${quoted}; font: 8pt sans-serif; color: #333; } ` +
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #333; } }',
      sheet.cssRules.length,
    );
  } catch {
    // a browser without margin boxes prints the header line at the top of the report instead
  }
}

/** `full` false: the first screen only (introduction, dashboard, scorecard); the rest follows a moment later. */
function Report({
  answer,
  view,
  navigate,
  context,
  full,
}: {
  answer: Answer<ReportData>;
  view: View;
  navigate: Navigate;
  context: ContextData;
  full: boolean;
}) {
  const data = answer.data!.dashboard;
  const warnings = answer.warnings;
  const rows = data.scorecard.map((row, index) => ({ row, index }));
  // Objectives with figures of their own, grouped by category in the plan's order.
  const byCategory = new Map<string, { row: ScorecardRow; index: number }[]>();
  for (const r of [...rows].sort((a, b) => a.row.objective.id - b.row.objective.id)) {
    const code = r.row.objective.category?.code;
    if (!code || !r.row.performance) continue;
    byCategory.set(code, [...(byCategory.get(code) ?? []), r]);
  }
  const printed = today();
  const horizon = f.monthName(data.period.to);
  const claimed = [
    ['dashboard', 'scorecard'],
    ['dashboard', 'allCrime'],
    ['dashboard', 'satisfaction'],
  ];
  const others = unclaimedWarnings(warnings, claimed);
  const peerGroup = context.areas.find(
    (a) => a.code === forceOf(context.plans.find((p) => p.code === view.plan) ?? context.plans[0]),
  )?.peerGroups[0];
  return (
    <>
      <p class="print-header">
        {data.area.name} performance report &middot; {data.plan.name} &middot; printed {printed} &middot; data to{' '}
        {horizon}
      </p>
      <Section id="introduction" title="Introduction">
        <p>
          Performance of <strong>{data.area.name}</strong> against the objectives of the{' '}
          <strong>{data.plan.name}</strong>, {data.period.label} ({f.monthName(data.period.from)} to {horizon}), against
          the same months a year earlier.
        </p>
        {data.area.ancestors.length ? (
          <nav aria-label="Areas above">
            <ol class="crumbs">
              {[...data.area.ancestors].reverse().map((a) => (
                <li key={a.code}>
                  <a
                    href={href({ ...view, area: a.code })}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate({ ...view, area: a.code });
                    }}
                  >
                    {a.name}
                  </a>
                </li>
              ))}
              <li aria-current="page">{data.area.name}</li>
            </ol>
          </nav>
        ) : null}
        <p class="horizon">
          Data to {horizon}. Printed {printed}.
        </p>
      </Section>
      <Section id="dashboard" title="Current performance overview: dashboard">
        <Dashboard data={data} warnings={warnings} />
      </Section>
      <Section id="scorecard" title="Emergent scorecard">
        <Scorecard rows={data.scorecard} warnings={warnings} />
      </Section>
      {full ? (
        <>
          <Section id="objectives" title="Performance against strategic objectives">
            {[...byCategory.values()].map((group) => (
              <Objective
                key={group[0].row.objective.id}
                rows={group}
                data={data}
                view={view}
                navigate={navigate}
                warnings={warnings}
              />
            ))}
          </Section>
          <Section id="satisfaction" title="Victim satisfaction">
            <Satisfaction data={data} warnings={warnings} />
          </Section>
          <Section id="league" title={`League table: ${peerGroup?.name ?? 'every force'}`}>
            <League
              rows={answer.data!.league}
              areaCode={data.area.ancestors.find((a) => a.level === 'FORCE')?.code ?? data.area.code}
              period={data.period.label}
            />
            <Caveats warnings={others.filter((w) => w.path?.[0] === 'league')} />
          </Section>
          <Section id="notes" title="Notes">
            <Caveats warnings={others.filter((w) => w.path?.[0] !== 'league')} />
            <p>
              Figures come from the public API (<code>/graphql</code>) as of the time of printing. A change is on the
              same months a year earlier; a control chart signal marks a month outside the natural process limits or a
              run of eight on one side of the centre line.
            </p>
          </Section>
        </>
      ) : null}
    </>
  );
}

function App() {
  const [context, setContext] = useState<ContextData | null>(null);
  const [view, setView] = useState<View | null>(null);
  const [answer, setAnswer] = useState<{ key: string; answer: Answer<ReportData> } | null>(null);
  const [error, setError] = useState('');
  const [keyVersion, setKeyVersion] = useState(0);
  const [full, setFull] = useState(false);
  // The plans and areas are asked for once; handlers made at mount read them from here.
  const contextRef = useRef<ContextData | null>(null);

  const navigate: Navigate = (next) => {
    history.pushState(null, '', href(next));
    setView(null);
    void resolve();
  };

  async function resolve() {
    try {
      let ctx = contextRef.current;
      if (!ctx) {
        const got = await ask<ContextData>(contextDoc, {});
        if (!got.data) throw new Error(messageOf(got.errors) || 'The API did not answer.');
        ctx = contextRef.current = got.data;
        setContext(ctx);
      }
      const full = await complete(ctx, readView());
      const wanted = href(full);
      if (wanted !== location.search) history.replaceState(null, '', wanted);
      setView(full);
    } catch (err) {
      setError(String((err as Error).message ?? err));
    }
  }

  useEffect(() => {
    void resolve();
    const onPop = () => {
      setView(null);
      void resolve();
    };
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    if (!view || !context) return;
    const key = `${href(view)}#${keyVersion}`;
    const plan = context.plans.find((p) => p.code === view.plan);
    const force = plan ? forceOf(plan) : undefined;
    const peerGroup = context.areas.find((a) => a.code === force)?.peerGroups[0]?.code ?? null;
    setError('');
    ask<ReportData>(reportDoc, {
      plan: view.plan,
      area: view.area,
      asOf: view.month,
      period: { financialYear: plan?.financialYear, asOf: view.month },
      peerGroup,
    }).then(
      (got) => {
        if (!got.data) setError(messageOf(got.errors) || 'The API did not answer.');
        else {
          setFull(false);
          setAnswer({ key, answer: got });
        }
      },
      (err) => setError(`The API could not be reached: ${String(err)}`),
    );
  }, [view, context, keyVersion]);

  const current = view && answer?.key === `${href(view)}#${keyVersion}` ? answer.answer : null;

  useEffect(() => {
    if (!current || !view) return;
    const d = current.data!.dashboard;
    document.title = `${d.area.name}: performance report, ${d.period.label}`;
    setPrintMargins(`${d.area.name} · ${d.plan.name} · printed ${today()} · data to ${f.monthName(d.period.to)}`);
    performance.mark('report-first-render');
    // The first screen is drawn; the objectives, satisfaction and league table follow in the next task.
    const timer = setTimeout(() => setFull(true), 0);
    return () => clearTimeout(timer);
  }, [current]);

  useEffect(() => {
    if (!full || !view) return;
    document.body.dataset.view = href(view);
    performance.mark('report-rendered');
  }, [full, current]);

  return (
    <>
      <header class="masthead">
        <h1>Police and crime performance report</h1>
        {context && view ? <Pickers context={context} view={view} navigate={navigate} /> : null}
        <KeyForm onChange={() => setKeyVersion((v) => v + 1)} />
      </header>
      <main id="report" aria-busy={current ? 'false' : 'true'}>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        {!current && !error ? <p role="status">Loading the report&hellip;</p> : null}
        {current && view && context ? (
          <Report answer={current} view={view} navigate={navigate} context={context} full={full} />
        ) : null}
        {current?.errors.length ? (
          <Caveats
            warnings={current.errors.map((e) => ({ code: e.extensions?.code ?? 'ERROR', message: e.message }))}
          />
        ) : null}
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
