import { ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { JobQueue } from '../../common/jobs/job-queue';
import { JobName } from '../../common/jobs/job.types';
import { AppConfig } from '../../config/app-config';
import { apiActor } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from '../auth/password-hasher';
import { SessionsService } from '../auth/sessions.service';
import { GroupLifeService } from '../conversations/group-life.service';
import { ConversationsService } from '../conversations/conversations.service';
import { MessagesService } from '../messages/messages.service';
import { SocketEvent } from '../realtime/contract/socket-event';
import { RealtimePublisher } from '../realtime/contract/realtime.publisher';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { UsersService } from '../users/users.service';

const DAY_MS = 86_400_000;

/**
 * Deleting one's own account: asked again who you are, then the profile is erased, every
 * session and socket ends, their messages become tombstones, they leave their groups, and
 * after a grace period their username is free again.
 */
@Injectable()
export class AccountDeletionService {
  private readonly logger = new Logger('AccountDeletion');

  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly twoFactor: TwoFactorService,
    private readonly sessions: SessionsService,
    private readonly messages: MessagesService,
    private readonly groups: GroupLifeService,
    private readonly conversations: ConversationsService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimePublisher,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  /**
   * 403 when the password (or, with two-factor on, the code) is not right: a 401 would only
   * sign the app out. 409 for the last active admin, before anything changes.
   */
  async deleteAccount(userId: string, input: { password: string; code?: string }): Promise<void> {
    const account = await this.users.getAccount(userId);
    if (!(await this.hasher.verify(account.passwordHash, input.password))) {
      throw new ForbiddenException('the password is not correct');
    }
    if (!(await this.twoFactor.confirm(userId, input.code))) {
      throw new ForbiddenException(
        input.code === undefined ? 'a two-factor code is needed' : 'the code is not correct',
      );
    }
    await this.users.requireNotLastAdmin(userId);
    const sharedConversations = await this.conversations.conversationIdsOf(userId);
    // The messages and groups go first, while the person can still sign in: a deletion cut
    // short there is finished by asking again. Each step does nothing the second time.
    const erasedMessages = await this.messages.tombstoneAllOf(userId);
    const leftGroups = await this.groups.leaveAllGroups(userId);
    // From here on the account is gone: its access tokens stop working on every instance.
    const standIn = await this.users.eraseAccount(userId);
    const endedSessions = await this.sessions.endAllSessions(userId);
    await this.twoFactor.erase(userId);
    // Direct conversations stay: the other person sees "Deleted user" from now on.
    this.realtime.toConversations(sharedConversations, SocketEvent.UserUpdated, standIn, [userId]);
    await this.audit.record(apiActor(userId), 'account.deleted', userId, {
      username: account.user.username,
      endedSessions: endedSessions.length,
      erasedMessages,
      leftGroups,
    });
    await this.jobs
      .add(
        JobName.FreeUsername,
        { userId },
        { delay: this.config.DELETED_USERNAME_GRACE_DAYS * DAY_MS },
      )
      .catch((error: unknown) =>
        // The username then stays taken; deleting is done and the person must not see a 503.
        this.logger.error(`username of ${userId} not scheduled to be freed: ${String(error)}`),
      );
  }
}
