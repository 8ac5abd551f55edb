import { TestBed } from '@angular/core/testing';

import { FakeRealtimeService, provideFakeRealtime } from '../../../core/realtime/realtime.testing';
import { DELIVERED_INTERVAL_MS, DeliveryReceipts } from './delivery-receipts';

describe('DeliveryReceipts', () => {
  let realtime: FakeRealtimeService;
  let receipts: DeliveryReceipts;

  beforeEach(() => {
    jest.useFakeTimers();
    realtime = new FakeRealtimeService();
    TestBed.configureTestingModule({ providers: [provideFakeRealtime(realtime)] });
    receipts = TestBed.inject(DeliveryReceipts);
  });
  afterEach(() => jest.useRealTimers());

  const sent = () => realtime.sent('conversation:delivered').map((e) => e.payload);

  it('reports the first message at once and a burst once a second, per conversation', () => {
    receipts.received('c-1', 1);
    receipts.received('c-2', 7);
    expect(sent()).toEqual([
      { conversationId: 'c-1', seq: 1 },
      { conversationId: 'c-2', seq: 7 },
    ]);
    for (let seq = 2; seq <= 10; seq++) receipts.received('c-1', seq);
    expect(sent()).toHaveLength(2);
    jest.advanceTimersByTime(DELIVERED_INTERVAL_MS);
    expect(sent().slice(2)).toEqual([{ conversationId: 'c-1', seq: 10 }]);
    // Nothing new: nothing more is sent; an old seq never goes out.
    jest.advanceTimersByTime(DELIVERED_INTERVAL_MS * 3);
    receipts.received('c-1', 4);
    expect(sent()).toHaveLength(3);
    receipts.received('c-1', 11);
    expect(sent().at(-1)).toEqual({ conversationId: 'c-1', seq: 11 });
  });
});
