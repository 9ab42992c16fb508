import { DynamicModule, Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { databaseOptions } from './database-options';
import { ENTITIES } from './entities';
import { ReadDatabase } from './read-database';
import { applySqlitePragmas } from './sqlite-pragmas';
import { TransactionService } from './transaction.service';

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly reads: ReadDatabase) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...databaseOptions(config.database), entities: ENTITIES }),
          // Pragmas are checked and migrations run before any module can use the connection.
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            await applySqlitePragmas(dataSource);
            await dataSource.runMigrations({ transaction: 'each' });
            return dataSource;
          },
        }),
      ],
      providers: [
        TransactionService,
        // Opened once the schema is migrated (it reads the same entities).
        { provide: ReadDatabase, useFactory: ReadDatabase.open, inject: [getDataSourceToken()] },
      ],
      exports: [TransactionService, ReadDatabase],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reads.close();
  }
}
