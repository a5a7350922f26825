import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Transporter } from 'nodemailer';
import type { Language } from '@accord/i18n';
import { translate } from '../../common/i18n/translator';
import type { AppConfig } from '../../config/app-config';
import type { MailMessageDto } from './dto/mail-message.dto';
import { MailRepository, type NewMail } from './mail.repository';
import type { MailDelivery, MailMessageEntity } from './mail-message.entity';

/** Where a mail body's single-use link goes. */
export const LINK_PLACEHOLDER = '{link}';
/** What the log shows instead of a link, unless MAIL_LOG_LINKS is on (operators read it: not translated). */
export const LOG_WITHHELD_LINK = '[link withheld from the log]';

export interface OutgoingMail {
  networkId: string | null;
  recipient: string;
  subject: string;
  /** The text, with LINK_PLACEHOLDER where the link goes. */
  body: string;
  link: string;
  /**
   * forwardable: coordinators may see and forward it (an invitation they sent themselves).
   * recipient-only: nobody else may ever see it (a password reset).
   */
  linkAudience: 'forwardable' | 'recipient-only';
  /** The language the mail is written in; the outbox says "link withheld" in it too. */
  language: Language;
}

/**
 * Sends mail through SMTP when SMTP_URL is set. Without it every mail is kept in the outbox table
 * (coordinators read it on the network page) and written to the log, so a demo needs no mail server.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);
  private readonly smtpUrl: string | undefined;
  private transport: Promise<Transporter> | null = null;
  private readonly from: string;
  private readonly logLinks: boolean;

  constructor(
    private readonly mails: MailRepository,
    config: ConfigService<AppConfig, true>,
  ) {
    this.smtpUrl = config.get('SMTP_URL', { infer: true });
    this.from = config.get('MAIL_FROM', { infer: true });
    this.logLinks = config.get('MAIL_LOG_LINKS', { infer: true });
  }

  /**
   * Sends a mail whose body holds a single-use link at `{link}`. Only what the link's audience
   * allows is stored: a forwardable link (an invitation, made by the coordinator who reads the
   * outbox) is kept while the outbox is how it reaches the recipient; a recipient-only link (a
   * password reset) is never stored, or a coordinator could take over the account with it.
   */
  async send(mail: OutgoingMail): Promise<void> {
    const fullBody = placeLink(mail.body, mail.link);
    // What the outbox shows instead of a link only the recipient may see.
    const withheldBody = placeLink(mail.body, translate(mail.language, 'server.mail.linkWithheld'));
    const stored = (delivery: MailDelivery): NewMail => ({
      networkId: mail.networkId,
      recipient: mail.recipient,
      subject: mail.subject,
      body: mail.linkAudience === 'forwardable' && delivery !== 'sent' ? fullBody : withheldBody,
    });
    if (!this.smtpUrl) {
      await this.mails.insert(stored('outbox'), 'outbox', null);
      // A link in the log is a credential anyone who reads the log can use: only when asked for (development, tests).
      const loggedBody = this.logLinks ? fullBody : placeLink(mail.body, LOG_WITHHELD_LINK);
      this.logger.log({ networkId: mail.networkId, recipient: mail.recipient, subject: mail.subject, body: loggedBody }, 'Mail kept in the outbox (no SMTP_URL configured)');
      return;
    }
    try {
      const transport = await this.smtpTransport(this.smtpUrl);
      await transport.sendMail({ from: this.from, to: mail.recipient, subject: mail.subject, text: fullBody });
      await this.mails.insert(stored('sent'), 'sent', null);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error({ networkId: mail.networkId, recipient: mail.recipient, reason }, 'Mail delivery failed; kept in the outbox');
      await this.mails.insert(stored('failed'), 'failed', reason);
    }
  }

  /**
   * nodemailer is loaded with the first mail sent, not at start: without SMTP_URL it is never
   * needed, and until then its ~40 modules would only take memory.
   */
  private smtpTransport(smtpUrl: string): Promise<Transporter> {
    this.transport ??= import('nodemailer').then(({ createTransport }) => createTransport(smtpUrl));
    return this.transport;
  }

  async outbox(networkId: string): Promise<MailMessageDto[]> {
    return (await this.mails.listForNetwork(networkId, 200)).map(mapMail);
  }
}

/** The last placeholder is the template's own; an earlier one would come from a name a member typed. */
function placeLink(body: string, link: string): string {
  const at = body.lastIndexOf(LINK_PLACEHOLDER);
  return at < 0 ? body : body.slice(0, at) + link + body.slice(at + LINK_PLACEHOLDER.length);
}

function mapMail(mail: MailMessageEntity): MailMessageDto {
  return { id: mail.id, recipient: mail.recipient, subject: mail.subject, body: mail.body, delivery: mail.delivery, createdAt: mail.createdAt.toISOString() };
}
