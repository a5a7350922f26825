import type { MemberRole } from '@accord/contracts';
import { DEFAULT_LANGUAGE, INTL_LOCALES, pickLanguage, type Language } from '@accord/i18n';
import { Injectable } from '@nestjs/common';
import { translate, type ServerMessageKey } from '../../common/i18n/translator';
import type { EntityManager } from 'typeorm';
import { actorOf, AuditService } from '../audit/audit.service';
import type { AuthenticatedMember, RequestOrigin } from '../auth/authenticated-member';
import { AuthService } from '../auth/auth.service';
import { LINK_PLACEHOLDER, MailService } from '../mail/mail.service';
import type { ChangeRolesDto, CreateInvitationDto, CreatePartnerDto, CreateWorkingGroupDto } from './dto/network-requests.dto';
import type { InvitationDto, MemberDto, NetworkDto, PartnerDto, WorkingGroupDto } from './dto/network-response.dto';
import { MembershipEvents } from './membership-events';
import { LastCoordinatorException, MemberEmailTakenException, NetworkRecordNotFoundException, PartnerRoleTakenException } from './networks.exception';
import { isUniqueViolation, NetworksRepository } from './networks.repository';

/** Role names in mails: the web app's own words for them, from the shared catalogue. */
const ROLE_NAMES = {
  coordinator: 'role.coordinator',
  delegate: 'role.delegate',
  substitute: 'role.substitute',
  editor: 'role.editor',
  commenter: 'role.commenter',
} as const satisfies Record<MemberRole, ServerMessageKey>;

/**
 * The acting member's own network: partners, members and roles, working groups, invitations.
 * Route gates (coordinators only) are on the controller; every query here is scoped by the
 * actor's network, so an id from another network is simply not found.
 */
@Injectable()
export class NetworksService {
  constructor(
    private readonly networks: NetworksRepository,
    private readonly auth: AuthService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly events: MembershipEvents,
  ) {}

  async overview(actor: AuthenticatedMember): Promise<NetworkDto> {
    const network = await this.networks.findNetwork(actor.networkId);
    return {
      id: actor.networkId,
      name: network?.name ?? '',
      partners: await this.networks.partners(actor.networkId),
      workingGroups: await this.networks.workingGroups(actor.networkId),
    };
  }

  workingGroups(actor: AuthenticatedMember): Promise<WorkingGroupDto[]> {
    return this.networks.workingGroups(actor.networkId);
  }

  members(actor: AuthenticatedMember): Promise<MemberDto[]> {
    return this.networks.members(actor.networkId);
  }

  invitations(actor: AuthenticatedMember): Promise<InvitationDto[]> {
    return this.networks.invitations(actor.networkId);
  }

  async createPartner(actor: AuthenticatedMember, body: CreatePartnerDto, origin: RequestOrigin): Promise<PartnerDto> {
    const id = await this.networks.createPartner(actor.networkId, body);
    await this.audit.record({ networkId: actor.networkId, actor: actorOf(actor), action: 'partner.created', subject: { type: 'partner', id }, detail: { name: body.name, country: body.country }, remoteAddress: origin.remoteAddress });
    return { id, ...body, isLead: false };
  }

  async changeRoles(actor: AuthenticatedMember, memberId: string, body: ChangeRolesDto, origin: RequestOrigin): Promise<MemberDto> {
    const before = await this.networks.transaction(async (manager) => {
      await this.networks.lockMembership(manager, actor.networkId);
      // Read under the lock: a change that committed meanwhile (another coordinator's) counts.
      const [before] = await this.networks.members(actor.networkId, memberId, manager);
      if (!before) throw new NetworkRecordNotFoundException('member', memberId);
      if (before.roles.includes('coordinator') && !body.roles.includes('coordinator') && (await this.networks.otherCoordinators(manager, actor.networkId, memberId)) === 0) {
        throw new LastCoordinatorException();
      }
      await this.assertPartnerRolesFree(manager, before.partnerId, body.roles, memberId);
      await this.networks.setRoles(manager, actor.networkId, memberId, body.roles);
      return before;
    });
    await this.audit.record({
      networkId: actor.networkId,
      actor: actorOf(actor),
      action: 'member.roles-changed',
      subject: { type: 'member', id: memberId },
      detail: { email: before.email, from: before.roles, to: body.roles },
      remoteAddress: origin.remoteAddress,
    });
    this.events.emit({ memberId, networkId: actor.networkId });
    return { ...before, roles: body.roles };
  }

  async removeMember(actor: AuthenticatedMember, memberId: string, origin: RequestOrigin): Promise<void> {
    const member = await this.networks.transaction(async (manager) => {
      await this.networks.lockMembership(manager, actor.networkId);
      const [member] = await this.networks.members(actor.networkId, memberId, manager);
      if (!member) throw new NetworkRecordNotFoundException('member', memberId);
      if (member.roles.includes('coordinator') && (await this.networks.otherCoordinators(manager, actor.networkId, memberId)) === 0) throw new LastCoordinatorException();
      await this.networks.deleteMember(manager, actor.networkId, memberId);
      return member;
    });
    await this.audit.record({ networkId: actor.networkId, actor: actorOf(actor), action: 'member.removed', subject: { type: 'member', id: memberId }, detail: { email: member.email, displayName: member.displayName, roles: member.roles }, remoteAddress: origin.remoteAddress });
    this.events.emit({ memberId, networkId: actor.networkId });
  }

  async createWorkingGroup(actor: AuthenticatedMember, body: CreateWorkingGroupDto, origin: RequestOrigin): Promise<WorkingGroupDto> {
    const id = await this.networks.createWorkingGroup(actor.networkId, body);
    await this.audit.record({ networkId: actor.networkId, actor: actorOf(actor), action: 'working-group.created', subject: { type: 'working-group', id }, detail: { name: body.name }, remoteAddress: origin.remoteAddress });
    return { id, name: body.name, kind: body.kind, town: body.kind === 'local' ? (body.town ?? null) : null, memberIds: [] };
  }

  async addToWorkingGroup(actor: AuthenticatedMember, workingGroupId: string, memberId: string, origin: RequestOrigin): Promise<void> {
    await this.requireGroupAndMember(actor, workingGroupId, memberId);
    await this.networks.addToWorkingGroup(workingGroupId, memberId);
    await this.audit.record({ networkId: actor.networkId, actor: actorOf(actor), action: 'working-group.member-added', subject: { type: 'working-group', id: workingGroupId }, detail: { memberId }, remoteAddress: origin.remoteAddress });
    this.events.emit({ memberId, networkId: actor.networkId });
  }

  async removeFromWorkingGroup(actor: AuthenticatedMember, workingGroupId: string, memberId: string, origin: RequestOrigin): Promise<void> {
    await this.requireGroupAndMember(actor, workingGroupId, memberId);
    await this.networks.removeFromWorkingGroup(workingGroupId, memberId);
    await this.audit.record({ networkId: actor.networkId, actor: actorOf(actor), action: 'working-group.member-removed', subject: { type: 'working-group', id: workingGroupId }, detail: { memberId }, remoteAddress: origin.remoteAddress });
    this.events.emit({ memberId, networkId: actor.networkId });
  }

  /**
   * Creates the member (without a password, so they cannot sign in yet) and a single-use link,
   * in one transaction, then mails the link.
   */
  async invite(actor: AuthenticatedMember, body: CreateInvitationDto, origin: RequestOrigin): Promise<InvitationDto> {
    const partnerLanguage = await this.networks.partnerWorkingLanguage(actor.networkId, body.partnerId);
    if (partnerLanguage === null) throw new NetworkRecordNotFoundException('partner', body.partnerId);
    // The invitee has not chosen yet: the coordinator's choice, else the partner's working language if Accord speaks it.
    const language: Language = body.language ?? pickLanguage([partnerLanguage]) ?? DEFAULT_LANGUAGE;
    for (const groupId of body.workingGroupIds ?? []) {
      if (!(await this.networks.workingGroupExists(actor.networkId, groupId))) throw new NetworkRecordNotFoundException('working group', groupId);
    }
    const roles: MemberRole[] = body.roles;
    const created = await this.networks.transaction(async (manager) => {
      await this.networks.lockMembership(manager, actor.networkId);
      if (await this.networks.emailTaken(body.email, manager)) throw new MemberEmailTakenException(body.email);
      await this.assertPartnerRolesFree(manager, body.partnerId, body.roles, null);
      const createdId = await this.networks.createMember(manager, { networkId: actor.networkId, partnerId: body.partnerId, displayName: body.displayName, email: body.email, roles, language });
      for (const groupId of body.workingGroupIds ?? []) await this.networks.addToWorkingGroup(groupId, createdId, manager);
      const link = await this.auth.createAccountToken(createdId, 'invitation', actor.memberId, manager);
      return { memberId: createdId, token: link.token, expiresAt: link.expiresAt, tokenCreatedAt: new Date() };
    }).catch((error: unknown) => {
      // The lock serialises one network's invitations; the same address invited by another network at the same moment ends here.
      if (isUniqueViolation(error)) throw new MemberEmailTakenException(body.email);
      throw error;
    });
    const { memberId, token, expiresAt, tokenCreatedAt } = created;
    const network = await this.networks.findNetwork(actor.networkId);
    await this.mail.send({
      networkId: actor.networkId,
      recipient: body.email,
      subject: translate(language, 'server.mail.invitationSubject', { network: network?.name ?? 'Accord' }),
      body: translate(language, 'server.mail.invitationBody', {
        name: body.displayName,
        inviter: actor.displayName,
        network: network?.name ?? 'Accord',
        roles: roles.map((role) => translate(language, ROLE_NAMES[role])).join(', '),
        expires: new Intl.DateTimeFormat(INTL_LOCALES[language], { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' }).format(expiresAt),
        link: LINK_PLACEHOLDER,
      }),
      link: this.auth.linkFor('invitation', token),
      linkAudience: 'forwardable',
      language,
    });
    await this.audit.record({ networkId: actor.networkId, actor: actorOf(actor), action: 'invitation.created', subject: { type: 'member', id: memberId }, detail: { email: body.email, roles }, remoteAddress: origin.remoteAddress });
    const [invitation] = (await this.networks.invitations(actor.networkId)).filter((row) => row.memberId === memberId);
    return invitation ?? { id: memberId, memberId, email: body.email, displayName: body.displayName, createdAt: tokenCreatedAt.toISOString(), expiresAt: expiresAt.toISOString(), state: 'pending' };
  }

  /** One delegate and at most one substitute per partner (they vote for it in a later issue). */
  private async assertPartnerRolesFree(manager: EntityManager, partnerId: string, roles: readonly MemberRole[], memberId: string | null): Promise<void> {
    for (const role of ['delegate', 'substitute'] as const) {
      if (!roles.includes(role)) continue;
      const holder = await this.networks.otherHolderOfPartnerRole(manager, partnerId, role, memberId);
      if (holder) throw new PartnerRoleTakenException(role, holder);
    }
  }

  private async requireGroupAndMember(actor: AuthenticatedMember, workingGroupId: string, memberId: string): Promise<void> {
    if (!(await this.networks.workingGroupExists(actor.networkId, workingGroupId))) throw new NetworkRecordNotFoundException('working group', workingGroupId);
    if ((await this.networks.members(actor.networkId, memberId)).length === 0) throw new NetworkRecordNotFoundException('member', memberId);
  }
}
