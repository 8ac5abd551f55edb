import { EnvironmentProviders, inject, provideAppInitializer } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';

/**
 * Makes `<mat-icon>name</mat-icon>` render with the self-hosted Material Symbols font
 * (`material-symbols/outlined.css`) instead of the legacy Material Icons font, which is not shipped.
 */
export function provideMaterialSymbols(): EnvironmentProviders {
  return provideAppInitializer(() => {
    inject(MatIconRegistry).setDefaultFontSetClass(
      'material-symbols-outlined',
      'mat-ligature-font',
    );
  });
}
