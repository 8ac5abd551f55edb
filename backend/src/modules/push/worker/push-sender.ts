import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Agent } from 'undici';
import { request } from 'undici';
import webpush from 'web-push';
import { outboundAgent } from '../../../common/outbound/outbound-gate';
import {
  checkTarget,
  configuredPolicy,
  type OutboundPolicy,
} from '../../../common/outbound/outbound-policy';
import { AppConfig } from '../../../config/app-config';

/** How long a notification is worth keeping at the push service for an offline device. */
const TTL_SECONDS = 3_600;
const REQUEST_TIMEOUT_MS = 10_000;

export type PushOutcome = 'sent' | 'expired' | 'failed';

/**
 * Posts one encrypted notification (RFC 8291 aes128gcm, VAPID RFC 8292) to a subscription's
 * push service. `web-push` encrypts and signs; the request goes out through the outbound gate
 * (an endpoint stored before the gate existed, or whose name now resolves inside our network,
 * is refused at connect time). 404/410 mean the subscription is gone.
 */
@Injectable()
export class PushSender implements OnApplicationShutdown {
  private readonly policy: OutboundPolicy;
  private readonly agent: Agent;

  constructor(private readonly config: AppConfig) {
    this.policy = configuredPolicy(config, config.PUSH_ALLOW_INSECURE_ENDPOINTS);
    this.agent = outboundAgent(this.policy, REQUEST_TIMEOUT_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.agent.close();
  }

  async send(
    subscription: { endpoint: string; p256dh: string; auth: string },
    payload: object,
  ): Promise<PushOutcome> {
    const details = webpush.generateRequestDetails(
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
    const url = new URL(details.endpoint);
    checkTarget(url, this.policy);
    // undici's request never follows a redirect: a push service answers directly.
    const response = await request(url, {
      dispatcher: this.agent,
      method: 'POST',
      headers: details.headers as Record<string, string>,
      body: details.body === null ? null : new Uint8Array(details.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.body.dump();
    const status = response.statusCode;
    if (status === 404 || status === 410) return 'expired';
    return status >= 200 && status < 300 ? 'sent' : 'failed';
  }
}
