import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { AttachmentDto } from '../../../../core/api/model';
import { attachment } from '../data-access/attachments.testing';
import { MessageAttachments } from './message-attachments';

describe('MessageAttachments', () => {
  let element: HTMLElement;

  async function render(attachments: AttachmentDto[]) {
    const fixture = TestBed.createComponent(MessageAttachments);
    fixture.componentRef.setInput('attachments', attachments);
    await fixture.whenStable();
    element = fixture.nativeElement as HTMLElement;
    return fixture;
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    globalThis.URL.createObjectURL = () => 'blob:thumbnail';
  });

  it('reserves a processing image its placeholder box and fetches nothing yet', async () => {
    await render([attachment()]);
    const image = element.querySelector<HTMLElement>('[data-testid="attachment-image"]')!;
    expect(image.dataset['status']).toBe('processing');
    expect(image.style.width).toBe('240px');
    expect(image.style.height).toBe('160px');
    expect(image.querySelector('img')).toBeNull();
    TestBed.inject(HttpTestingController).verify();
  });

  it('shows a ready image from its thumbnail, fetched with the token, in a box of its proportions', async () => {
    const fixture = await render([
      attachment({ status: 'ready', width: 1000, height: 500, thumbnailUrl: '/api/v1/t' }),
    ]);
    const request = TestBed.inject(HttpTestingController).expectOne('/api/v1/t');
    expect(request.request.responseType).toBe('blob');
    request.flush(new Blob(['x']));
    const image = element.querySelector<HTMLElement>('[data-testid="attachment-image"]')!;
    // The object URL arrives on a later turn of the event loop.
    for (let turn = 0; turn < 50 && !image.querySelector('img'); turn++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      await fixture.whenStable();
    }
    expect(image.style.width).toBe('240px');
    expect(image.style.height).toBe('120px');
    expect(image.querySelector('img')!.getAttribute('src')).toBe('blob:thumbnail');
  });

  it('lists other files as download chips with their name and size', async () => {
    await render([
      attachment({ id: 'f', kind: 'file', name: 'report.pdf', size: 350 * 1024, status: 'ready' }),
    ]);
    const chip = element.querySelector('[data-testid="attachment-file"]')!;
    expect(chip.textContent).toContain('report.pdf');
    expect(chip.textContent).toContain('350 KB');
    expect(chip.getAttribute('aria-label')).toBe('Download report.pdf, 350 KB');
  });
});
