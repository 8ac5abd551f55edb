import { Global, Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { migrateWithLock } from './migrator';
import { typeOrmOptions } from './typeorm-options';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...typeOrmOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
        // Startup must fail fast with a clear error rather than retry silently for minutes.
        retryAttempts: 0,
      }),
    }),
  ],
})
export class DatabaseModule implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.DB_MIGRATE) return;
    const applied = await migrateWithLock(this.dataSource);
    this.logger.log(
      applied.length > 0 ? `applied migrations: ${applied.join(', ')}` : 'schema is up to date',
    );
  }
}
