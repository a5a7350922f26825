import type { ConfigService } from '@nestjs/config';
import { describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../config/app-config';
import type { MailRepository, NewMail } from './mail.repository';
import type { MailDelivery } from './mail-message.entity';
import { LINK_PLACEHOLDER, MailService, type OutgoingMail } from './mail.service';

const sendMail = vi.fn(async (_message: { text: string }) => ({}));
vi.mock('nodemailer', () => ({ createTransport: () => ({ sendMail }) }));

/** The mail service with a recording repository, with or without SMTP. */
function mailService(smtpUrl: string | undefined): { service: MailService; stored: { mail: NewMail; delivery: MailDelivery }[] } {
  const stored: { mail: NewMail; delivery: MailDelivery }[] = [];
  const repository = { insert: async (mail: NewMail, delivery: MailDelivery) => void stored.push({ mail, delivery }) } as unknown as MailRepository;
  const settings: Partial<AppConfig> = { SMTP_URL: smtpUrl, MAIL_FROM: 'Accord <no-reply@accord.example>' };
  const config = { get: (key: keyof AppConfig) => settings[key] } as unknown as ConfigService<AppConfig, true>;
  return { service: new MailService(repository, config), stored };
}

const mail = (linkAudience: OutgoingMail['linkAudience'], link: string): OutgoingMail => ({
  networkId: null,
  recipient: 'member@accord.example',
  subject: 'A link',
  body: `Hello {link} Ana,\n\nopen ${LINK_PLACEHOLDER}\n`,
  link,
  linkAudience,
  language: 'en',
});

describe('MailService', () => {
  it('keeps an invitation link in the outbox, but never a password reset link, without SMTP', async () => {
    const { service, stored } = mailService(undefined);
    await service.send(mail('forwardable', 'https://accord.example/#/invitation/INVITE'));
    await service.send(mail('recipient-only', 'https://accord.example/#/reset-password/RESET'));
    expect(stored.map((entry) => entry.delivery)).toEqual(['outbox', 'outbox']);
    expect(stored[0].mail.body).toContain('#/invitation/INVITE');
    expect(stored[1].mail.body).not.toContain('RESET');
    expect(stored[1].mail.body).toContain('[link withheld');
    // A placeholder typed into a name is left alone: the link goes where the template put it.
    expect(stored[0].mail.body).toMatch(/^Hello \{link\} Ana/);
  });

  it('stores no link at all once SMTP delivered the mail, yet sends the full link', async () => {
    const { service, stored } = mailService('smtp://mail.accord.example:587');
    await service.send(mail('forwardable', 'https://accord.example/#/invitation/INVITE'));
    await service.send(mail('recipient-only', 'https://accord.example/#/reset-password/RESET'));
    expect(stored.map((entry) => entry.delivery)).toEqual(['sent', 'sent']);
    expect(stored.every((entry) => !entry.mail.body.includes('INVITE') && !entry.mail.body.includes('RESET'))).toBe(true);
    expect(sendMail.mock.calls.map(([message]) => message.text)).toEqual([expect.stringContaining('#/invitation/INVITE'), expect.stringContaining('#/reset-password/RESET')]);
  });
});
