/**
 * The figures of a performance page written as an analyst writes them in an OPCC report
 * ("The Force is currently reporting a 3.5% reduction in domestic burglary, which is 263
 * crimes short of the 13% reduction target."). Pure: numbers in, sentences out.
 */
export interface NarrativeSubject {
  name: string;
  level: string;
}

export interface NarrativeFigures {
  recorded: number;
  previousRecorded: number;
  change: number;
  percentChange: number | null;
  targetReduction: number | null;
  gapToTarget: number | null;
  outcomeRate: number | null;
  previousOutcomeRate: number | null;
  targetOutcomeRate: number | null;
  outcomesRequired: number | null;
}

export interface NarrativeInput {
  area: NarrativeSubject;
  categoryName: string;
  figures: NarrativeFigures;
  underInvestigation: number | null;
  trend: 'RISING' | 'FALLING' | 'STABLE' | null;
  peer: { band: 'HIGHER' | 'SIMILAR' | 'LOWER'; groupName: string; months: number; to: string } | null;
  children: { area: NarrativeSubject; figures: NarrativeFigures }[];
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];

export const count = (n: number): string => Math.round(Math.abs(n)).toLocaleString('en-GB');
export const percent = (n: number): string => `${Math.abs(n).toFixed(1)}%`;
const plural = (n: number, word: string) => `${word}${Math.round(Math.abs(n)) === 1 ? '' : 's'}`;
const trimPercent = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)}%`;

/** "The Force", "City BCU", "Blaby LPU". */
export function subjectName(area: NarrativeSubject): string {
  if (area.level === 'FORCE') return 'The Force';
  const suffix = area.level === 'BCU' || area.level === 'LPU' ? ` ${area.level}` : '';
  return area.name.endsWith(suffix.trim()) ? area.name : `${area.name}${suffix}`;
}

/** "November 2013" from "2013-11". */
export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${MONTH_NAMES[m - 1]} ${y}`;
}

function movement(f: NarrativeFigures): string {
  if (f.percentChange === null) return `${count(f.recorded)} crimes (none in the same period last year)`;
  if (f.change === 0) return 'the same level as last year';
  return `a ${percent(f.percentChange)} ${f.change < 0 ? 'reduction' : 'increase'}`;
}

function recordedSentence(input: NarrativeInput): string {
  const { figures: f } = input;
  const who = subjectName(input.area);
  const what = input.categoryName.toLowerCase();
  let sentence = `${who} is currently reporting ${movement(f)} in ${what}`;
  if (f.percentChange !== null && f.change !== 0) {
    sentence +=
      ` (${count(f.change)} ${f.change < 0 ? 'fewer' : 'more'} ${plural(f.change, 'crime')} than the same period ` +
      `last year)`;
  }
  if (f.targetReduction !== null && f.gapToTarget !== null) {
    const target = `the ${trimPercent(f.targetReduction)} reduction target`;
    sentence +=
      f.gapToTarget > 0
        ? `, which is ${count(f.gapToTarget)} ${plural(f.gapToTarget, 'crime')} short of ${target}`
        : `, which is ${count(f.gapToTarget)} ${plural(f.gapToTarget, 'crime')} better than ${target}`;
  }
  return `${sentence}.`;
}

function outcomeSentences(input: NarrativeInput): string[] {
  const { figures: f } = input;
  if (f.outcomeRate === null) return [];
  const what = input.categoryName.toLowerCase();
  let first = `The crime outcome rate for ${what} is currently ${percent(f.outcomeRate)}`;
  if (f.targetOutcomeRate !== null) {
    const diff = f.outcomeRate - f.targetOutcomeRate;
    first +=
      Math.abs(diff) < 0.05
        ? `, matching the ${trimPercent(f.targetOutcomeRate)} target`
        : `, which is ${diff < 0 ? 'below' : 'above'} the target of ${trimPercent(f.targetOutcomeRate)}`;
  }
  if (f.previousOutcomeRate !== null) first += ` (${percent(f.previousOutcomeRate)} in the same period last year)`;
  const sentences = [`${first}.`];
  if (f.outcomesRequired) {
    sentences.push(
      `For ${subjectName(input.area).replace(/^The /, 'the ')} to achieve this target a further ` +
        `${count(f.outcomesRequired)} ${plural(f.outcomesRequired, 'outcome')} ` +
        `${f.outcomesRequired === 1 ? 'is' : 'are'} currently required.`,
    );
  }
  return sentences;
}

function childrenSentence(input: NarrativeInput): string | null {
  const parts = input.children.filter((c) => c.figures.percentChange !== null);
  if (parts.length === 0) return null;
  if (parts.length <= 3) {
    const described = parts.map((c) => {
      const f = c.figures;
      let s =
        `${subjectName(c.area)} ${f.change < 0 ? 'is at a reduction' : 'is at an increase'} of ` +
        `${percent(f.percentChange!)} (${count(f.change)} ${plural(f.change, 'crime')})`;
      if (f.gapToTarget !== null && f.gapToTarget > 0)
        s += `, ${count(f.gapToTarget)} ${plural(f.gapToTarget, 'crime')} short of the target rate`;
      return s;
    });
    return `${described.join('; ')}.`;
  }
  const sorted = [...parts].sort((a, b) => a.figures.percentChange! - b.figures.percentChange!);
  const low = sorted[0];
  const high = sorted[sorted.length - 1];
  const describe = (c: (typeof parts)[number]) =>
    `a ${percent(c.figures.percentChange!)} ${c.figures.change < 0 ? 'reduction' : 'increase'} ` +
    `(${count(c.figures.change)} ${plural(c.figures.change, 'crime')}) on ${subjectName(c.area)}`;
  return (
    `Figures vary across ${low.area.level === 'LPU' ? "LPU's" : 'areas'} from ${describe(low)}, to ` +
    `${describe(high)}.`
  );
}

export function narrative(input: NarrativeInput): string[] {
  if (input.figures.recorded === 0 && input.figures.previousRecorded === 0) {
    return [
      `No ${input.categoryName.toLowerCase()} was recorded for ` +
        `${subjectName(input.area).replace(/^The /, 'the ')} in this period or the same period last year.`,
    ];
  }
  const sentences = [recordedSentence(input)];
  if (input.trend === 'RISING' || input.trend === 'FALLING') {
    sentences.push(
      `Recent months have seen a ${input.trend.toLowerCase()} trend for recorded ` +
        `${input.categoryName.toLowerCase()} offences.`,
    );
  }
  const children = childrenSentence(input);
  if (children) sentences.push(children);
  if (input.peer) {
    const months = NUMBER_WORDS[input.peer.months] ?? String(input.peer.months);
    const band = { HIGHER: 'a higher', SIMILAR: 'a similar', LOWER: 'a lower' }[input.peer.band];
    sentences.push(
      `During the ${months} month period ending ${monthName(input.peer.to)}, ` +
        `${subjectName(input.area).replace(/^The /, 'the ')} recorded ${band} crime rate to its ` +
        `${input.peer.groupName} peers.`,
    );
  }
  sentences.push(...outcomeSentences(input));
  if (input.underInvestigation !== null) {
    const what = input.categoryName.toLowerCase();
    // "522 domestic burglary crimes", but "5,613 crimes (all crime)", never "all crime crimes".
    const crimes = plural(input.underInvestigation, 'crime');
    const phrase = what.includes('crime') ? `${crimes} (${what})` : `${what} ${crimes}`;
    sentences.push(`There are currently ${count(input.underInvestigation)} ${phrase} under investigation.`);
  }
  return sentences;
}
