/**
 * Figures as the API returns them, where a part is worked out only when a client asks for it
 * (a control chart's points, a peer comparison's period): classes rather than object literals
 * with getters, which V8 builds about 20 times slower (and a league table builds one per row).
 */
import type { ControlChart } from '../calc/control-chart';
import type { PeerBand } from '../calc/peer';
import { formatMonth, monthsBetween } from '../period/month';
import { periodLabel } from '../period/period';
import { toPeriod } from '../period/period.type';

/** A control chart as the API shows it: months formatted only when a client asks for the points. */
export class ControlChartValue {
  readonly centreLine: number;
  readonly upperLimit: number | null;
  readonly lowerLimit: number | null;
  readonly averageMovingRange: number | null;
  readonly hasSignal: boolean;
  private pointList: { month: string; value: number; movingRange: number | null; signals: string[] }[] | undefined =
    undefined;

  constructor(
    private readonly chart: ControlChart,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.centreLine = chart.centreLine;
    this.upperLimit = chart.upperLimit;
    this.lowerLimit = chart.lowerLimit;
    this.averageMovingRange = chart.averageMovingRange;
    this.hasSignal = chart.hasSignal;
  }

  get points() {
    if (!this.pointList) {
      const monthList = monthsBetween(this.from, this.to);
      this.pointList = this.chart.points.map((p) => ({
        month: formatMonth(monthList[p.index]),
        value: p.value,
        movingRange: p.movingRange,
        signals: p.signals,
      }));
    }
    return this.pointList;
  }
}

/** A peer comparison; its period formatted and labelled only when a client asks for it (a league row rarely does). */
export class PeerComparisonResult<G, M> {
  private periodValue: ReturnType<typeof toPeriod> | undefined = undefined;

  constructor(
    readonly rate: number | null,
    readonly peerMean: number | null,
    readonly peerStdDev: number | null,
    readonly band: PeerBand,
    readonly group: G,
    readonly rank: number | null,
    readonly members: M[],
    private readonly window: { kind: 'ROLLING'; from: number; to: number; months: number },
  ) {}

  get period() {
    const w = this.window;
    this.periodValue ??= toPeriod({ ...w, label: periodLabel('ROLLING', w.from, w.to) });
    return this.periodValue;
  }
}
