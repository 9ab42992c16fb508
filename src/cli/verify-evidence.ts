import 'reflect-metadata';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { AuditEntry, AuditHead } from '../audit/audit-entry.entity';
import { AuditService } from '../audit/audit.service';
import { ConfigError, loadConfigFromProcess } from '../config/config';
import { databaseOptions } from '../database/database-options';
import { ReadDatabase } from '../database/read-database';
import { applySqlitePragmas } from '../database/sqlite-pragmas';
import { CustodyAction, Evidence, EvidenceCustody } from '../evidence/evidence.entity';
import { verifyStoredContent } from '../evidence/evidence-verification';
import { LocalDiskStorage } from '../evidence/storage/local-disk-storage';
import { LogCheckpoint, LogHead, LogLeaf, LogNode, LogSalts } from '../log/log.entity';
import { custodyLeaf } from '../log/log-records';
import { LogWriter } from '../log/log-writer';
import { insertRowsReturning } from '../database/row-insert';

const BATCH = 500;

/**
 * `npm run evidence:verify`: re-hashes every stored evidence file (tombstones excepted) and
 * compares it with the hash recorded at upload. Each failure gets a verification_failed custody
 * entry and an audit entry, as through the API; the run exits 1 when anything failed. Meant for
 * a nightly job. Prints evidence ids and hashes only, never names or descriptions.
 */
async function main(): Promise<number> {
  const config = loadConfigFromProcess();
  const dataSource = await new DataSource({
    ...databaseOptions(config.database),
    entities: [
      Evidence,
      EvidenceCustody,
      AuditEntry,
      AuditHead,
      LogLeaf,
      LogSalts,
      LogNode,
      LogHead,
      LogCheckpoint,
    ],
  }).initialize();
  let closeReads = async () => undefined as void;
  try {
    await applySqlitePragmas(dataSource);
    const storage = new LocalDiskStorage(config.evidenceDir);
    const reads = await ReadDatabase.open(dataSource);
    closeReads = () => reads.close();
    const log = LogWriter.immediate();
    const audit = new AuditService(reads, log);
    const repo = dataSource.getRepository(Evidence);
    let checked = 0;
    let failed = 0;
    let lastId = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await repo.find({
        where: { deletedAt: IsNull(), id: MoreThan(lastId) },
        order: { id: 'ASC' },
        take: BATCH,
      });
      for (const row of batch) {
        checked++;
        const outcome = await verifyStoredContent(storage, row.sha256);
        if (outcome.ok) continue;
        failed++;
        console.log(
          `FAIL ${row.id} ${outcome.reason} expected=${row.sha256} actual=${outcome.sha256 ?? 'none'}`,
        );
        await dataSource.transaction(async (m) => {
          const entry = m.getRepository(EvidenceCustody).create({
            evidenceId: row.id,
            action: CustodyAction.VerificationFailed,
            actorId: null,
            at: new Date(),
            requestId: null,
            sha256: outcome.sha256,
            note: `${outcome.reason} (scheduled check)`,
          });
          const [id] = await insertRowsReturning(m, EvidenceCustody, [entry], 'id');
          entry.id = Number(id);
          await log.record(m, [custodyLeaf(entry)]);
          await audit.record(m, {
            action: 'evidence.verify',
            entityType: 'evidence',
            entityId: row.id,
            actorId: null,
            details: { ok: false, reason: outcome.reason, scheduled: true },
          });
        });
      }
      if (batch.length < BATCH) break;
      lastId = batch[batch.length - 1].id;
    }
    console.log(`evidence verification: ${checked} checked, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    await closeReads();
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof ConfigError) console.error(`Cannot verify evidence. ${err.message}`);
    else console.error('evidence verification could not run:', err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
