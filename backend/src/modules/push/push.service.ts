import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { OutboundRefusedError } from '../../common/outbound/address-policy';
import { checkDestination } from '../../common/outbound/outbound-gate';
import { configuredPolicy, type OutboundPolicy } from '../../common/outbound/outbound-policy';
import { AppConfig } from '../../config/app-config';
import type { PushConfigDto, PushSubscriptionInputDto } from './dto/push.dto';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';

/** Sizes of a browser's keys once decoded: an uncompressed P-256 point and a 16-byte secret. */
const P256DH_BYTES = 65;
const AUTH_BYTES = 16;

/** Browsers' push subscriptions: the VAPID public key they need, and storing their endpoints. */
@Injectable()
export class PushService {
  private readonly policy: OutboundPolicy;

  constructor(
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly config: AppConfig,
  ) {
    this.policy = configuredPolicy(config, config.PUSH_ALLOW_INSECURE_ENDPOINTS);
  }

  getConfig(): PushConfigDto {
    return { publicKey: this.config.pushEnabled ? this.config.VAPID_PUBLIC_KEY! : null };
  }

  async subscribe(userId: string, input: PushSubscriptionInputDto): Promise<void> {
    await this.requirePushService(input.endpoint);
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
   * The server will POST to this URL: an https URL (http too with the test-only
   * PUSH_ALLOW_INSECURE_ENDPOINTS) that the outbound gate lets through now, its host name's
   * addresses included. The sender checks again at every connection. 409
   * `ENDPOINT_NOT_ALLOWED` for a well-formed URL aimed at our own network.
   */
  private async requirePushService(endpoint: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new BadRequestException(['endpoint must be a URL']);
    }
    const schemes = this.config.PUSH_ALLOW_INSECURE_ENDPOINTS ? ['http:', 'https:'] : ['https:'];
    if (!schemes.includes(url.protocol) || url.username || url.password) {
      throw new BadRequestException(['endpoint must be an https URL of a push service']);
    }
    try {
      await checkDestination(url, this.policy);
    } catch (error) {
      if (!(error instanceof OutboundRefusedError)) throw error;
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        code: 'ENDPOINT_NOT_ALLOWED',
        message: `endpoint is not a push service this server may reach: ${error.message}`,
      });
    }
  }
}
