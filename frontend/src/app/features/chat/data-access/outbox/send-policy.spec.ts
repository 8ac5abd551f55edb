import { RealtimeError } from '../../../../core/realtime/realtime.service';
import { backoff, sendOutcome } from './send-policy';

describe('sendOutcome', () => {
  it('fails a message only when the server refuses it for good', () => {
    for (const code of ['VALIDATION', 'FORBIDDEN', 'NOT_FOUND'] as const) {
      expect(sendOutcome(new RealtimeError(code, 'no'), 1)).toEqual({ kind: 'failed' });
    }
  });

  it('waits the time a rate limit gives', () => {
    expect(sendOutcome(new RealtimeError('RATE_LIMITED', 'slow down', 12_400), 1)).toEqual({
      kind: 'wait',
      delayMs: 12_400,
    });
  });

  it('backs off exponentially on trouble that passes, up to 30 s', () => {
    for (const code of [
      'UNAVAILABLE',
      'INTERNAL',
      'TIMEOUT',
      'DISCONNECTED',
      'UNAUTHORIZED',
    ] as const) {
      expect(sendOutcome(new RealtimeError(code, 'later'), 3)).toEqual({
        kind: 'wait',
        delayMs: 4_000,
      });
    }
    expect([1, 2, 3, 4, 5, 6, 7].map(backoff)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });
});
