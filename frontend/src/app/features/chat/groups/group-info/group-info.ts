import {
  afterNextRender,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  Injector,
  signal,
  untracked,
  viewChild,
  ViewEncapsulation,
} from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogRef } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuContent, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { finalize, Observable } from 'rxjs';

import { MemberDto, UserDto } from '../../../../core/api/model';
import { SessionStore } from '../../../../core/auth/session.store';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { RealtimeService } from '../../../../core/realtime/realtime.service';
import { Avatar } from '../../../../shared/ui/avatar/avatar';
import { confirmAction } from '../../../../shared/ui/confirm-dialog/confirm-dialog';
import { Clock } from '../../data-access/clock';
import { conversationAvatar, conversationTitle } from '../../data-access/conversation-view';
import { ConversationsStore } from '../../data-access/conversations.store';
import { PresenceStore } from '../../data-access/presence.store';
import { BotBadge } from '../../ui/bot-badge/bot-badge';
import { OnlineAvatar } from '../../ui/online-avatar/online-avatar';
import { presenceText } from '../../ui/presence-text';
import { GroupActions } from '../data-access/group-actions';
import {
  canChangeRole,
  canManage,
  canRemove,
  MAX_GROUP_MEMBERS,
  MAX_TITLE_LENGTH,
  roleLabel,
  roleOf,
  sortMembers,
} from '../data-access/group-roles';
import { MemberPicker } from '../member-picker/member-picker';

export interface GroupInfoData {
  readonly conversationId: string;
  /** A phone: the whole screen rather than a panel at the side. */
  readonly fullscreen: boolean;
}

/**
 * A group's title and members, and what the user's role allows there: renaming and adding people
 * (owner, admins), removing people (owner, admins; never the owner), making admins (owner), and
 * leaving. Follows the conversation in the store, so changes made by others show at once; closes
 * itself when the user is no longer a member.
 */
@Component({
  selector: 'app-group-info',
  imports: [
    MatButton,
    MatIconButton,
    MatIcon,
    MatMenu,
    MatMenuContent,
    MatMenuItem,
    MatMenuTrigger,
    MatProgressSpinner,
    Avatar,
    OnlineAvatar,
    BotBadge,
    MemberPicker,
  ],
  templateUrl: './group-info.html',
  styleUrl: './group-info.scss',
  // The panel's own frame (square corners, full height) is styled through its panel class.
  encapsulation: ViewEncapsulation.None,
  host: { class: 'group-info', '[class.fullscreen]': 'data.fullscreen' },
})
export class GroupInfo {
  protected readonly data = inject<GroupInfoData>(MAT_DIALOG_DATA);
  private readonly conversations = inject(ConversationsStore);
  private readonly groups = inject(GroupActions);
  private readonly session = inject(SessionStore);
  private readonly presence = inject(PresenceStore);
  private readonly clock = inject(Clock);
  private readonly connection = inject(RealtimeService).connectionState;
  private readonly dialog = inject(MatDialog);
  private readonly dialogRef = inject<MatDialogRef<GroupInfo>>(MatDialogRef);
  private readonly snackBar = inject(MatSnackBar);
  private readonly injector = inject(Injector);
  private readonly titleField = viewChild<ElementRef<HTMLInputElement>>('titleField');

  protected readonly maxTitle = MAX_TITLE_LENGTH;
  protected readonly conversation = computed(() =>
    this.conversations.get(this.data.conversationId),
  );
  protected readonly myId = computed(() => this.session.user()?.id ?? '');
  protected readonly myRole = computed(() => {
    const conversation = this.conversation();
    return conversation ? roleOf(conversation, this.myId()) : null;
  });
  protected readonly canManage = computed(() => canManage(this.myRole()));
  protected readonly title = computed(() => {
    const conversation = this.conversation();
    return conversation ? conversationTitle(conversation, this.myId()) : '';
  });
  protected readonly avatar = computed(() => {
    const conversation = this.conversation();
    return conversation ? conversationAvatar(conversation, this.myId()) : null;
  });
  protected readonly members = computed(() => {
    const conversation = this.conversation();
    if (!conversation) return [];
    const myId = this.myId();
    const role = this.myRole();
    const now = this.clock.now();
    return sortMembers(conversation.members, myId).map((member) => {
      const me = member.user.id === myId;
      const online = me
        ? this.connection() === 'connected'
        : this.presence.isOnline(member.user.id);
      const status = member.user.isBot
        ? `@${member.user.username}`
        : me
          ? online
            ? 'online'
            : ''
          : (presenceText(this.presence.get(member.user.id), now) ?? `@${member.user.username}`);
      return {
        member,
        me,
        online,
        status,
        role: roleLabel(member.role),
        canRemove: canRemove(role, member, myId),
        canChangeRole: canChangeRole(role, member),
      };
    });
  });
  protected readonly memberIds = computed(
    () => new Set(this.conversation()?.members.map((member) => member.user.id) ?? []),
  );

  /** The title being edited; null when not editing. */
  protected readonly draftTitle = signal<string | null>(null);
  protected readonly adding = signal(false);
  protected readonly picked = signal<readonly UserDto[]>([]);
  /** What is waiting for the server: 'title', 'add', 'leave', 'delete', or a member's id. */
  protected readonly busy = signal<string | null>(null);

  protected readonly addError = computed(() => {
    const total = this.memberIds().size + this.picked().length;
    return total > MAX_GROUP_MEMBERS
      ? `A group has at most ${MAX_GROUP_MEMBERS} members: take out ${total - MAX_GROUP_MEMBERS}.`
      : null;
  });

  constructor() {
    // Removed, or left: nothing to show any more.
    effect(() => {
      if (!this.conversation() || this.myRole() === null) {
        untracked(() => this.dialogRef.close());
      }
    });
  }

  protected close(): void {
    this.dialogRef.close();
  }

  protected editTitle(): void {
    this.draftTitle.set(this.conversation()?.title ?? '');
    afterNextRender(() => this.titleField()?.nativeElement.select(), { injector: this.injector });
  }

  protected saveTitle(): void {
    const title = (this.draftTitle() ?? '').trim();
    const conversation = this.conversation();
    if (!conversation || this.busy() !== null) return;
    if (title === '' || title.length > MAX_TITLE_LENGTH) return;
    if (title === conversation.title) {
      this.draftTitle.set(null);
      return;
    }
    this.run(
      'title',
      this.groups.rename(conversation.id, title),
      "Couldn't rename the group.",
      () => this.draftTitle.set(null),
    );
  }

  protected cancelTitle(): void {
    this.draftTitle.set(null);
  }

  protected startAdding(): void {
    this.picked.set([]);
    this.adding.set(true);
  }

  protected addPicked(): void {
    const conversation = this.conversation();
    const userIds = this.picked().map((user) => user.id);
    if (!conversation || userIds.length === 0 || this.addError() !== null) return;
    this.run('add', this.groups.addMembers(conversation.id, userIds), "Couldn't add them.", () => {
      this.adding.set(false);
      this.picked.set([]);
    });
  }

  protected setRole(member: MemberDto, role: 'admin' | 'member'): void {
    const conversation = this.conversation();
    if (!conversation) return;
    this.run(
      member.user.id,
      this.groups.setRole(conversation.id, member.user.id, role),
      role === 'admin'
        ? `Couldn't make ${member.user.displayName} an admin.`
        : `Couldn't change ${member.user.displayName}'s role.`,
    );
  }

  protected remove(member: MemberDto): void {
    const conversation = this.conversation();
    if (!conversation) return;
    const name = member.user.displayName;
    confirmAction(this.dialog, {
      title: `Remove ${name}?`,
      message: `${name} will no longer see new messages in “${this.title()}”.`,
      confirm: 'Remove',
    }).subscribe((confirmed) => {
      if (!confirmed) return;
      this.run(
        member.user.id,
        this.groups.removeMember(conversation.id, member.user.id),
        `Couldn't remove ${name}.`,
      );
    });
  }

  protected leave(): void {
    const conversation = this.conversation();
    if (!conversation) return;
    const others = conversation.members.length - 1;
    const message =
      others === 0
        ? 'You are its last member: the group and its messages will be deleted.'
        : this.myRole() === 'owner'
          ? 'You own this group. Ownership passes to the longest-standing admin, or else to the longest-standing member. You will no longer see its messages.'
          : 'You will no longer see its messages, unless someone adds you again.';
    confirmAction(this.dialog, {
      title: `Leave “${this.title()}”?`,
      message,
      confirm: 'Leave',
    }).subscribe((confirmed) => {
      if (confirmed) {
        this.run(
          'leave',
          this.conversations.leave(conversation.id),
          `Couldn't leave the ${this.noun()}.`,
        );
      }
    });
  }

  /** The kind of conversation, in the panel's words. */
  protected readonly noun = computed(() =>
    this.conversation()?.type === 'channel' ? 'channel' : 'group',
  );

  protected setArchived(archived: boolean): void {
    const conversation = this.conversation();
    if (!conversation) return;
    this.run(
      'archive',
      this.groups.setArchived(conversation.id, archived),
      archived ? `Couldn't archive the ${this.noun()}.` : `Couldn't unarchive the ${this.noun()}.`,
    );
  }

  protected deleteGroup(): void {
    const conversation = this.conversation();
    if (!conversation) return;
    confirmAction(this.dialog, {
      title: `Delete “${this.title()}”?`,
      message:
        'The group and all its messages are deleted for everyone. This cannot be undone; to keep it going without you, leave it instead.',
      confirm: 'Delete group',
    }).subscribe((confirmed) => {
      if (confirmed) {
        this.run(
          'delete',
          this.conversations.deleteGroup(conversation.id),
          "Couldn't delete the group.",
        );
      }
    });
  }

  /** One request at a time; its failure is told in a snackbar. */
  private run(key: string, request: Observable<unknown>, failure: string, done?: () => void): void {
    if (this.busy() !== null) return;
    this.busy.set(key);
    request.pipe(finalize(() => this.busy.set(null))).subscribe({
      complete: () => done?.(),
      error: (error: unknown) =>
        this.snackBar.open(`${failure} ${describeApiProblem(readApiProblem(error))}`, undefined, {
          duration: 5000,
        }),
    });
  }
}

export function openGroupInfo(
  dialog: MatDialog,
  conversationId: string,
  fullscreen: boolean,
): MatDialogRef<GroupInfo> {
  const data: GroupInfoData = { conversationId, fullscreen };
  return dialog.open(GroupInfo, {
    data,
    ariaLabel: 'Group info',
    autoFocus: 'dialog',
    panelClass: fullscreen ? ['group-info-panel', 'group-info-fullscreen'] : 'group-info-panel',
    ...(fullscreen
      ? { width: '100vw', maxWidth: '100vw', height: '100%', maxHeight: '100%' }
      : {
          width: '400px',
          maxWidth: '100vw',
          height: '100%',
          maxHeight: '100%',
          position: { top: '0', right: '0' },
        }),
  });
}
