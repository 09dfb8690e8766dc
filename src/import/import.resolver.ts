/**
 * The import mutations: a canonical CSV file, or data.police.uk street-level files, sent as
 * a string. Same code, checks and transaction as `npm run import`; the audit log names the
 * caller's API key. A rejected file is a BAD_USER_INPUT error whose `extensions.rowErrors`
 * lists every bad row (line, column, value, reason); nothing of it is written.
 */
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { afterWrite, type Context } from '../context/context';
import { BadUserInputError } from '../errors/errors';
import { textChunks } from './csv';
import { importCsv } from './import.service';
import { CsvKindEnum, ImportResult, PoliceUkImportResult } from './import.type';
import { importPoliceUk } from './police-uk';

/** Largest CSV text one mutation takes; larger files go through `npm run import`, which streams them. */
export const MAX_GRAPHQL_CSV_BYTES = 10 * 1024 * 1024;

function checkSize(csv: string): void {
  const bytes = Buffer.byteLength(csv, 'utf8');
  if (bytes > MAX_GRAPHQL_CSV_BYTES) {
    throw new BadUserInputError(
      `csv is ${(bytes / 1024 / 1024).toFixed(1)} MB: imports through the API take at most ` +
        `${MAX_GRAPHQL_CSV_BYTES / 1024 / 1024} MB. Split the file, or import it with \`npm run import\`, ` +
        `which streams files of any size.`,
      'csv',
      { limitBytes: MAX_GRAPHQL_CSV_BYTES, bytes },
    );
  }
}

@Resolver()
export class ImportResolver {
  @Authorized('STEWARD')
  @Mutation(() => ImportResult, {
    description:
      'Imports one canonical CSV file (header row required; UTF-8, a byte-order mark and CRLF line ends ' +
      'accepted) in one transaction: rows are upserted by key (a stored key is replaced), and every ' +
      'figure that depends on them follows. A file with any bad row is rejected whole, nothing written: ' +
      'a BAD_USER_INPUT error whose extensions.rowErrors lists every bad row with line, column and ' +
      'reason. At most 10 MB. Audited as IMPORT_CSV.',
  })
  async importCsv(
    @Arg('kind', () => CsvKindEnum, { description: "What the file holds; its header must be that kind's." })
    kind: CsvKindEnum,
    @Arg('csv', () => String, { description: 'The whole file, header first.' }) csv: string,
    @Arg('dryRun', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: 'Check and count everything, then roll back: nothing is written, nothing audited.',
    })
    dryRun: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<ImportResult> {
    checkSize(csv);
    const result = await importCsv(ctx.prisma, kind, csv, {
      dryRun: dryRun ?? false,
      actor: ctx.caller?.name ?? 'anonymous',
      role: ctx.caller?.role ?? null,
      fileName: 'csv',
    });
    // Fresh loaders, and a new data version so no instance serves cached figures from before the import.
    if (!dryRun) await afterWrite(ctx);
    return { ...result, kind, errors: result.errors.map((e) => ({ ...e, file: e.file ?? null })) };
  }

  @Authorized('STEWARD')
  @Mutation(() => PoliceUkImportResult, {
    description:
      'Imports a data.police.uk street-level file (header Crime ID,Month,Reported by,' +
      'Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context), ' +
      'one or more months: each row is counted per month and crime type into the force named in Falls ' +
      'within, or into the lower area the LSOA lookup gives. Crime types go through the crime type ' +
      'mapping (import crime_type_mapping to change it). For each force and month in the file its counts ' +
      'replace the stored ones (re-importing is idempotent). An unknown force or crime type, or a bad ' +
      'month, rejects the file whole (BAD_USER_INPUT with extensions.rowErrors). At most 10 MB. Audited ' +
      'as IMPORT_POLICE_UK.',
  })
  async importPoliceUk(
    @Arg('csv', () => String, { description: 'The whole street-level file, header first.' }) csv: string,
    @Arg('dryRun', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: 'Read, check and count everything, then roll back: nothing is written, nothing audited.',
    })
    dryRun: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<PoliceUkImportResult> {
    checkSize(csv);
    const result = await importPoliceUk(ctx.prisma, [{ name: 'csv', chunks: textChunks(csv) }], {
      dryRun: dryRun ?? false,
      actor: ctx.caller?.name ?? 'anonymous',
      role: ctx.caller?.role ?? null,
    });
    if (!dryRun) await afterWrite(ctx);
    return { ...result, errors: result.errors.map((e) => ({ ...e, file: e.file ?? null })) };
  }
}
