import { formatDate } from '@angular/common';
import { Injector, LOCALE_ID } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { firstValueFrom } from 'rxjs';

import { describeSendError } from '../data-access/chat-errors';
import { ScheduledStore } from './data-access/scheduled.store';
import { openScheduleDialog } from './schedule-dialog/schedule-dialog';

/**
 * The composer's "Schedule message…": asks when, then schedules the text. Resolves true once the
 * server holds it (the composer then clears), false when dismissed or refused (the text stays).
 */
export async function scheduleMessage(
  injector: Injector,
  conversationId: string,
  body: string,
): Promise<boolean> {
  const choice = await openScheduleDialog(injector.get(MatDialog), {
    title: 'Schedule message',
    confirmLabel: 'Schedule',
  });
  if (!choice) return false;
  const snackBar = injector.get(MatSnackBar);
  try {
    await firstValueFrom(injector.get(ScheduledStore).schedule(conversationId, body, choice.at));
    const when = formatDate(choice.at, 'EEE d MMM, HH:mm', injector.get(LOCALE_ID));
    snackBar.open(`Scheduled for ${when}`, undefined, { duration: 3000 });
    return true;
  } catch (error) {
    snackBar.open(`Couldn't schedule it. ${describeSendError(error)}`, 'Dismiss', {
      duration: 5000,
    });
    return false;
  }
}

/** "Remind me" on a message: asks when, then sets the reminder. */
export async function remindMe(injector: Injector, messageId: string): Promise<void> {
  const choice = await openScheduleDialog(injector.get(MatDialog), {
    title: 'Remind me about this message',
    confirmLabel: 'Remind me',
  });
  if (!choice) return;
  const snackBar = injector.get(MatSnackBar);
  try {
    await firstValueFrom(injector.get(ScheduledStore).remind(messageId, choice.at));
    const when = formatDate(choice.at, 'EEE d MMM, HH:mm', injector.get(LOCALE_ID));
    snackBar.open(`The Reminders bot will remind you ${when}`, undefined, { duration: 3000 });
  } catch (error) {
    snackBar.open(`Couldn't set the reminder. ${describeSendError(error)}`, 'Dismiss', {
      duration: 5000,
    });
  }
}
