import { ComponentFixture, TestBed } from '@angular/core/testing';

import { LinkPreviewDto } from '../../../core/api/model';
import { LinkPreviewCard } from './link-preview-card';

describe('LinkPreviewCard', () => {
  let fixture: ComponentFixture<LinkPreviewCard>;
  let element: HTMLElement;

  const preview = (overrides: Partial<LinkPreviewDto> = {}): LinkPreviewDto => ({
    url: 'https://www.example.org/post',
    title: 'A post',
    description: 'What it is about',
    imageUrl: 'https://cdn.example.org/cover.png',
    siteName: 'Example',
    ...overrides,
  });

  function render(value: LinkPreviewDto): void {
    fixture = TestBed.createComponent(LinkPreviewCard);
    element = fixture.nativeElement as HTMLElement;
    fixture.componentRef.setInput('preview', value);
    fixture.detectChanges();
  }
  const find = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  it('links the title to the page in a new tab, without opener or referrer', () => {
    render(preview());
    const title = find('link-preview-title') as HTMLAnchorElement;
    expect(title.textContent?.trim()).toBe('A post');
    expect(title.href).toBe('https://www.example.org/post');
    expect(title.target).toBe('_blank');
    expect(title.rel).toBe('noopener noreferrer');
    expect(find('link-preview-site')?.textContent).toBe('Example');
    expect(find('link-preview-description')?.textContent).toBe('What it is about');
  });

  it('loads the thumbnail lazily, without a referrer, and leaves it out when it fails', () => {
    render(preview());
    const image = find('link-preview-image') as HTMLImageElement;
    expect(image.getAttribute('loading')).toBe('lazy');
    expect(image.getAttribute('referrerpolicy')).toBe('no-referrer');
    image.dispatchEvent(new Event('error'));
    fixture.detectChanges();
    expect(find('link-preview-image')).toBeNull();
    expect(find('link-preview-title')).not.toBeNull();
  });

  it('names the host when the page names no site, and shows the link when it has no title', () => {
    render(preview({ siteName: null, title: null, description: null, imageUrl: null }));
    expect(find('link-preview-site')?.textContent).toBe('example.org');
    expect(find('link-preview-title')?.textContent?.trim()).toBe('https://www.example.org/post');
    expect(find('link-preview-description')).toBeNull();
    expect(find('link-preview-image')).toBeNull();
  });

  it.each(['javascript:alert(1)', 'http://cdn.example.org/cover.png'])(
    'shows no image from %s (https only)',
    (imageUrl) => {
      render(preview({ imageUrl }));
      expect(find('link-preview-image')).toBeNull();
    },
  );
});
