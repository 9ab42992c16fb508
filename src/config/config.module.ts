import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig } from './config';
import { PublicUrl } from './public-url';

/** Typed access: `config.get('port', { infer: true })`. */
export type TypedConfigService = ConfigService<AppConfig, true>;

@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => config],
          cache: true,
          skipProcessEnv: true,
        }),
      ],
      providers: [PublicUrl],
      exports: [ConfigModule, PublicUrl],
    };
  }
}
