import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '../database/read-database';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { StatsQueryDto } from './dto/stats-query.dto';
import { StatsSummaryDto } from './dto/stats-response.dto';
import { countsQuery, mediansQuery, mergeStats } from './stats-query';

@Injectable()
export class StatsService {
  constructor(private readonly reads: ReadDatabase) {}

  /** Aggregated in the database: two grouped queries, whatever the number of cases, of one snapshot. */
  async summary(user: User, query: StatsQueryDto): Promise<StatsSummaryDto> {
    const { groupBy, ...filters } = query;
    const dialect = this.reads.source.options.type === 'postgres' ? 'postgres' : 'sqlite';
    // Researchers study only members who consented to research, in statistics as in exports.
    const consentingOnly = user.role === Role.Researcher;
    const counts = countsQuery(dialect, groupBy, filters, consentingOnly);
    const medians = mediansQuery(dialect, groupBy, filters, consentingOnly);
    const items = await this.reads.snapshot(async (m) =>
      mergeStats(await m.query(counts.sql, counts.params), await m.query(medians.sql, medians.params)),
    );
    return { items };
  }
}
