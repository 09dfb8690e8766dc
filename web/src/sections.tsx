/** The report's sections, in the seed report's order. Every chart has its numbers in a table beside it. */
import type { ComponentChildren } from 'preact';
import { BarChart, MonthlyChart, RateChart } from './charts';
import * as f from './format';
import type { Disclosure, Figures, LeagueRow, ReportData, SatisfactionFigures, ScorecardRow, View } from './types';
import { href } from './url';
import { warningsAt, type Warning } from './warnings';

export type Navigate = (view: View) => void;

/** Caveats and withheld figures, shown beside what they concern. */
export function Caveats({ warnings, disclosure }: { warnings: Warning[]; disclosure?: Disclosure | null }) {
  const notes: string[] = warnings.map((w) => `${w.message} (${w.code})`);
  if (disclosure?.withheld)
    notes.push(disclosure.reason ?? 'These figures are withheld from callers without an API key.');
  else if (disclosure?.restricted) {
    notes.push(
      'A sensitive category below force level: for callers without an API key its counts carry small noise ' +
        '(a few either way), and breakdowns that cannot carry it, such as the peer comparison, are withheld.',
    );
  }
  if (!notes.length) return null;
  return (
    <ul class="caveats" aria-label="Caveats">
      {notes.map((n) => (
        <li key={n}>
          <span class="caveat-mark">Note:</span> {n}
        </li>
      ))}
    </ul>
  );
}

function Badge({ level }: { level: string }) {
  return <span class={`badge ${level.toLowerCase()}`}>{f.HARM_WORDS[level] ?? level}</span>;
}

function MetWords({ value }: { value: boolean | null | undefined }) {
  return <span class={value === true ? 'met' : value === false ? 'not-met' : ''}>{f.met(value)}</span>;
}

export function Scorecard({ rows, warnings }: { rows: ScorecardRow[]; warnings: Warning[] }) {
  return (
    <table class="scorecard" id="scorecard-table">
      <caption>
        Every objective of the plan, highest classification first: actual against target and the overall classification.
      </caption>
      <thead>
        <tr>
          <th scope="col">Objective</th>
          <th scope="col">Harm</th>
          <th scope="col">Actual</th>
          <th scope="col">Target</th>
          <th scope="col">Gap</th>
          <th scope="col">Target met</th>
          <th scope="col">Trend</th>
          <th scope="col">Classification</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => {
          const m = row.objective.measure;
          const trend = row.performance?.trend?.direction;
          return (
            <tr key={row.objective.id} data-objective={row.objective.id}>
              <th scope="row">
                {row.objective.description}
                <Caveats warnings={warningsAt(warnings, ['dashboard', 'scorecard', i])} disclosure={row.disclosure} />
              </th>
              <td data-field="harm">{f.HARM_WORDS[row.objective.harm]}</td>
              <td data-field="actual" class="num">
                {f.actual(m, row.actual)}
              </td>
              <td data-field="target" class="num">
                {f.target(m, row.target)}
              </td>
              <td data-field="gap" class="num">
                {f.gap(m, row.gap)}
              </td>
              <td data-field="met">
                <MetWords value={row.met} />
              </td>
              <td data-field="trend">{trend && m !== 'SATISFACTION' ? f.TREND_WORDS[trend] : '\u2013'}</td>
              <td data-field="classification">
                <Badge level={row.classification} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function Dashboard({ data, warnings }: { data: ReportData['dashboard']; warnings: Warning[] }) {
  const all = data.allCrime;
  return (
    <div class="side-by-side">
      <div>
        <FigureTable
          caption={`All crime, ${data.period.label}`}
          rows={[
            ['Recorded crimes', f.count(all.recorded)],
            ['Same months last year', f.count(all.previousRecorded)],
            ['Change', `${f.signedCount(all.change)} (${f.signedPercent(all.percentChange)})`],
            ['Reduction target', all.targetReduction === null ? '\u2013' : `${all.targetReduction}%`],
            ['Gap to target', f.gap('RECORDED_CRIME', all.gapToTarget)],
            ['Target met', <MetWords value={all.targetMet} />, 'words'],
            ['Outcome rate (last year)', `${f.percent(all.outcomeRate)} (${f.percent(all.previousOutcomeRate)})`],
          ]}
        />
        <Caveats warnings={warningsAt(warnings, ['dashboard', 'allCrime'])} disclosure={all.disclosure} />
      </div>
      <table class="figures">
        <caption>Victim satisfaction, rolling 12 months</caption>
        <thead>
          <tr>
            <th scope="col">Survey</th>
            <th scope="col">Satisfied</th>
            <th scope="col">Target</th>
            <th scope="col">Target met</th>
          </tr>
        </thead>
        <tbody>
          {data.satisfaction.map((s) => (
            <tr key={s.survey}>
              <th scope="row">{f.SURVEY_WORDS[s.survey] ?? s.survey}</th>
              <td class="num">{f.percent(s.rate)}</td>
              <td class="num">{f.percent(s.target)}</td>
              <td>
                <MetWords value={s.targetMet} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MonthlySeries({ figures, title }: { figures: Figures; title: string }) {
  const signals = new Map((figures.controlChart?.points ?? []).map((p) => [p.month, p.signals]));
  const points = figures.monthly.map((m) => ({
    month: m.month,
    current: m.withheld || !m.hasData ? null : m.recorded,
    previous: m.withheld ? null : m.previousRecorded,
    signals: signals.get(m.month) ?? [],
  }));
  const cc = figures.controlChart;
  return (
    <div class="chart-pair">
      <figure>
        <MonthlyChart title={title} points={points} limits={cc} />
        <figcaption>
          Solid line: this year; dashed: the same month last year; grey line: the control chart's centre line
          {cc ? ` (${cc.centreLine.toFixed(1)})` : ''}; red lines: its limits
          {cc ? ` (${cc.lowerLimit?.toFixed(1) ?? '\u2013'} to ${cc.upperLimit?.toFixed(1) ?? '\u2013'})` : ''}; large
          dots: signals.
        </figcaption>
      </figure>
      <table class="compact">
        <caption>{title}: the numbers</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">This year</th>
            <th scope="col">Last year</th>
            <th scope="col">Signal</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.month}>
              <th scope="row">{f.monthName(p.month, true)}</th>
              <td class="num">{f.count(p.current)}</td>
              <td class="num">{f.count(p.previous)}</td>
              <td>{p.signals.map((s) => f.SIGNAL_WORDS[s] ?? s).join('; ') || 'none'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Breakdown({
  figures,
  view,
  navigate,
  path,
  warnings,
}: {
  figures: Figures;
  view: View;
  navigate: Navigate;
  path: (string | number)[];
  warnings: Warning[];
}) {
  if (!figures.children.length) return null;
  return (
    <table class="compact breakdown">
      <caption>
        {figures.category.name} by area below, greatest increase first (select an area to open its report)
      </caption>
      <thead>
        <tr>
          <th scope="col">Area</th>
          <th scope="col">This year</th>
          <th scope="col">Last year</th>
          <th scope="col">Change</th>
          <th scope="col">% change</th>
          <th scope="col">Outcome rate</th>
          <th scope="col">Outcomes required</th>
        </tr>
      </thead>
      <tbody>
        {figures.children.map((c, i) => {
          const target = { ...view, area: c.area.code };
          return (
            <tr key={c.area.code}>
              <th scope="row">
                <a
                  href={href(target)}
                  data-drill={c.area.code}
                  onClick={(e) => {
                    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
                    e.preventDefault();
                    navigate(target);
                  }}
                >
                  {c.area.name}
                </a>
                <Caveats warnings={warningsAt(warnings, [...path, 'children', i])} disclosure={c.disclosure} />
              </th>
              <td class="num">{f.count(c.recorded)}</td>
              <td class="num">{f.count(c.previousRecorded)}</td>
              <td class="num">{f.signedCount(c.change)}</td>
              <td class="num">{f.signedPercent(c.percentChange)}</td>
              <td class="num">{f.percent(c.outcomeRate)}</td>
              <td class="num">{f.count(c.outcomesRequired)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Peers({ figures, areaCode }: { figures: Figures; areaCode: string }) {
  const pc = figures.peerComparison;
  if (!pc) return <p>No peer comparison: the area belongs to no peer group, or the figures are withheld.</p>;
  const band = pc.peerMean !== null && pc.peerStdDev !== null ? { mean: pc.peerMean, sd: pc.peerStdDev } : null;
  const title = `${figures.category.name} per 1,000 people, ${pc.period.label}, against ${pc.group.name}`;
  return (
    <div class="chart-pair">
      <figure>
        <BarChart
          title={title}
          bars={pc.members.map((m) => ({ label: m.area.name, value: m.rate, highlight: m.area.code === areaCode }))}
          band={band}
        />
        <figcaption>
          Rate {f.rate(pc.rate)} per 1,000 against a peer mean of {f.rate(pc.peerMean)} (band{' '}
          {f.rate(band ? band.mean - band.sd : null)} to {f.rate(band ? band.mean + band.sd : null)}):{' '}
          <strong>{f.BAND_WORDS[pc.band] ?? pc.band}</strong>, rank {pc.rank ?? '\u2013'} of {pc.members.length} (1 =
          highest rate). The shaded band is the peer mean plus or minus one standard deviation.
        </figcaption>
      </figure>
      <table class="compact">
        <caption>{title}: the numbers</caption>
        <thead>
          <tr>
            <th scope="col">Force</th>
            <th scope="col">Per 1,000</th>
          </tr>
        </thead>
        <tbody>
          {pc.members.map((m) => (
            <tr key={m.area.code} class={m.area.code === areaCode ? 'self' : ''}>
              <th scope="row">{m.area.code === areaCode ? <strong>{m.area.name}</strong> : m.area.name}</th>
              <td class="num">{f.rate(m.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Outcomes({ figures }: { figures: Figures }) {
  return (
    <FigureTable
      caption={`${figures.category.name}: outcomes`}
      rows={[
        ['Outcomes', f.count(figures.outcomes)],
        ['Outcome rate', f.percent(figures.outcomeRate)],
        ['Last year', f.percent(figures.previousOutcomeRate)],
        ['Target rate', f.percent(figures.targetOutcomeRate)],
        ['Outcomes still required', f.count(figures.outcomesRequired)],
        ['Outcome target met', <MetWords value={figures.outcomeTargetMet} />, 'words'],
      ]}
    />
  );
}

/** The report's boxes of key figures: a label and its figure a row (numbers right-aligned, words not). */
function FigureTable({ caption, rows }: { caption: string; rows: [string, ComponentChildren, 'words'?][] }) {
  return (
    <table class="figures">
      <caption>{caption}</caption>
      <tbody>
        {rows.map(([label, value, words]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td class={words ? undefined : 'num'}>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Section({
  id,
  title,
  children,
  level = 2,
}: {
  id: string;
  title: string;
  children: ComponentChildren;
  level?: 2 | 3;
}) {
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <section id={id} class={`report-section level-${level}`} aria-labelledby={`${id}-title`} data-section={title}>
      <H id={`${id}-title`}>{title}</H>
      {children}
    </section>
  );
}

/** One category's objectives (recorded crime and/or outcome rate), with every figure behind them. */
export function Objective({
  rows,
  data,
  view,
  navigate,
  warnings,
}: {
  rows: { row: ScorecardRow; index: number }[];
  data: ReportData['dashboard'];
  view: View;
  navigate: Navigate;
  warnings: Warning[];
}) {
  const main = rows.find((r) => r.row.performance)!;
  const figures = main.row.performance!;
  const path = ['dashboard', 'scorecard', main.index, 'performance'];
  const hasRecordedTarget = rows.some((r) => r.row.objective.measure === 'RECORDED_CRIME');
  return (
    <Section id={`objective-${figures.category.code.toLowerCase()}`} title={figures.category.name} level={3}>
      <p class="objectives">{rows.map((r) => r.row.objective.description).join('; ')}.</p>
      <Caveats warnings={warningsAt(warnings, path)} disclosure={figures.disclosure} />
      {figures.narrative?.length ? (
        <div class="narrative">
          {figures.narrative.map((s) => (
            <p key={s}>{s}</p>
          ))}
        </div>
      ) : null}
      {hasRecordedTarget ? (
        <FigureTable
          caption={`${figures.category.name}: recorded crime, ${data.period.label}`}
          rows={[
            ['Recorded', f.count(figures.recorded)],
            ['Same months last year', f.count(figures.previousRecorded)],
            ['Change', `${f.signedCount(figures.change)} (${f.signedPercent(figures.percentChange)})`],
            ['Target level', f.count(figures.targetLevel)],
            ['Gap to target', f.gap('RECORDED_CRIME', figures.gapToTarget)],
            [
              `Trend (${figures.trend?.months ?? 6} months)`,
              figures.trend ? f.TREND_WORDS[figures.trend.direction] : '\u2013',
              'words',
            ],
          ]}
        />
      ) : null}
      <MonthlySeries
        figures={figures}
        title={`${figures.category.name}: recorded each month, this year against last year`}
      />
      <Breakdown figures={figures} view={view} navigate={navigate} path={path} warnings={warnings} />
      <Peers figures={figures} areaCode={data.area.code} />
      <Outcomes figures={figures} />
    </Section>
  );
}

function SurveyBlock({ s, index, warnings }: { s: SatisfactionFigures; index: number; warnings: Warning[] }) {
  const name = f.SURVEY_WORDS[s.survey] ?? s.survey;
  const title = `${name}: rolling 12-month satisfaction against the ${f.percent(s.target)} target`;
  return (
    <Section id={`survey-${s.survey.toLowerCase()}`} title={`${name} satisfaction`} level={3}>
      <Caveats warnings={warningsAt(warnings, ['dashboard', 'satisfaction', index])} />
      <table class="compact">
        <caption>
          {name}: satisfaction by aspect, {s.period.label}
        </caption>
        <thead>
          <tr>
            <th scope="col">Aspect</th>
            <th scope="col">Satisfied</th>
            <th scope="col">Respondents</th>
            <th scope="col">Against the target</th>
          </tr>
        </thead>
        <tbody>
          {s.aspects.map((a) => (
            <tr key={a.aspect}>
              <th scope="row">{f.ASPECT_WORDS[a.aspect] ?? a.aspect}</th>
              <td class="num">{f.percent(a.rate)}</td>
              <td class="num">{f.count(a.respondents)}</td>
              <td>
                {s.target === null || a.rate === null
                  ? '\u2013'
                  : a.rate >= s.target
                    ? 'At or above target'
                    : 'Below target'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="chart-pair">
        <figure>
          <RateChart
            title={title}
            points={s.monthly.map((m) => ({ month: m.month, value: m.rollingRate }))}
            target={s.target}
          />
          <figcaption>
            Solid line: whole-experience satisfaction over the 12 months to each month; red line: the target.
          </figcaption>
        </figure>
        <table class="compact">
          <caption>{title}: the numbers</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">That month</th>
              <th scope="col">Rolling 12 months</th>
              <th scope="col">Respondents</th>
            </tr>
          </thead>
          <tbody>
            {s.monthly.map((m) => (
              <tr key={m.month}>
                <th scope="row">{f.monthName(m.month, true)}</th>
                <td class="num">{f.percent(m.rate)}</td>
                <td class="num">{f.percent(m.rollingRate)}</td>
                <td class="num">{f.count(m.respondents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

export function Satisfaction({ data, warnings }: { data: ReportData['dashboard']; warnings: Warning[] }) {
  if (!data.satisfaction.length) return <p>The plan sets no satisfaction target.</p>;
  return (
    <>
      {data.satisfaction.map((s, i) => (
        <SurveyBlock key={s.survey} s={s} index={i} warnings={warnings} />
      ))}
    </>
  );
}

export function League({ rows, areaCode, period }: { rows: LeagueRow[]; areaCode: string; period: string }) {
  return (
    <table class="compact league">
      <caption>All crime in the peer group, {period}, greatest reduction first</caption>
      <thead>
        <tr>
          <th scope="col">Position</th>
          <th scope="col">Force</th>
          <th scope="col">Recorded</th>
          <th scope="col">Last year</th>
          <th scope="col">% change</th>
          <th scope="col">Per 1,000</th>
          <th scope="col">Outcome rate</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.area.code} class={r.area.code === areaCode ? 'self' : ''}>
            <td class="num">{i + 1}</td>
            <th scope="row">{r.area.code === areaCode ? <strong>{r.area.name} (this force)</strong> : r.area.name}</th>
            <td class="num">{f.count(r.recorded)}</td>
            <td class="num">{f.count(r.previousRecorded)}</td>
            <td class="num">{f.signedPercent(r.percentChange)}</td>
            <td class="num">{f.rate(r.crimeRatePer1000)}</td>
            <td class="num">{f.percent(r.outcomeRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export { Section };
