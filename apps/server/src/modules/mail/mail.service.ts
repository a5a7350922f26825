import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createTransport, type Transporter } from 'nodemailer';
import type { AppConfig } from '../../config/app-config';
import type { MailMessageDto } from './dto/mail-message.dto';
import { MailRepository, type NewMail } from './mail.repository';
import type { MailMessageEntity } from './mail-message.entity';

/**
 * Sends mail through SMTP when SMTP_URL is set. Without it every mail is kept in the outbox table
 * (coordinators read it on the network page) and written to the log, so a demo needs no mail server.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);
  private readonly transport: Transporter | null;
  private readonly from: string;

  constructor(
    private readonly mails: MailRepository,
    config: ConfigService<AppConfig, true>,
  ) {
    const smtpUrl = config.get('SMTP_URL', { infer: true });
    this.transport = smtpUrl ? createTransport(smtpUrl) : null;
    this.from = config.get('MAIL_FROM', { infer: true });
  }

  async send(mail: NewMail): Promise<void> {
    if (!this.transport) {
      await this.mails.insert(mail, 'outbox', null);
      this.logger.log({ networkId: mail.networkId, recipient: mail.recipient, subject: mail.subject, body: mail.body }, 'Mail kept in the outbox (no SMTP_URL configured)');
      return;
    }
    try {
      await this.transport.sendMail({ from: this.from, to: mail.recipient, subject: mail.subject, text: mail.body });
      await this.mails.insert(mail, 'sent', null);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error({ networkId: mail.networkId, recipient: mail.recipient, reason }, 'Mail delivery failed; kept in the outbox');
      await this.mails.insert(mail, 'failed', reason);
    }
  }

  async outbox(networkId: string): Promise<MailMessageDto[]> {
    return (await this.mails.listForNetwork(networkId, 200)).map(mapMail);
  }
}

function mapMail(mail: MailMessageEntity): MailMessageDto {
  return { id: mail.id, recipient: mail.recipient, subject: mail.subject, body: mail.body, delivery: mail.delivery, createdAt: mail.createdAt.toISOString() };
}
