/**
 * The canonical CSV kinds (docs/domain.md): their headers, and how one record becomes a typed
 * row or a list of errors (line, column, reason). Reference checks (does this area code
 * exist?) take a lookup so that codes defined earlier in the same file count too. Each kind's
 * own checks and SQL are its handler in kinds/.
 */
import { parseFinancialYear, parseMonth } from '../period/month';

/**
 * Largest count one area, category and month may total, its own facts and every area and category
 * below summed: figures are sums over at most 240 months (MAX_CUSTOM_MONTHS), reported as GraphQL
 * Int (32-bit), so 240 months of it still fit. Rollup tables check it (migration rollup_total_caps).
 */
export const MAX_MONTHLY_COUNT = Math.floor((2 ** 31 - 1) / 240);

export const CSV_HEADERS = {
  areas: ['code', 'name', 'level', 'parent_code', 'population', 'population_year'],
  categories: ['code', 'name', 'parent_code', 'kind'],
  peer_groups: ['group_code', 'area_code'],
  plans: ['code', 'name', 'financial_year'],
  objectives: ['plan', 'area_code', 'measure', 'category_code', 'survey', 'target', 'harm'],
  crimes: ['month', 'area_code', 'category_code', 'recorded'],
  outcomes: ['month', 'area_code', 'category_code', 'outcome_type', 'count'],
  investigations: ['as_of', 'area_code', 'category_code', 'count'],
  satisfaction: ['month', 'area_code', 'survey', 'aspect', 'respondents', 'satisfied'],
  /** LSOA (lower super output area, as in data.police.uk's `LSOA code`) to one of our areas. */
  lsoa_lookup: ['lsoa_code', 'area_code'],
  /** data.police.uk crime type, exactly as its files spell it, to one of our categories. */
  crime_type_mapping: ['crime_type', 'category_code'],
} as const;

export type CsvKind = keyof typeof CSV_HEADERS;
export const CSV_KINDS = Object.keys(CSV_HEADERS) as CsvKind[];

/**
 * Columns a file may add after the required ones, in this order (a file may stop after any
 * of them). `categories` takes `sensitive` (true/false, empty = false); a file without the
 * column leaves the flag of existing categories as it is and makes new ones not sensitive.
 */
export const OPTIONAL_COLUMNS: Partial<Record<CsvKind, readonly string[]>> = {
  categories: ['sensitive'],
};

/** Every column a kind can carry: the required ones, then the optional ones (what export writes). */
export function allColumns(kind: CsvKind): string[] {
  return [...CSV_HEADERS[kind], ...(OPTIONAL_COLUMNS[kind] ?? [])];
}

/** True when `name` is a canonical kind. */
export function isCsvKind(name: string): name is CsvKind {
  return Object.prototype.hasOwnProperty.call(CSV_HEADERS, name);
}

/** The order in which a folder of files must load: references before what refers to them. */
export const LOAD_ORDER: CsvKind[] = [
  'areas',
  'categories',
  'lsoa_lookup',
  'crime_type_mapping',
  'peer_groups',
  'plans',
  'objectives',
  'crimes',
  'outcomes',
  'investigations',
  'satisfaction',
];

export const AREA_LEVELS = ['NATIONAL', 'REGION', 'FORCE', 'BCU', 'LPU', 'NEIGHBOURHOOD'] as const;
export const CATEGORY_KINDS = ['CRIME', 'INCIDENT'] as const;
export const OUTCOME_TYPES = [
  'CHARGE_SUMMONS',
  'CAUTION',
  'TIC',
  'PENALTY_NOTICE',
  'CANNABIS_WARNING',
  'COMMUNITY_RESOLUTION',
] as const;
export const SURVEYS = ['ALL_USERS', 'BURGLARY', 'VEHICLE', 'VIOLENT', 'RACIST_INCIDENT', 'ASB'] as const;
export const ASPECTS = ['EASE_OF_CONTACT', 'ACTIONS', 'FOLLOW_UP', 'TREATMENT', 'WHOLE_EXPERIENCE'] as const;
export const MEASURES = ['RECORDED_CRIME', 'OUTCOME_RATE', 'SATISFACTION'] as const;
export const HARMS = ['HIGH', 'MEDIUM', 'LOW'] as const;

export interface RowError {
  /** The file the row is in, when an import reads several (police.uk imports). */
  file?: string;
  line: number;
  column: string | null;
  value: string | null;
  reason: string;
}

/** Reads named fields of one record and collects every problem, not just the first. */
export class RowReader {
  readonly errors: RowError[] = [];
  constructor(
    readonly line: number,
    private readonly values: Record<string, string>,
  ) {}

  /** True when the file has this column (optional columns may be absent). */
  has(column: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.values, column);
  }

  raw(column: string): string {
    return (this.values[column] ?? '').trim();
  }

  fail(column: string | null, reason: string): void {
    this.errors.push({ line: this.line, column, value: column ? this.raw(column) : null, reason });
  }

  required(column: string): string {
    const v = this.raw(column);
    if (!v) this.fail(column, `${column} is required`);
    return v;
  }

  code(column: string): string {
    const v = this.required(column);
    if (v && !/^[A-Z0-9][A-Z0-9_-]*$/.test(v)) {
      this.fail(
        column,
        `"${v}" is not a valid code: use capital letters, digits, "_" and "-" (e.g. DOMESTIC_BURGLARY)`,
      );
    }
    return v;
  }

  month(column: string): number {
    const v = this.required(column);
    if (!v) return 0;
    try {
      return parseMonth(v);
    } catch (e) {
      this.fail(column, (e as Error).message);
      return 0;
    }
  }

  financialYear(column: string): { from: number; to: number; label: string } {
    const v = this.required(column);
    if (!v) return { from: 0, to: 0, label: '' };
    try {
      const fy = parseFinancialYear(v);
      return {
        ...fy,
        label: `${Math.floor(fy.from / 100)}-${String((Math.floor(fy.from / 100) + 1) % 100).padStart(2, '0')}`,
      };
    } catch (e) {
      this.fail(column, (e as Error).message);
      return { from: 0, to: 0, label: '' };
    }
  }

  /** A whole number from 0 to `max` (a fact's counts: MAX_MONTHLY_COUNT, so no sum the API reports can overflow). */
  count(column: string, max = 2_000_000_000): number {
    const v = this.required(column);
    if (!v) return 0;
    if (/^-\d+$/.test(v)) {
      this.fail(column, `${column} is negative (${v}): counts must be 0 or more`);
      return 0;
    }
    if (!/^\d+$/.test(v)) {
      this.fail(column, `${column} "${v}" is not a whole number`);
      return 0;
    }
    if (Number(v) > max) {
      this.fail(column, `${column} ${v} is too large: at most ${max.toLocaleString('en-GB')} in one row`);
      return 0;
    }
    return Number(v);
  }

  /** true/false (also yes/no, 1/0, any case); empty is `fallback`. */
  boolean(column: string, fallback = false): boolean {
    const v = this.raw(column).toLowerCase();
    if (v === '') return fallback;
    if (['true', 'yes', '1'].includes(v)) return true;
    if (['false', 'no', '0'].includes(v)) return false;
    this.fail(column, `${column} "${this.raw(column)}" is not true or false`);
    return fallback;
  }

  optionalCount(column: string): number | null {
    return this.raw(column) === '' ? null : this.count(column);
  }

  number(column: string): number {
    const v = this.required(column);
    if (!v) return 0;
    const n = Number(v);
    if (!/^-?\d+(\.\d+)?$/.test(v) || !Number.isFinite(n)) {
      this.fail(column, `${column} "${v}" is not a number`);
      return 0;
    }
    return n;
  }

  oneOf<T extends string>(column: string, allowed: readonly T[], optional = false): T | null {
    const v = optional ? this.raw(column) : this.required(column);
    if (!v) return null;
    if (!(allowed as readonly string[]).includes(v)) {
      this.fail(column, `"${v}" is not a valid ${column}: use one of ${allowed.join(', ')}`);
      return null;
    }
    return v as T;
  }

  /** A code that must name an existing thing; `what` reads "area", "category"... */
  reference(column: string, exists: (code: string) => boolean, what: string, optional = false): string | null {
    const v = optional ? this.raw(column) : this.required(column);
    if (!v) return null;
    if (!exists(v)) this.fail(column, `unknown ${what} code "${v}"`);
    return v;
  }
}

export type AreaLevel = (typeof AREA_LEVELS)[number];
export type OutcomeType = (typeof OUTCOME_TYPES)[number];
export type SurveyCode = (typeof SURVEYS)[number];
export type AspectCode = (typeof ASPECTS)[number];
export type MeasureCode = (typeof MEASURES)[number];
export type HarmCode = (typeof HARMS)[number];
