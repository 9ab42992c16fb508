import { ConfigService } from '@nestjs/config';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { TypedConfigService } from '../../config/config.module';
import { PublicUrl } from '../../config/public-url';
import { ReminderKind } from '../reminder-kinds';
import { emailBody, emailSubject } from './messages';

const SMTP_TIMEOUT_MS = 10_000;

export interface EmailMessage {
  to: string;
  reference: string;
  kind: ReminderKind;
  message: string;
  caseId: string;
  dueAt: Date;
}

/** nodemailer to SMTP_URL from MAIL_FROM. Throws on any SMTP failure so the job retries. */
@Injectable()
export class EmailChannel implements OnApplicationShutdown {
  private transport?: Transporter;

  constructor(
    @Inject(ConfigService) private readonly config: TypedConfigService,
    private readonly publicUrl: PublicUrl,
  ) {}

  get configured(): boolean {
    return Boolean(this.config.get('smtpUrl', { infer: true }));
  }

  async send(mail: EmailMessage): Promise<void> {
    const url = this.config.get('smtpUrl', { infer: true });
    if (!url) throw new Error('email is not configured (SMTP_URL)');
    this.transport ??= createTransport(url, {
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    await this.transport.sendMail({
      from: this.config.get('mailFrom', { infer: true }),
      to: mail.to,
      subject: emailSubject(mail.reference, mail.kind),
      text: emailBody({ ...mail, caseUrl: this.publicUrl.caseLink(mail.caseId) }),
    });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
