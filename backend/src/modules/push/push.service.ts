import { BadRequestException, Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import { AppConfig } from '../../config/app-config';
import type { PushConfigDto, PushSubscriptionInputDto } from './dto/push.dto';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';

/** Sizes of a browser's keys once decoded: an uncompressed P-256 point and a 16-byte secret. */
const P256DH_BYTES = 65;
const AUTH_BYTES = 16;

/** Browsers' push subscriptions: the VAPID public key they need, and storing their endpoints. */
@Injectable()
export class PushService {
  constructor(
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly config: AppConfig,
  ) {}

  getConfig(): PushConfigDto {
    return { publicKey: this.config.pushEnabled ? this.config.VAPID_PUBLIC_KEY! : null };
  }

  async subscribe(userId: string, input: PushSubscriptionInputDto): Promise<void> {
    this.requirePushService(input.endpoint);
    if (Buffer.from(input.keys.p256dh, 'base64url').length !== P256DH_BYTES)
      throw new BadRequestException(['keys.p256dh must be a 65-byte P-256 public key']);
    if (Buffer.from(input.keys.auth, 'base64url').length !== AUTH_BYTES)
      throw new BadRequestException(['keys.auth must be 16 bytes']);
    await this.subscriptions.upsert({
      userId,
      endpoint: input.endpoint,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
    });
  }

  /** Removes the caller's subscription for that endpoint (nothing if it is not theirs). */
  unsubscribe(userId: string, endpoint: string): Promise<void> {
    return this.subscriptions.delete(userId, endpoint);
  }

  /**
   * The server will POST to this URL: only an https push service on a host name (no address
   * literal, no localhost), so an endpoint cannot aim the server at its own network.
   * PUSH_ALLOW_INSECURE_ENDPOINTS (tests) also allows http and local addresses.
   */
  private requirePushService(endpoint: string): void {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new BadRequestException(['endpoint must be a URL']);
    }
    if (this.config.PUSH_ALLOW_INSECURE_ENDPOINTS && ['http:', 'https:'].includes(url.protocol))
      return;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (
      url.protocol !== 'https:' ||
      url.username ||
      url.password ||
      isIP(host) !== 0 ||
      !host.includes('.') ||
      /(^|\.)localhost$/i.test(host)
    ) {
      throw new BadRequestException(['endpoint must be an https URL of a push service']);
    }
  }
}
