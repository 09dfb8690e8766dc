/**
 * Small SVG charts drawn by Preact: no chart library (see docs/report-page.md). Each chart is an
 * image with a text title; the numbers it draws are always in a table next to it.
 */
import { monthName } from './format';

const W = 640;
const H = 220;
const M = { top: 12, right: 16, bottom: 28, left: 48 };

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= value / 4)! * power;
  return Math.ceil(value / step) * step;
}

function ticks(max: number): number[] {
  return [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
}

export interface MonthPoint {
  month: string;
  current: number | null;
  previous: number | null;
  signals: string[];
}

export interface Limits {
  centreLine: number;
  upperLimit: number | null;
  lowerLimit: number | null;
}

/** This year against last year, month by month, with the control chart's centre line and limits. */
export function MonthlyChart({
  title,
  points,
  limits,
}: {
  title: string;
  points: MonthPoint[];
  limits: Limits | null;
}) {
  const values = points.flatMap((p) => [p.current ?? 0, p.previous ?? 0]);
  if (limits?.upperLimit) values.push(limits.upperLimit);
  const max = niceMax(Math.max(1, ...values));
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const x = (i: number) => M.left + (points.length <= 1 ? iw / 2 : (i * iw) / (points.length - 1));
  const y = (v: number) => M.top + ih - (v / max) * ih;
  const line = (key: 'current' | 'previous') =>
    points
      .map((p, i) => (p[key] === null ? null : `${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`))
      .filter(Boolean)
      .join(' ');
  const hline = (v: number | null | undefined, cls: string) =>
    v === null || v === undefined ? null : <line class={cls} x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} />;
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
      <title>{title}</title>
      {ticks(max).map((t) => (
        <g key={t}>
          <line class="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text class="axis" x={M.left - 6} y={y(t) + 4} text-anchor="end">
            {Math.round(t).toLocaleString('en-GB')}
          </text>
        </g>
      ))}
      {points.map((p, i) => (
        <text key={p.month} class="axis" x={x(i)} y={H - 8} text-anchor="middle">
          {monthName(p.month, true).slice(0, 3)}
        </text>
      ))}
      {hline(limits?.upperLimit, 'limit')}
      {hline(limits?.lowerLimit, 'limit')}
      {hline(limits?.centreLine, 'centre')}
      <polyline class="previous" points={line('previous')} />
      <polyline class="current" points={line('current')} />
      {points.map((p, i) =>
        p.current === null ? null : (
          <circle
            key={p.month}
            class={p.signals.length ? 'signal' : 'dot'}
            cx={x(i)}
            cy={y(p.current)}
            r={p.signals.length ? 6 : 3}
          />
        ),
      )}
    </svg>
  );
}

export interface Bar {
  label: string;
  value: number | null;
  highlight?: boolean;
}

/** Horizontal bars (peer rates per 1,000) with the peer band (mean ± one standard deviation) shaded. */
export function BarChart({
  title,
  bars,
  band,
}: {
  title: string;
  bars: Bar[];
  band?: { mean: number; sd: number } | null;
}) {
  const rowH = 22;
  const left = 230;
  const width = W - left - 60;
  const height = bars.length * rowH + 8;
  const max = niceMax(Math.max(1, ...bars.map((b) => b.value ?? 0), band ? band.mean + band.sd : 0));
  const x = (v: number) => left + (Math.max(0, v) / max) * width;
  return (
    <svg class="chart bars" viewBox={`0 0 ${W} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {band ? (
        <rect
          class="band"
          x={x(band.mean - band.sd)}
          y={0}
          width={x(band.mean + band.sd) - x(band.mean - band.sd)}
          height={height}
        />
      ) : null}
      {band ? <line class="centre" x1={x(band.mean)} x2={x(band.mean)} y1={0} y2={height} /> : null}
      {bars.map((b, i) => (
        <g key={b.label}>
          <text class="axis" x={left - 8} y={i * rowH + 19} text-anchor="end">
            {b.label}
          </text>
          <rect
            class={b.highlight ? 'bar highlight' : 'bar'}
            x={left}
            y={i * rowH + 6}
            width={Math.max(0, x(b.value ?? 0) - left)}
            height={rowH - 8}
          />
          <text class="axis" x={x(b.value ?? 0) + 4} y={i * rowH + 19}>
            {b.value === null ? 'no figure' : b.value.toFixed(2)}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** A rate series (percent) with a target line, e.g. rolling 12-month satisfaction. */
export function RateChart({
  title,
  points,
  target,
}: {
  title: string;
  points: { month: string; value: number | null }[];
  target: number | null;
}) {
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (target !== null) values.push(target);
  const lo = Math.max(0, Math.floor((Math.min(100, ...values) - 5) / 5) * 5);
  const hi = Math.min(100, Math.ceil((Math.max(0, ...values) + 2) / 5) * 5);
  const x = (i: number) => M.left + (points.length <= 1 ? iw / 2 : (i * iw) / (points.length - 1));
  const y = (v: number) => M.top + ih - ((v - lo) / Math.max(1, hi - lo)) * ih;
  const path = points
    .map((p, i) => (p.value === null ? null : `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
      <title>{title}</title>
      {[lo, (lo + hi) / 2, hi].map((t) => (
        <g key={t}>
          <line class="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text class="axis" x={M.left - 6} y={y(t) + 4} text-anchor="end">{`${t}%`}</text>
        </g>
      ))}
      {points.map((p, i) => (
        <text key={p.month} class="axis" x={x(i)} y={H - 8} text-anchor="middle">
          {monthName(p.month, true).slice(0, 3)}
        </text>
      ))}
      {target !== null ? <line class="limit" x1={M.left} x2={W - M.right} y1={y(target)} y2={y(target)} /> : null}
      <polyline class="current" points={path} />
    </svg>
  );
}
