import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createRedis, type RedisClient } from '../../common/redis/redis.module';
import { AppConfig } from '../../config/app-config';
import type { AuditActor } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import type {
  UpdateWorkspaceSettingsDto,
  WorkspaceSettingsDto,
} from './dto/workspace-settings.dto';
import { type StoredSettings, WorkspaceSettingsRepository } from './workspace-settings.repository';

/** Tells every process that the settings changed. */
export const SETTINGS_CHANGED_CHANNEL = 'workspace:settings-changed';
/** Bounds what an invalidation lost while Redis was away can leave stale. */
const TTL_MS = 60_000;

/**
 * The workspace's settings. Read on every registration and invite check, so each process keeps
 * them in memory; a change drops that copy here at once and, through Redis pub/sub, in every
 * other process. Invalidations published while the subscriber was disconnected are lost, so
 * the copy is also dropped whenever it (re)connects, and it expires after a minute regardless.
 */
@Injectable()
export class WorkspaceSettingsService implements OnModuleInit, OnApplicationShutdown {
  private cached?: { settings: WorkspaceSettingsDto; expiresAt: number };
  /** Bumped by every invalidation: a read that began before one must not fill the cache. */
  private generation = 0;
  private subscriber?: RedisClient;

  constructor(
    private readonly settings: WorkspaceSettingsRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    @Inject(Redis) private readonly redis: RedisClient,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = createRedis(this.config, 'workspace-settings');
    this.subscriber.on('message', () => this.drop());
    this.subscriber.on('ready', () => this.drop());
    // ioredis subscribes again by itself after a reconnect.
    await this.subscriber.subscribe(SETTINGS_CHANGED_CHANNEL).catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  async get(): Promise<WorkspaceSettingsDto> {
    if (this.cached && this.cached.expiresAt > Date.now()) return this.cached.settings;
    const generation = this.generation;
    const settings = (await this.settings.find()) ?? this.defaults();
    const dto = toDto(settings);
    if (generation === this.generation)
      this.cached = { settings: dto, expiresAt: Date.now() + TTL_MS };
    return dto;
  }

  /** Stores the change, records what actually changed in the audit log, and tells every process. */
  async update(
    actor: AuditActor,
    patch: UpdateWorkspaceSettingsDto,
  ): Promise<WorkspaceSettingsDto> {
    const { before, after } = await this.settings.apply(definedFields(patch), this.defaults());
    const changed = (Object.keys(after) as (keyof StoredSettings)[]).filter(
      (key) => before[key] !== after[key],
    );
    if (changed.length > 0) {
      await this.audit.record(actor, 'settings.changed', null, {
        changes: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
      });
    }
    this.drop();
    await this.redis.publish(SETTINGS_CHANGED_CHANNEL, '1').catch(() => 0);
    return toDto(after);
  }

  private defaults(): StoredSettings {
    return {
      workspaceName: 'Chat',
      registrationMode: this.config.REGISTRATION_MODE,
      membersCanInvite: false,
      membersCanCreateChannels: true,
      requireTwoFactorForAdmins: false,
      retentionDays: null,
    };
  }

  private drop(): void {
    this.generation += 1;
    this.cached = undefined;
  }
}

const toDto = (s: StoredSettings): WorkspaceSettingsDto => ({
  workspaceName: s.workspaceName,
  registrationMode: s.registrationMode,
  membersCanInvite: s.membersCanInvite,
  membersCanCreateChannels: s.membersCanCreateChannels,
  requireTwoFactorForAdmins: s.requireTwoFactorForAdmins,
  retentionDays: s.retentionDays,
});

/** The fields the request carried (a JSON null counts: it clears `retentionDays`). */
function definedFields(input: UpdateWorkspaceSettingsDto): Partial<StoredSettings> {
  const patch: Partial<StoredSettings> = {};
  if (input.workspaceName !== undefined) patch.workspaceName = input.workspaceName;
  if (input.registrationMode !== undefined) patch.registrationMode = input.registrationMode;
  if (input.membersCanInvite !== undefined) patch.membersCanInvite = input.membersCanInvite;
  if (input.membersCanCreateChannels !== undefined) {
    patch.membersCanCreateChannels = input.membersCanCreateChannels;
  }
  if (input.requireTwoFactorForAdmins !== undefined) {
    patch.requireTwoFactorForAdmins = input.requireTwoFactorForAdmins;
  }
  if (input.retentionDays !== undefined) patch.retentionDays = input.retentionDays;
  return patch;
}
