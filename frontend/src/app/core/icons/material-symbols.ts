import { EnvironmentProviders, inject, provideAppInitializer } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';
import { DomSanitizer } from '@angular/platform-browser';

import { ICON_SVGS } from './icon-svgs.generated';

/**
 * Registers the bundled Material Symbols SVGs (see icon-names.ts) so that
 * `<mat-icon svgIcon="name">` renders them without any HTTP request or icon font.
 */
export function provideMaterialSymbols(): EnvironmentProviders {
  return provideAppInitializer(() => {
    const registry = inject(MatIconRegistry);
    const sanitizer = inject(DomSanitizer);
    for (const [name, svg] of Object.entries(ICON_SVGS)) {
      // Trusted: the literals are generated at development time from the npm package.
      registry.addSvgIconLiteral(name, sanitizer.bypassSecurityTrustHtml(svg));
    }
  });
}
