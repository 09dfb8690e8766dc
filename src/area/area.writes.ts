/**
 * Writes to the geography: areas and peer groups. Each validates through the import's own
 * row checks (same rules, same messages), writes through the import's upsert (which
 * rebuilds the area closure and every rollup when the tree changes), and is audited.
 */
import type { Context } from '../context/context';
import type { SqlRunner } from '../db/sql';
import { BadUserInputError } from '../errors/errors';
import { writeParsedRows } from '../write/rows';
import { RowReader } from '../import/kinds';
import { rebuildClosure } from '../import/rollups';
import type { AreaRecord, PeerGroupRecord } from '../loaders/dimension.loaders';
import {
  column,
  findArea,
  formatCount,
  notFound,
  requireAreaIn,
  requireText,
  rowErrorsToGraphQL,
  runWrite,
  toAreaRecord,
  type AreaRow,
} from '../write/write';
import type { AreaInput } from './area.inputs';

/** CSV column of areas.csv to the argument a mutation takes it in. */
const AREA_FIELDS = {
  code: 'code',
  name: 'name',
  level: 'level',
  parent_code: 'parentCode',
  population: 'population',
  population_year: 'populationYear',
};

const toRecord = toAreaRecord;

/** Checks that a parent code names an area (a code naming the area itself is left to the import's message). */
async function requireParent(db: SqlRunner, parentCode: string | null, code: string): Promise<void> {
  if (parentCode && parentCode !== code) await requireAreaIn(db, parentCode, 'parentCode');
}

/** Writes one areas.csv row through the import; throws its errors as BAD_USER_INPUT. */
async function writeAreaRow(
  db: SqlRunner,
  row: Record<keyof typeof AREA_FIELDS, string>,
  hint?: string,
): Promise<AreaRow> {
  const { errors } = await writeParsedRows(db, 'areas', [row]);
  if (errors.length) throw rowErrorsToGraphQL(errors, AREA_FIELDS, hint);
  return (await findArea(db, row.code))!;
}

export function upsertArea(ctx: Context, input: AreaInput): Promise<AreaRecord> {
  return runWrite(ctx, async (tx) => {
    const code = input.code.trim();
    const before = await findArea(tx, code);
    const parentCode = input.parentCode === undefined ? (before?.parentCode ?? null) : input.parentCode?.trim() || null;
    await requireParent(tx, parentCode, code);
    const area = await writeAreaRow(tx, {
      code,
      name: input.name,
      level: input.level,
      parent_code: parentCode ?? '',
      population: column(input.population),
      population_year: column(input.populationYear),
    });
    return {
      result: toRecord(area),
      audit: {
        action: 'UPSERT_AREA',
        target: code,
        rows: 1,
        details: {
          created: !before,
          name: area.name,
          level: area.level,
          parentCode: area.parentCode,
          ...(input.population !== undefined && input.population !== null
            ? { population: input.population, populationYear: input.populationYear }
            : {}),
          ...(before ? { before: { name: before.name, level: before.level, parentCode: before.parentCode } } : {}),
        },
      },
    };
  });
}

export function moveArea(ctx: Context, code: string, parentCode: string | null | undefined): Promise<AreaRecord> {
  return runWrite(ctx, async (tx) => {
    if (parentCode === undefined) {
      throw new BadUserInputError(
        'parentCode is required: the code of the new parent, or null to make the area a root.',
        'parentCode',
      );
    }
    const before = await requireAreaIn(tx, code, 'code');
    const to = parentCode?.trim() || null;
    await requireParent(tx, to, code);
    const area = await writeAreaRow(
      tx,
      { code, name: before.name, level: before.level, parent_code: to ?? '', population: '', population_year: '' },
      to ? `${to} is ${code} itself or lies below it: move ${code} under an area outside its own subtree.` : undefined,
    );
    return {
      result: toRecord(area),
      audit: { action: 'MOVE_AREA', target: code, rows: 1, details: { from: before.parentCode, to } },
    };
  });
}

/** What still refers to an area, by kind, with a few child codes to name. */
async function referencesTo(db: SqlRunner, areaId: number) {
  const [refs] = await db.$queryRawUnsafe<
    {
      children: number;
      child_codes: string | null;
      recorded_crimes: number;
      outcomes: number;
      investigations: number;
      satisfaction: number;
      objectives: number;
      lsoas: number;
    }[]
  >(
    `SELECT
       (SELECT count(*)::int FROM area WHERE parent_id = $1) AS children,
       (SELECT string_agg(code, ', ' ORDER BY code)
        FROM (SELECT code FROM area WHERE parent_id = $1 ORDER BY code LIMIT 5) c) AS child_codes,
       (SELECT count(*)::int FROM recorded_crime WHERE area_id = $1) AS recorded_crimes,
       (SELECT count(*)::int FROM crime_outcome WHERE area_id = $1) AS outcomes,
       (SELECT count(*)::int FROM investigation WHERE area_id = $1) AS investigations,
       (SELECT count(*)::int FROM satisfaction_response WHERE area_id = $1) AS satisfaction,
       (SELECT count(*)::int FROM objective WHERE area_id = $1) AS objectives,
       (SELECT count(*)::int FROM lsoa_area WHERE area_id = $1) AS lsoas`,
    areaId,
  );
  return refs;
}

export function deleteArea(ctx: Context, code: string): Promise<AreaRecord> {
  return runWrite(ctx, async (tx) => {
    const area = await requireAreaIn(tx, code, 'code');
    const refs = await referencesTo(tx, area.id);
    const what: string[] = [];
    const n = (count: number, one: string, many = `${one}s`) => `${formatCount(count)} ${count === 1 ? one : many}`;
    if (refs.children)
      what.push(`${n(refs.children, 'child area')} (${refs.child_codes}${refs.children > 5 ? ', ...' : ''})`);
    if (refs.recorded_crimes) what.push(n(refs.recorded_crimes, 'recorded crime row'));
    if (refs.outcomes) what.push(n(refs.outcomes, 'outcome row'));
    if (refs.investigations) what.push(n(refs.investigations, 'investigation row'));
    if (refs.satisfaction) what.push(n(refs.satisfaction, 'satisfaction row'));
    if (refs.objectives) what.push(n(refs.objectives, 'plan objective'));
    if (refs.lsoas) what.push(n(refs.lsoas, 'LSOA lookup'));
    if (what.length) {
      throw new BadUserInputError(
        `Area ${code} cannot be deleted while ${what.join(', ')} refer to it. Move its child areas ` +
          `elsewhere (moveArea), and remove its facts and objectives first; or keep the area.`,
        'code',
        { references: refs },
      );
    }
    const members = await tx.$queryRawUnsafe<{ code: string }[]>(
      `SELECT g.code FROM peer_group_member m JOIN peer_group g ON g.id = m.group_id
       WHERE m.area_id = $1 ORDER BY g.code`,
      area.id,
    );
    // Its populations and peer group memberships go with it (ON DELETE CASCADE).
    await tx.$executeRawUnsafe(`DELETE FROM area WHERE id = $1`, area.id);
    await rebuildClosure(tx, 'area');
    return {
      result: toRecord(area),
      audit: {
        action: 'DELETE_AREA',
        target: code,
        rows: 1,
        details: {
          name: area.name,
          level: area.level,
          parentCode: area.parentCode,
          peerGroups: members.map((m) => m.code),
        },
      },
    };
  });
}

/** Checks a peer group code the way peer_groups.csv's group_code is checked. */
function checkGroupCode(code: string): void {
  const reader = new RowReader(1, { group_code: code });
  reader.code('group_code');
  if (reader.errors.length) throw rowErrorsToGraphQL(reader.errors, { group_code: 'code' });
}

export function upsertPeerGroup(
  ctx: Context,
  code: string,
  name: string,
  memberCodes: string[],
): Promise<PeerGroupRecord> {
  return runWrite(ctx, async (tx) => {
    checkGroupCode(code);
    const title = requireText(name, 'name');
    const members = memberCodes.map((m) => m.trim());
    const repeated = members.filter((m, i) => members.indexOf(m) !== i);
    if (repeated.length) {
      throw new BadUserInputError(
        `memberCodes names ${[...new Set(repeated)].join(', ')} more than once: list each member area once.`,
        'memberCodes',
      );
    }
    const known = new Set(
      (await tx.$queryRawUnsafe<{ code: string }[]>(`SELECT code FROM area WHERE code = ANY($1::text[])`, members)).map(
        (a) => a.code,
      ),
    );
    const unknown = members.find((m) => !known.has(m));
    if (unknown !== undefined) throw notFound('area', unknown, 'memberCodes', 'Query `areas` lists the codes.');

    const [before] = await tx.$queryRawUnsafe<{ id: number; name: string; members: string[] | null }[]>(
      `SELECT g.id, g.name,
         array(SELECT a.code FROM peer_group_member m JOIN area a ON a.id = m.area_id
               WHERE m.group_id = g.id ORDER BY a.code) AS members
       FROM peer_group g WHERE g.code = $1`,
      code,
    );
    const [group] = await tx.$queryRawUnsafe<PeerGroupRecord[]>(
      `INSERT INTO peer_group (code, name) VALUES ($1, $2)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id, code, name`,
      code,
      title,
    );
    // The membership is replaced: the old members go, then the new ones are written as peer_groups.csv rows.
    await tx.$executeRawUnsafe(`DELETE FROM peer_group_member WHERE group_id = $1`, group.id);
    const { errors } = await writeParsedRows(
      tx,
      'peer_groups',
      members.map((m) => ({ group_code: code, area_code: m })),
    );
    if (errors.length) throw rowErrorsToGraphQL(errors, { group_code: 'code', area_code: 'memberCodes' });
    return {
      result: group,
      audit: {
        action: 'UPSERT_PEER_GROUP',
        target: code,
        rows: 1,
        details: {
          created: !before,
          name: title,
          members: [...members].sort(),
          ...(before ? { before: { name: before.name, members: before.members ?? [] } } : {}),
        },
      },
    };
  });
}

export function renamePeerGroup(ctx: Context, code: string, name: string): Promise<PeerGroupRecord> {
  return runWrite(ctx, async (tx) => {
    const title = requireText(name, 'name');
    const [before] = await tx.$queryRawUnsafe<PeerGroupRecord[]>(
      `SELECT id, code, name FROM peer_group WHERE code = $1`,
      code,
    );
    if (!before) throw notFound('peer group', code, 'code', 'upsertPeerGroup creates one.');
    const [group] = await tx.$queryRawUnsafe<PeerGroupRecord[]>(
      `UPDATE peer_group SET name = $2 WHERE id = $1 RETURNING id, code, name`,
      before.id,
      title,
    );
    return {
      result: group,
      audit: { action: 'RENAME_PEER_GROUP', target: code, rows: 1, details: { from: before.name, to: title } },
    };
  });
}
