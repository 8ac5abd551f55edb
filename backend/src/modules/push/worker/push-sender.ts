import { Injectable } from '@nestjs/common';
import webpush from 'web-push';
import { AppConfig } from '../../../config/app-config';

/** How long a notification is worth keeping at the push service for an offline device. */
const TTL_SECONDS = 3_600;
const REQUEST_TIMEOUT_MS = 10_000;

export type PushOutcome = 'sent' | 'expired' | 'failed';

/**
 * Posts one encrypted notification (RFC 8291 aes128gcm, VAPID RFC 8292) to a subscription's
 * push service. `web-push` encrypts and signs; the request itself goes out with fetch, which
 * also reaches the test-only http endpoints. 404/410 mean the subscription is gone.
 */
@Injectable()
export class PushSender {
  constructor(private readonly config: AppConfig) {}

  async send(
    subscription: { endpoint: string; p256dh: string; auth: string },
    payload: object,
  ): Promise<PushOutcome> {
    const request = webpush.generateRequestDetails(
      {
        endpoint: subscription.endpoint,
        keys: { p256dh: subscription.p256dh, auth: subscription.auth },
      },
      JSON.stringify(payload),
      {
        TTL: TTL_SECONDS,
        contentEncoding: 'aes128gcm',
        vapidDetails: {
          subject: this.config.VAPID_SUBJECT!,
          publicKey: this.config.VAPID_PUBLIC_KEY!,
          privateKey: this.config.VAPID_PRIVATE_KEY!,
        },
      },
    );
    const response = await fetch(request.endpoint, {
      method: request.method,
      headers: request.headers as Record<string, string>,
      body: request.body === null ? null : new Uint8Array(request.body),
      // A push service answers directly; following a redirect could lead anywhere.
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status === 404 || response.status === 410) return 'expired';
    return response.ok ? 'sent' : 'failed';
  }
}
