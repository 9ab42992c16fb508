import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import { StatsQueryDto } from './dto/stats-query.dto';
import { countsQuery, mediansQuery, mergeStats, StatsItem } from './stats-query';

@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Aggregated in the database: two grouped queries, whatever the number of cases. */
  async summary(user: User, query: StatsQueryDto): Promise<{ items: StatsItem[] }> {
    const { groupBy, ...filters } = query;
    const dialect = this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
    // Researchers study only members who consented to research, in statistics as in exports.
    const consentingOnly = user.role === Role.Researcher;
    const counts = countsQuery(dialect, groupBy, filters, consentingOnly);
    const medians = mediansQuery(dialect, groupBy, filters, consentingOnly);
    const [countRows, medianRows] = await Promise.all([
      this.dataSource.query(counts.sql, counts.params),
      this.dataSource.query(medians.sql, medians.params),
    ]);
    return { items: mergeStats(countRows, medianRows) };
  }
}
