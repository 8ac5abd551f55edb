import { type DynamicModule, Module } from '@nestjs/common';
import { coreModules } from './common/core-modules';
import type { AppConfig } from './config/app-config';
import { AdminModule } from './modules/admin/admin.module';
import { AttachmentsModule } from './modules/attachments/attachments.module';
import { AuditModule } from './modules/audit/audit.module';
import { ThumbnailsWorkerModule } from './modules/attachments/thumbnails/thumbnails-worker.module';
import { AuthModule } from './modules/auth/auth.module';
import { BotsHttpModule } from './modules/bot/bots-http.module';
import { BotWorkerModule } from './modules/bot/worker/bot-worker.module';
import { LinkPreviewWorkerModule } from './modules/messages/link-preview/link-preview-worker.module';
import { InvitesModule } from './modules/invites/invites.module';
import { PushModule } from './modules/push/push.module';
import { PushWorkerModule } from './modules/push/worker/push-worker.module';
import { ProfileModule } from './modules/users/profile.module';
import { UsersModule } from './modules/users/users.module';
import { ConversationsModule } from './modules/conversations/conversations.module';
import { DeliveryRelayModule } from './modules/messages/delivery/delivery-relay.module';
import { MessagesModule } from './modules/messages/messages.module';
import { RealtimePublisherModule } from './modules/realtime/realtime-publisher.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { SearchModule } from './modules/search/search.module';
import { WorkspaceModule } from './modules/workspace/workspace.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreModules(config),
        RealtimePublisherModule,
        UsersModule,
        ProfileModule,
        AuthModule,
        WorkspaceModule,
        InvitesModule,
        AuditModule,
        AdminModule,
        ConversationsModule,
        MessagesModule,
        BotsHttpModule,
        SearchModule,
        AttachmentsModule,
        PushModule,
        RealtimeModule,
        DeliveryRelayModule,
        // WORKER_MODE=inline: one process also writes the bot replies and link previews (npm start).
        ...(config.WORKER_MODE === 'inline'
          ? [BotWorkerModule, LinkPreviewWorkerModule, ThumbnailsWorkerModule, PushWorkerModule]
          : []),
      ],
    };
  }
}
