import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { ScheduledMessageDto } from '../../../../core/api/model';
import {
  FakeRealtimeService,
  provideFakeRealtime,
} from '../../../../core/realtime/realtime.testing';
import { ScheduledStore } from '../data-access/scheduled.store';
import { ScheduledStrip } from './scheduled-strip';

const scheduled = (
  id: string,
  overrides: Partial<ScheduledMessageDto> = {},
): ScheduledMessageDto => ({
  id,
  conversationId: 'c1',
  body: `text of ${id}`,
  sendAt: '2030-01-02T10:00:00.000Z',
  status: 'scheduled',
  failureReason: null,
  messageId: null,
  createdAt: '2030-01-01T10:00:00.000Z',
  ...overrides,
});

describe('ScheduledStrip', () => {
  let http: HttpTestingController;
  let realtime: FakeRealtimeService;

  async function render() {
    realtime = new FakeRealtimeService();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideFakeRealtime(realtime)],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(ScheduledStrip);
    fixture.componentRef.setInput('conversationId', 'c1');
    http.expectOne('/api/v1/scheduled').flush({
      items: [
        scheduled('s2', { sendAt: '2030-01-03T10:00:00.000Z' }),
        scheduled('s1'),
        scheduled('other', { conversationId: 'c2' }),
      ],
    });
    await fixture.whenStable();
    return fixture;
  }
  const items = (root: HTMLElement) =>
    [...root.querySelectorAll('[data-testid="scheduled-item"] .body')].map((e) => e.textContent);

  afterEach(() => http.verify());

  it("lists the conversation's pending ones, soonest first, and follows scheduled:updated", async () => {
    const fixture = await render();
    const root = fixture.nativeElement as HTMLElement;
    expect(items(root)).toEqual(['text of s1', 'text of s2']);

    realtime.push('scheduled:updated', scheduled('s1', { status: 'sent', messageId: 'm1' }));
    realtime.push('scheduled:updated', scheduled('s3', { sendAt: '2030-01-01T12:00:00.000Z' }));
    await fixture.whenStable();
    expect(items(root)).toEqual(['text of s3', 'text of s2']);
  });

  it('cancels through the SDK and drops it', async () => {
    const fixture = await render();
    const root = fixture.nativeElement as HTMLElement;
    root.querySelector<HTMLButtonElement>('[data-testid="scheduled-cancel"]')!.click();
    http.expectOne({ method: 'DELETE', url: '/api/v1/scheduled/s1' }).flush(null);
    await fixture.whenStable();
    expect(items(root)).toEqual(['text of s2']);
  });

  it('shows nothing when none waits', async () => {
    const fixture = await render();
    const store = TestBed.inject(ScheduledStore);
    for (const id of ['s1', 's2']) {
      realtime.push('scheduled:updated', scheduled(id, { status: 'cancelled' }));
    }
    await fixture.whenStable();
    expect(store.pending().map((s) => s.id)).toEqual(['other']);
    expect(
      (fixture.nativeElement as HTMLElement).querySelector('[data-testid="scheduled-strip"]'),
    ).toBeNull();
  });
});
