import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypedConfigService } from '../config/config.module';
import { ReadDatabase } from '../database/read-database';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { StatsQueryDto } from './dto/stats-query.dto';
import { mapStatsItem, StatsSummaryDto } from './dto/stats-response.dto';
import { countsQuery, mediansQuery, mergeStats } from './stats-query';
import { suppressSmallCells, unsuppressed } from './stats-suppression';

@Injectable()
export class StatsService {
  constructor(
    private readonly reads: ReadDatabase,
    @Inject(ConfigService) private readonly config: TypedConfigService,
  ) {}

  /** Aggregated in the database: two grouped queries, whatever the number of cases, of one snapshot. */
  async summary(user: User, query: StatsQueryDto): Promise<StatsSummaryDto> {
    const { groupBy, ...filters } = query;
    const dialect = this.reads.source.options.type === 'postgres' ? 'postgres' : 'sqlite';
    // Researchers study only members who consented to research, in statistics as in exports, and
    // see no number small enough to single someone out. Coordinators may read every case by name
    // anyway: withholding their figures would protect no one.
    const researcher = user.role === Role.Researcher;
    const counts = countsQuery(dialect, groupBy, filters, researcher);
    const medians = mediansQuery(dialect, groupBy, filters, researcher);
    const rows = await this.reads.snapshot(async (m) =>
      mergeStats(await m.query(counts.sql, counts.params), await m.query(medians.sql, medians.params)),
    );
    const minCell = researcher ? this.config.get('statsMinCell', { infer: true }) : null;
    const items = minCell === null ? rows.map(unsuppressed) : suppressSmallCells(rows, minCell);
    return { items: items.map(mapStatsItem), minCell };
  }
}
