import { Injectable, Logger } from '@nestjs/common';
import type { AuditEventDto } from './dto/audit-event.dto';
import { AuditRepository } from './audit.repository';

export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-in.failed',
  'sign-in.throttled',
  'sign-in.demo-refused',
  'sign-out',
  'password.reset-requested',
  'password.reset',
  'invitation.created',
  'invitation.accepted',
  'member.roles-changed',
  'member.removed',
  'working-group.created',
  'working-group.member-added',
  'working-group.member-removed',
  'partner.created',
  'recommendation.created',
  'recommendation.deleted',
  'comment-thread.created',
  'comment-thread.resolved',
  'comment-thread.reopened',
  'comment.deleted',
  'comment.hidden',
  'recommendation.status-changed',
  'version.restored',
  'edition.published',
  'edition.corrected',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  networkId: string | null;
  actor: { memberId: string | null; label: string };
  action: AuditAction;
  subject?: { type: string; id: string };
  detail?: Record<string, unknown>;
  remoteAddress?: string | null;
}

/** Records who did what, when and from where. A failure to record is logged, never hidden. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(private readonly events: AuditRepository) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.events.insert({
      networkId: entry.networkId,
      actorMemberId: entry.actor.memberId,
      actorLabel: entry.actor.label,
      action: entry.action,
      subjectType: entry.subject?.type ?? null,
      subjectId: entry.subject?.id ?? null,
      detail: entry.detail ?? {},
      remoteAddress: entry.remoteAddress ?? null,
    });
    this.logger.log({ networkId: entry.networkId, actorMemberId: entry.actor.memberId, action: entry.action, subject: entry.subject, remoteAddress: entry.remoteAddress }, 'Audit');
  }

  /** Password reset requests within the window: from this remote address, and for this e-mail. */
  recentResetRequests(email: string, remoteAddress: string, windowMinutes: number): Promise<{ fromAddress: number; forEmail: number }> {
    return this.events.recentResetRequests(email.toLowerCase(), remoteAddress, windowMinutes);
  }

  async list(networkId: string): Promise<AuditEventDto[]> {
    const events = await this.events.listForNetwork(networkId, 500);
    return events.map((event) => ({
      id: event.id,
      action: event.action,
      actor: event.actorLabel,
      actorMemberId: event.actorMemberId,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      detail: event.detail,
      remoteAddress: event.remoteAddress,
      createdAt: event.createdAt.toISOString(),
    }));
  }
}

export function actorOf(member: { memberId: string; displayName: string; email: string }): AuditEntry['actor'] {
  return { memberId: member.memberId, label: `${member.displayName} <${member.email}>` };
}
