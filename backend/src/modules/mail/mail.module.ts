import { Module } from '@nestjs/common';
import { MailService } from './mail.service';

/** Account mail, producer side: what the API uses to queue a mail. */
@Module({ providers: [MailService], exports: [MailService] })
export class MailModule {}
