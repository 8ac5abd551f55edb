import { Component, computed, input, signal } from '@angular/core';

import { LinkPreviewDto } from '../../../core/api/model';

/**
 * The preview of a message's first link, under its text: the site, the title (the link, in a
 * new tab), the start of the description and a thumbnail. The thumbnail's box has a fixed size
 * so nothing moves while it loads; an image that fails to load is left out. Images come straight
 * from the linked site, over https only (see docs/web-client.md on link previews).
 */
@Component({
  selector: 'app-link-preview-card',
  templateUrl: './link-preview-card.html',
  styleUrl: './link-preview-card.scss',
  host: { 'data-testid': 'link-preview' },
})
export class LinkPreviewCard {
  readonly preview = input.required<LinkPreviewDto>();

  private readonly brokenImage = signal<string | null>(null);

  /** The site's own name, else its host name. */
  protected readonly site = computed(() => {
    const preview = this.preview();
    if (preview.siteName) return preview.siteName;
    try {
      return new URL(preview.url).hostname.replace(/^www\./, '');
    } catch {
      return null;
    }
  });
  /** Only https: the page's Content-Security-Policy blocks other remote images anyway. */
  protected readonly image = computed(() => {
    const url = this.preview().imageUrl;
    return url && /^https:\/\//i.test(url) && url !== this.brokenImage() ? url : null;
  });

  protected onImageError(url: string): void {
    this.brokenImage.set(url);
  }
}
