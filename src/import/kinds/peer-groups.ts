/** peer_groups.csv: which areas are compared with each other. A group is created by its first member. */
import { type KindHandler, upsertRows } from './kind';

const distinct = <T>(values: T[]): T[] => [...new Set(values)];

export const peerGroups: KindHandler<{ group: string; area: string }> = {
  key: (r) => `${r.group}|${r.area}`,
  read: (r, lookups) => ({
    group: r.code('group_code'),
    area: r.reference('area_code', (c) => lookups.areas.has(c), 'area') ?? '',
  }),
  async upsert(db, rows) {
    await db.$executeRawUnsafe(
      `INSERT INTO peer_group (code, name) SELECT g, g FROM unnest($1::text[]) AS g ON CONFLICT (code) DO NOTHING`,
      distinct(rows.map((r) => r.group)),
    );
    return upsertRows(
      db,
      rows,
      `INSERT INTO peer_group_member (group_id, area_id)
       SELECT g.id, a.id FROM unnest($1::text[], $2::text[]) AS u(group_code, area_code)
       JOIN peer_group g ON g.code = u.group_code JOIN area a ON a.code = u.area_code
       ON CONFLICT (group_id, area_id) DO UPDATE SET group_id = EXCLUDED.group_id`,
      [(r) => r.group, (r) => r.area],
    );
  },
};
