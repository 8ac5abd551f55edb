import { Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WidgetGuestEntity } from './widget-guest.entity';
import { WidgetEntity } from './widget.entity';
import { WidgetsRepository } from './widgets.repository';

/** What the shop's page said the visitor was looking at (`data-context`). */
export interface VisitorContext {
  product?: string;
  category?: string;
}

/** The bot worker's narrow view of widget visitors: their product context, nothing else. */
@Injectable()
export class VisitorContexts {
  constructor(private readonly widgets: WidgetsRepository) {}

  of(conversationId: string): Promise<VisitorContext | null> {
    return this.widgets.visitorContext(conversationId);
  }
}

@Module({
  imports: [TypeOrmModule.forFeature([WidgetEntity, WidgetGuestEntity])],
  providers: [WidgetsRepository, VisitorContexts],
  exports: [VisitorContexts],
})
export class VisitorContextsModule {}
