/**
 * GraphQL types of the import mutations: the kinds, what an import reports, and the row
 * errors a rejected file lists (also in `extensions.rowErrors` of its BAD_USER_INPUT error).
 */
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CsvKind } from './kinds';

/** The canonical CSV kinds as a GraphQL enum; each value is the kind's file name without `.csv`. */
export enum CsvKindEnum {
  AREAS = 'areas',
  CATEGORIES = 'categories',
  PEER_GROUPS = 'peer_groups',
  PLANS = 'plans',
  OBJECTIVES = 'objectives',
  CRIMES = 'crimes',
  OUTCOMES = 'outcomes',
  INVESTIGATIONS = 'investigations',
  SATISFACTION = 'satisfaction',
  LSOA_LOOKUP = 'lsoa_lookup',
  CRIME_TYPE_MAPPING = 'crime_type_mapping',
}

// Every kind the import knows has an enum value, and no other: a compile error otherwise.
const EVERY_KIND: Record<CsvKind, CsvKindEnum> = {
  areas: CsvKindEnum.AREAS,
  categories: CsvKindEnum.CATEGORIES,
  peer_groups: CsvKindEnum.PEER_GROUPS,
  plans: CsvKindEnum.PLANS,
  objectives: CsvKindEnum.OBJECTIVES,
  crimes: CsvKindEnum.CRIMES,
  outcomes: CsvKindEnum.OUTCOMES,
  investigations: CsvKindEnum.INVESTIGATIONS,
  satisfaction: CsvKindEnum.SATISFACTION,
  lsoa_lookup: CsvKindEnum.LSOA_LOOKUP,
  crime_type_mapping: CsvKindEnum.CRIME_TYPE_MAPPING,
};
void EVERY_KIND;

registerEnumType(CsvKindEnum, {
  name: 'CsvKind',
  description:
    'A canonical CSV kind: what one file holds. Its header row is fixed (see each value); one kind per file.',
  valuesConfig: {
    AREAS: {
      description:
        'Areas of the geography tree with populations: code,name,level,parent_code,population,population_year.',
    },
    CATEGORIES: {
      description:
        'Crime categories: code,name,parent_code,kind, optionally followed by sensitive (true/false; ' +
        'empty = false; without the column an existing category keeps its flag).',
    },
    PEER_GROUPS: { description: 'Peer group membership: group_code,area_code.' },
    PLANS: { description: 'Police and Crime Plans: code,name,financial_year.' },
    OBJECTIVES: { description: "A plan's objectives: plan,area_code,measure,category_code,survey,target,harm." },
    CRIMES: { description: 'Recorded crimes: month,area_code,category_code,recorded.' },
    OUTCOMES: { description: 'Crime outcomes: month,area_code,category_code,outcome_type,count.' },
    INVESTIGATIONS: {
      description: 'Crimes under investigation, a snapshot per month: as_of,area_code,category_code,count.',
    },
    SATISFACTION: {
      description: 'Victim satisfaction survey results: month,area_code,survey,aspect,respondents,satisfied.',
    },
    LSOA_LOOKUP: { description: 'LSOA to area, so data.police.uk rows land in lower areas: lsoa_code,area_code.' },
    CRIME_TYPE_MAPPING: {
      description:
        'data.police.uk crime type (exactly as its files spell it, e.g. "Vehicle crime") to a category: ' +
        'crime_type,category_code.',
    },
  },
});

@ObjectType({ description: 'One problem with one row of an imported file.' })
export class ImportRowError {
  @Field(() => String, {
    nullable: true,
    description: 'The file the row is in, when one import reads several (data.police.uk imports).',
  })
  file!: string | null;

  @Field(() => Int, { description: 'Line number of the row in the file; the header is line 1.' })
  line!: number;

  @Field(() => String, {
    nullable: true,
    description: 'The column at fault, as named in the header; null for a problem with the whole row or file.',
  })
  column!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The value found (the whole row or header when no single column is at fault).',
  })
  value!: string | null;

  @Field(() => String, { description: 'What is wrong, and what would be right.' })
  reason!: string;
}

@ObjectType({ description: 'What a canonical CSV import did (or, on a dry run, would do).' })
export class ImportResult {
  @Field(() => CsvKindEnum, { description: 'The kind imported.' })
  kind!: CsvKindEnum;

  @Field(() => Int, { description: 'Data rows read: the header and blank lines not counted.' })
  rowsRead!: number;

  @Field(() => Int, { description: 'Rows whose key was not stored before.' })
  inserted!: number;

  @Field(() => Int, { description: "Rows whose key was stored: the stored row was replaced by the file's." })
  replaced!: number;

  @Field(() => Int, {
    description:
      'Bad rows: always 0 here, since a file with a bad row is rejected whole with a BAD_USER_INPUT ' +
      'error listing them.',
  })
  rejected!: number;

  @Field(() => Boolean, { description: 'True for a dry run: everything was checked and counted, then rolled back.' })
  dryRun!: boolean;

  @Field(() => [ImportRowError], {
    description: 'Row errors: always empty here (a rejected file is an error listing them in extensions.rowErrors).',
  })
  errors!: ImportRowError[];
}

@ObjectType({ description: 'One file of a data.police.uk import.' })
export class PoliceUkFile {
  @Field(() => String, { description: 'The file name (for GraphQL imports, "csv").' })
  name!: string;

  @Field(() => Int, { description: 'Data rows read.' })
  rowsRead!: number;

  @Field(() => [String], { description: 'The months (YYYY-MM) its rows belong to.' })
  months!: string[];
}

@ObjectType({ description: 'Rows counted in one month of a data.police.uk import.' })
export class PoliceUkMonth {
  @Field(() => String, { description: 'The month, YYYY-MM.' })
  month!: string;

  @Field(() => Int, { description: 'Rows counted in this month: crimes and anti-social behaviour incidents.' })
  rows!: number;

  @Field(() => Int, { description: 'Of these, rows counted in an area below the force through the LSOA lookup.' })
  rowsInLowerAreas!: number;

  @Field(() => Int, {
    description:
      'Of these, rows counted at force level: no LSOA, or an LSOA the lookup does not place inside the force.',
  })
  rowsAtForceLevel!: number;
}

@ObjectType({ description: 'Rows counted at one level of the geography.' })
export class PoliceUkLevelCount {
  @Field(() => String, { description: 'The area level (FORCE, LPU, ...).' })
  level!: string;

  @Field(() => Int, { description: 'Rows counted into areas of this level.' })
  rows!: number;
}

@ObjectType({ description: 'Rows counted into one force.' })
export class PoliceUkForceCount {
  @Field(() => String, { description: 'Code of the force area.' })
  area!: string;

  @Field(() => String, { description: 'The "Falls within" text that named it.' })
  fallsWithin!: string;

  @Field(() => Int, { description: 'Rows counted into the force or its areas.' })
  rows!: number;
}

@ObjectType({
  description: 'An LSOA the lookup does not place inside the force: its rows were counted at force level.',
})
export class PoliceUkLsoaCount {
  @Field(() => String, { description: 'The LSOA code, e.g. E01026356.' })
  lsoaCode!: string;

  @Field(() => String, { description: 'The LSOA name as the file gives it, e.g. "South Kesteven 016D".' })
  lsoaName!: string;

  @Field(() => Int, { description: 'Rows with this LSOA.' })
  rows!: number;
}

@ObjectType({
  description:
    'What a data.police.uk street-level import did (or, on a dry run, would do): rows counted per month, ' +
    'area level and force, and the rows that could not be placed below force level.',
})
export class PoliceUkImportResult {
  @Field(() => Boolean, {
    description: 'True for a dry run: everything was read, checked and counted, then rolled back.',
  })
  dryRun!: boolean;

  @Field(() => [PoliceUkFile], { description: 'The files read.' })
  files!: PoliceUkFile[];

  @Field(() => Int, { description: 'Data rows read, in all files.' })
  rowsRead!: number;

  @Field(() => Int, {
    description: 'Rows counted into a recorded-crime fact (every row read, when the import is accepted).',
  })
  rowsCounted!: number;

  @Field(() => Int, { description: 'Facts (month, area, category) written that were not stored before.' })
  inserted!: number;

  @Field(() => Int, {
    description: "Facts (month, area, category) written that were stored before: replaced by the files' counts.",
  })
  replaced!: number;

  @Field(() => Int, {
    description:
      "Stored facts in the import's scope (the force's areas, in each month imported, in categories the " +
      'crime type mapping maps to) that the files no longer have: removed.',
  })
  removed!: number;

  @Field(() => Int, {
    description:
      'Bad rows: always 0 here, since any bad row rejects the import with a BAD_USER_INPUT error listing them.',
  })
  rejected!: number;

  @Field(() => [ImportRowError], {
    description: 'Row errors: always empty here (a rejected import is an error listing them in extensions.rowErrors).',
  })
  errors!: ImportRowError[];

  @Field(() => [PoliceUkLevelCount], { description: 'Rows counted per area level, most first.' })
  byLevel!: PoliceUkLevelCount[];

  @Field(() => [PoliceUkForceCount], { description: 'Rows counted per force ("Falls within").' })
  byForce!: PoliceUkForceCount[];

  @Field(() => [PoliceUkMonth], { description: 'Rows counted per month.' })
  months!: PoliceUkMonth[];

  @Field(() => Int, { description: 'Rows with no LSOA ("No Location"), counted at force level.' })
  rowsWithoutLsoa!: number;

  @Field(() => Int, {
    description: 'Rows whose LSOA the lookup does not hold, or maps outside the force, counted at force level.',
  })
  rowsOutsideLookup!: number;

  @Field(() => [PoliceUkLsoaCount], { description: 'Those LSOAs, most rows first (at most 200 listed).' })
  outsideLookup!: PoliceUkLsoaCount[];
}
