import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { UsersModule } from '../users/users.module';
import { DemoShop } from './demo-shop';
import { GuestSessionsController } from './guest-sessions.controller';
import { GuestSessionsService } from './guest-sessions.service';
import { WidgetGuestEntity } from './widget-guest.entity';
import { WidgetOrigins } from './widget-origins';
import { WidgetEntity } from './widget.entity';
import { WidgetsController } from './widgets.controller';
import { WidgetsRepository } from './widgets.repository';
import { WidgetsService } from './widgets.service';

/** The shop widget: widgets (admins) and their visitors' guest sessions. */
@Module({
  imports: [
    TypeOrmModule.forFeature([WidgetEntity, WidgetGuestEntity]),
    UsersModule,
    AuthModule,
    AuditModule,
    ConversationsModule,
  ],
  controllers: [WidgetsController, GuestSessionsController],
  providers: [WidgetsRepository, WidgetsService, WidgetOrigins, GuestSessionsService, DemoShop],
  exports: [WidgetsService, WidgetOrigins, DemoShop],
})
export class WidgetsModule {}
