/**
 * The Material Symbols icons the app ships (outlined, weight 400, from `@material-symbols/svg-400`).
 * Only these are bundled: there is no icon font, so `<mat-icon>name</mat-icon>` renders nothing.
 *
 * How to use an icon: `<mat-icon svgIcon="send"></mat-icon>` (or `[svgIcon]="expr"`); add
 * `aria-hidden="true"` when it is decorative. Size it with `width`/`height` (not `font-size`).
 *
 * How to add an icon:
 *   1. Find its file name in node_modules/@material-symbols/svg-400/outlined/ (e.g. `send.svg`;
 *      font aliases such as `done` or `expand_more` have no file: use `check`, `keyboard_arrow_down`).
 *   2. Add the name below, in alphabetical order, on its own line.
 *   3. Run `npm run icons -w frontend`; it rewrites icon-svgs.generated.ts (never edit that by hand).
 * `icons.spec.ts` fails if a template uses a name that is not registered, or a ligature icon.
 */
export const ICON_NAMES = [
  'account_circle',
  'add_a_photo',
  'add_moderator',
  'add_reaction',
  'arrow_back',
  'arrow_downward',
  'arrow_forward',
  'attach_file',
  'bookmark',
  'bookmark_remove',
  'broken_image',
  'cancel',
  'chat',
  'check',
  'check_circle',
  'close',
  'cloud_off',
  'content_copy',
  'delete',
  'done_all',
  'download',
  'draft',
  'edit',
  'edit_square',
  'error',
  'forum',
  'forward',
  'group_add',
  'image',
  'info',
  'keep',
  'keep_off',
  'keyboard_arrow_down',
  'logout',
  'manage_search',
  'mark_chat_unread',
  'mood',
  'more_vert',
  'notifications',
  'notifications_off',
  'person_add',
  'person_remove',
  'progress_activity',
  'refresh',
  'remove_moderator',
  'reply',
  'schedule',
  'search',
  'send',
  'stop_circle',
  'tag',
  'text_format',
  'visibility',
  'visibility_off',
  'warning',
  'waving_hand',
] as const;

export type IconName = (typeof ICON_NAMES)[number];
