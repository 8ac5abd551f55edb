import { type DynamicModule, Module } from '@nestjs/common';
import { coreModules } from './common/core-modules';
import type { AppConfig } from './config/app-config';
import { AccountsModule } from './modules/accounts/accounts.module';
import { AdminModule } from './modules/admin/admin.module';
import { AttachmentsModule } from './modules/attachments/attachments.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { BotsHttpModule } from './modules/bot/bots-http.module';
import { InvitesModule } from './modules/invites/invites.module';
import { ExportsModule } from './modules/exports/exports.module';
import { LeavingModule } from './modules/leaving/leaving.module';
import { PushModule } from './modules/push/push.module';
import { ProfileModule } from './modules/users/profile.module';
import { UsersModule } from './modules/users/users.module';
import { ConversationEventsModule } from './modules/conversation-events/conversation-events.module';
import { ConversationsModule } from './modules/conversations/conversations.module';
import { DeliveryRelayModule } from './modules/messages/delivery/delivery-relay.module';
import { InboxModule } from './modules/inbox/inbox.module';
import { MessagesModule } from './modules/messages/messages.module';
import { OidcModule } from './modules/oidc/oidc.module';
import { RealtimePublisherModule } from './modules/realtime/realtime-publisher.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { RemindersModule } from './modules/scheduling/reminders.module';
import { SearchModule } from './modules/search/search.module';
import { WidgetsModule } from './modules/widgets/widgets.module';
import { WorkspaceModule } from './modules/workspace/workspace.module';
import { JOB_PROCESSOR_MODULES } from './worker.module';

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
        AccountsModule,
        LeavingModule,
        OidcModule,
        ExportsModule,
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
        WidgetsModule,
        InboxModule,
        ConversationEventsModule,
        RemindersModule,
        // WORKER_MODE=inline: one process also works every queue (npm start).
        ...(config.WORKER_MODE === 'inline' ? JOB_PROCESSOR_MODULES : []),
      ],
    };
  }
}
