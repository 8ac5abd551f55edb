import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';

import { routes } from './app.routes';
import { authInterceptor } from './core/auth/auth.interceptor';
import { provideSession } from './core/auth/session.store';
import { provideMaterialSymbols } from './core/icons/material-symbols';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    // The generated SDK is built on HttpClient, so these apply to every API call.
    provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
    provideSession(),
    provideMaterialSymbols(),
  ],
};
