import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { databaseOptions } from './database-options';
import { applySqlitePragmas } from './sqlite-pragmas';
import { TransactionService } from './transaction.service';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...databaseOptions(config.database), autoLoadEntities: true }),
          // Pragmas are checked and migrations run before any module can use the connection.
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            await applySqlitePragmas(dataSource);
            await dataSource.runMigrations({ transaction: 'each' });
            return dataSource;
          },
        }),
      ],
      providers: [TransactionService],
      exports: [TransactionService],
    };
  }
}
