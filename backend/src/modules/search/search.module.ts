import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { SearchController } from './search.controller';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

/** Message search: reads the messages' search index, returns messages via MessagesService. */
@Module({
  imports: [MessagesModule],
  controllers: [SearchController],
  providers: [SearchRepository, SearchService],
})
export class SearchModule {}
