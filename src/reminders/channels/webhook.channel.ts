import { ConfigService } from '@nestjs/config';
import { Inject, Injectable } from '@nestjs/common';
import { TypedConfigService } from '../../config/config.module';
import { PublicUrl } from '../../config/public-url';
import { webhookSignature } from './messages';

export const WEBHOOK_TIMEOUT_MS = 5_000;

/**
 * POSTs JSON to WEBHOOK_URL, signed with WEBHOOK_SECRET. The Idempotency-Key is the delivery
 * id, the same on every retry, so the receiver can drop repeats. Non-2xx is a failure to retry.
 */
@Injectable()
export class WebhookChannel {
  constructor(
    @Inject(ConfigService) private readonly config: TypedConfigService,
    private readonly publicUrl: PublicUrl,
  ) {}

  /** The payload gains `caseUrl`, the absolute link to its case's page, when it names a case. */
  async send(deliveryId: string, payload: Record<string, unknown> & { caseId?: string }): Promise<void> {
    const url = this.config.get('webhookUrl', { infer: true });
    const secret = this.config.get('webhookSecret', { infer: true });
    if (!url || !secret) throw new Error('webhook is not configured (WEBHOOK_URL, WEBHOOK_SECRET)');
    const body = JSON.stringify(
      payload.caseId ? { ...payload, caseUrl: this.publicUrl.caseLink(payload.caseId) } : payload,
    );
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Caseline-Webhook/1',
          'X-Caseline-Signature': webhookSignature(secret, body),
          'Idempotency-Key': deliveryId,
        },
        body,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      throw new Error(
        `webhook: ${err.name === 'TimeoutError' ? 'timed out' : (err.cause?.code ?? err.message)}`,
      );
    }
    // Drain the body so the connection is released.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status > 299) throw new Error(`webhook: answered ${res.status}`);
  }
}
