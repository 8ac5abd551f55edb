import { Injectable } from '@angular/core';
import { PreloadingStrategy, Route } from '@angular/router';
import { Observable, of } from 'rxjs';

/**
 * Loads the lazy routes marked `data: { preload: true }` in the background once the first page
 * is up: the chat list's code, so signing in shows it without another round of downloads. Only
 * those: everything else would add to every first visit's bytes.
 */
@Injectable({ providedIn: 'root' })
export class PreloadFlagged implements PreloadingStrategy {
  preload(route: Route, load: () => Observable<unknown>): Observable<unknown> {
    return route.data?.['preload'] === true ? load() : of(null);
  }
}
