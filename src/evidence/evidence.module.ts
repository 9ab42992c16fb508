import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { TypedConfigService } from '../config/config.module';
import { TimelineWriter } from '../timeline/timeline-writer';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { EVIDENCE_STORAGE } from './storage/evidence-storage';
import { LocalDiskStorage } from './storage/local-disk-storage';

/** Temp files older than this are leftovers of a crash, not uploads in flight. */
const STALE_TEMP_MS = 24 * 3600 * 1000;

@Module({
  controllers: [EvidenceController],
  providers: [
    EvidenceService,
    TimelineWriter,
    {
      provide: EVIDENCE_STORAGE,
      inject: [ConfigService],
      useFactory: async (config: TypedConfigService) => {
        const storage = new LocalDiskStorage(config.get('evidenceDir', { infer: true }));
        await storage.sweepTemp(STALE_TEMP_MS);
        return storage;
      },
    },
  ],
  exports: [EvidenceService, EVIDENCE_STORAGE],
})
export class EvidenceModule {}
