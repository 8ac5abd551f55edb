import { Global, Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { migrateWithLock } from './migrator';
import { ReadRouting } from './read-routing';
import { ReadRoutingInterceptor } from './read-routing.interceptor';
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
  providers: [ReadRouting, { provide: APP_INTERCEPTOR, useClass: ReadRoutingInterceptor }],
  exports: [ReadRouting],
})
export class DatabaseModule implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.DB_MIGRATE) return;
    const applied = this.config.DATABASE_DIRECT_URL
      ? await this.migrateDirectly(this.config.DATABASE_DIRECT_URL)
      : await migrateWithLock(this.dataSource);
    this.logger.log(
      applied.length > 0 ? `applied migrations: ${applied.join(', ')}` : 'schema is up to date',
    );
  }

  /**
   * The migration lock is a session lock, which a transaction-pooling PgBouncer would leave on
   * whichever server connection ran it: migrations take a connection of their own to PostgreSQL.
   */
  private async migrateDirectly(url: string): Promise<string[]> {
    // Two connections: one holds the lock while the other runs the migrations.
    const direct = new DataSource(typeOrmOptions(url, 2));
    await direct.initialize();
    try {
      return await migrateWithLock(direct);
    } finally {
      await direct.destroy();
    }
  }
}
