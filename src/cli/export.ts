import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import { AppModule } from '../app.module';
import { AuditService } from '../audit/audit.service';
import { ConfigError, loadConfigFromProcess } from '../config/config';
import { TransactionService } from '../database/transaction.service';
import { ExportFiltersDto } from '../exports/dto/export-filters.dto';
import { checkInput } from '../http/validation';
import { EXPORT_FORMATS, isExportFormat } from '../exports/export-format';
import { cleanFilters } from '../exports/export-scope';
import { TimelineExporter } from '../exports/timeline-exporter';

const USAGE = `Usage: npm run export -- --format csv|json|ndjson|timelinejs --out FILE [options]

Writes the timeline export with the same rules as GET /api/exports/timeline.
By default the export follows a researcher's rules: pseudonymised, and only members who gave
consentToResearch. --no-pseudonymise gives a named export of every member (coordinator rules).

  --format F               ${EXPORT_FORMATS.join(', ')} (required)
  --out FILE               output file, or - for standard output (required)
  --pseudonymise           pseudonymised export (the default)
  --no-pseudonymise        named export, all members
  --bom                    CSV: start with a UTF-8 byte order mark
  --case-id ID             repeatable
  --status S               repeatable
  --action-type T          repeatable
  --region R, --constituency-party P, --issuing-body B
  --from DATE, --to DATE   on the event's occurredAt (ISO 8601)
  --include-superseded     include events that a correction superseded
`;

const LIST_OPTIONS: Record<string, string> = {
  'case-id': 'caseId',
  status: 'status',
  'action-type': 'actionType',
};
const VALUE_OPTIONS: Record<string, string> = {
  region: 'region',
  'constituency-party': 'constituencyParty',
  'issuing-body': 'issuingBody',
  from: 'from',
  to: 'to',
};

interface CliArgs {
  format: string;
  out: string;
  pseudonymise: boolean;
  bom: boolean;
  filters: Record<string, unknown>;
}

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { format: '', out: '', pseudonymise: true, bom: false, filters: {} };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const [flag, inline] = raw.startsWith('--') ? raw.slice(2).split(/=(.*)/s, 2) : [raw, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`--${flag} needs a value`);
      return v;
    };
    if (flag === 'format') args.format = value();
    else if (flag === 'out') args.out = value();
    else if (flag === 'pseudonymise') args.pseudonymise = true;
    else if (flag === 'no-pseudonymise') args.pseudonymise = false;
    else if (flag === 'bom') args.bom = true;
    else if (flag === 'include-superseded') args.filters.includeSuperseded = true;
    else if (flag in LIST_OPTIONS) {
      const key = LIST_OPTIONS[flag];
      args.filters[key] = [...((args.filters[key] as string[]) ?? []), value()];
    } else if (flag in VALUE_OPTIONS) args.filters[VALUE_OPTIONS[flag]] = value();
    else throw new Error(`unknown option ${raw}`);
  }
  if (!isExportFormat(args.format)) throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (!args.out) throw new Error('--out is required (a file, or - for standard output)');
  return args;
}

async function main(): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { dto, problems } = await checkInput(ExportFiltersDto, args.filters);
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\n`);
    return 2;
  }

  let config;
  try {
    config = loadConfigFromProcess();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  // No queue workers here, and logs go to stderr so that --out - can be piped.
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ ...config, worker: false }, { logDestination: pino.destination(2) }),
    { logger: ['error'] },
  );
  const format = args.format as (typeof EXPORT_FORMATS)[number];
  const filters = cleanFilters(dto);
  const scope = { filters, pseudonymise: args.pseudonymise, consentingMembersOnly: args.pseudonymise };
  const sink: Writable = args.out === '-' ? process.stdout : createWriteStream(args.out, { mode: 0o600 });
  const started = Date.now();
  let lastReport = 0;
  const report = (rows: number, final = false) => {
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(
      `\rexported ${rows.toLocaleString('en-GB')} rows in ${seconds.toFixed(1)} s` +
        ` (${Math.round(rows / Math.max(seconds, 0.001)).toLocaleString('en-GB')} rows/s)${final ? '\n' : ''}`,
    );
  };
  let code = 0;
  try {
    const { rows } = await app
      .get(TimelineExporter)
      .run(
        scope,
        format,
        { generatedAt: new Date().toISOString(), format, filters, pseudonymised: scope.pseudonymise },
        sink,
        {
          bom: args.bom,
          onPage: (n) => {
            if (Date.now() - lastReport > 500) {
              lastReport = Date.now();
              report(n);
            }
          },
        },
      );
    report(rows, true);
    await app.get(TransactionService).run((manager) =>
      app.get(AuditService).record(manager, {
        action: 'export.timeline',
        entityType: 'export',
        actorId: null,
        details: {
          via: 'cli',
          format,
          filters,
          pseudonymised: scope.pseudonymise,
          rowCount: rows,
          completed: true,
        },
      }),
    );
  } catch (e) {
    process.stderr.write(`\nexport failed: ${(e as Error).message}\n`);
    code = 1;
  }
  // Closing waits for Bull's Redis clients; never let an absent Redis keep the command hanging.
  await Promise.race([app.close(), new Promise((r) => setTimeout(r, 3000).unref())]);
  return code;
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
