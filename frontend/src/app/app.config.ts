import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import {
  MAT_BOTTOM_SHEET_DEFAULT_OPTIONS,
  MatBottomSheetConfig,
} from '@angular/material/bottom-sheet';
import { MAT_DIALOG_DEFAULT_OPTIONS, MatDialogConfig } from '@angular/material/dialog';
import {
  provideRouter,
  TitleStrategy,
  withComponentInputBinding,
  withPreloading,
} from '@angular/router';

import { routes } from './app.routes';
import { authInterceptor } from './core/auth/auth.interceptor';
import { provideSession } from './core/auth/session.store';
import { PreloadFlagged } from './core/preload-flagged';
import { provideMaterialSymbols } from './core/icons/material-symbols';
import { UnreadTitleStrategy } from './core/notifications/unread-title';
import { Outbox } from './features/chat/outbox';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding(), withPreloading(PreloadFlagged)),
    // Route titles led by the unread count: "(3) Chats · Chat".
    { provide: TitleStrategy, useExisting: UnreadTitleStrategy },
    // The generated SDK is built on HttpClient, so these apply to every API call.
    provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
    provideSession(),
    provideMaterialSymbols(),
    // Every dialog and sheet says it is modal, so screen readers keep to it. These replace the
    // library's defaults rather than amend them: start from those.
    {
      provide: MAT_DIALOG_DEFAULT_OPTIONS,
      useValue: { ...new MatDialogConfig(), ariaModal: true },
    },
    {
      provide: MAT_BOTTOM_SHEET_DEFAULT_OPTIONS,
      useValue: { ...new MatBottomSheetConfig(), ariaModal: true },
    },
    // Messages left unsent by an earlier visit go out as soon as the app starts, on any page.
    provideAppInitializer(() => void inject(Outbox)),
  ],
};
