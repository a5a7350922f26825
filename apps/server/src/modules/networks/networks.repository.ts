import type { MemberRole } from '@accord/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import type { InvitationDto, MemberDto, PartnerDto, WorkingGroupDto } from './dto/network-response.dto';
import type { CreatePartnerDto, CreateWorkingGroupDto } from './dto/network-requests.dto';
import { NetworkEntity } from './network.entity';
import { PartnerEntity } from './partner.entity';

/** Every query takes the network id: one network never sees another's rows. */
@Injectable()
export class NetworksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Serialises membership changes of one network (roles, removals, invitations) for the rest of the
   * transaction: two coordinators demoting each other take turns instead of locking rows in opposite
   * orders (a deadlock), and the "at least one coordinator" count sees the other's result.
   */
  async lockMembership(manager: EntityManager, networkId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('network-membership:' || $1, 0))`, [networkId]);
  }

  findNetwork(networkId: string): Promise<NetworkEntity | null> {
    return this.dataSource.getRepository(NetworkEntity).findOneBy({ id: networkId });
  }

  async partners(networkId: string): Promise<PartnerDto[]> {
    const partners = await this.dataSource.getRepository(PartnerEntity).find({ where: { networkId }, order: { isLead: 'DESC', name: 'ASC' } });
    return partners.map((partner) => ({
      id: partner.id,
      name: partner.name,
      town: partner.town,
      country: partner.country,
      type: partner.type,
      workingLanguage: partner.workingLanguage,
      isLead: partner.isLead,
    }));
  }

  async partnerExists(networkId: string, partnerId: string): Promise<boolean> {
    return (await this.dataSource.getRepository(PartnerEntity).countBy({ networkId, id: partnerId })) > 0;
  }

  /** The partner's working language (BCP 47), or null when the partner is not in this network. */
  async partnerWorkingLanguage(networkId: string, partnerId: string): Promise<string | null> {
    const partner = await this.dataSource.getRepository(PartnerEntity).findOneBy({ networkId, id: partnerId });
    return partner?.workingLanguage ?? null;
  }

  async createPartner(networkId: string, partner: CreatePartnerDto): Promise<string> {
    const [{ id }]: { id: string }[] = await this.dataSource.query(
      `INSERT INTO partner (network_id, name, town, country, type, working_language) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [networkId, partner.name, partner.town, partner.country, partner.type, partner.workingLanguage],
    );
    return id;
  }

  async workingGroups(networkId: string): Promise<WorkingGroupDto[]> {
    const rows: { id: string; name: string; kind: 'local' | 'thematic'; town: string | null; member_ids: string[] }[] = await this.dataSource.query(
      `SELECT g.id, g.name, g.kind, g.town,
              COALESCE(array_agg(wgm.member_id) FILTER (WHERE wgm.member_id IS NOT NULL), '{}') AS member_ids
         FROM working_group g LEFT JOIN working_group_member wgm ON wgm.working_group_id = g.id
        WHERE g.network_id = $1 GROUP BY g.id ORDER BY g.name`,
      [networkId],
    );
    return rows.map((row) => ({ id: row.id, name: row.name, kind: row.kind, town: row.town, memberIds: row.member_ids }));
  }

  async workingGroupExists(networkId: string, workingGroupId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM working_group WHERE id = $1 AND network_id = $2`, [workingGroupId, networkId]);
    return rows.length > 0;
  }

  async createWorkingGroup(networkId: string, group: CreateWorkingGroupDto): Promise<string> {
    const [{ id }]: { id: string }[] = await this.dataSource.query(`INSERT INTO working_group (network_id, name, kind, town) VALUES ($1, $2, $3, $4) RETURNING id`, [
      networkId,
      group.name,
      group.kind,
      group.kind === 'local' ? (group.town ?? null) : null,
    ]);
    return id;
  }

  async addToWorkingGroup(workingGroupId: string, memberId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`INSERT INTO working_group_member (working_group_id, member_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [workingGroupId, memberId]);
  }

  async removeFromWorkingGroup(workingGroupId: string, memberId: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(`DELETE FROM working_group_member WHERE working_group_id = $1 AND member_id = $2`, [workingGroupId, memberId]);
    return affected > 0;
  }

  async members(networkId: string, memberId?: string, manager: EntityManager = this.dataSource.manager): Promise<MemberDto[]> {
    const rows: { id: string; display_name: string; email: string; partner_id: string; roles: MemberRole[]; active: boolean; working_group_ids: string[] }[] = await manager.query(
      `SELECT m.id, m.display_name, m.email, m.partner_id, m.roles, m.password_hash IS NOT NULL AS active,
              COALESCE((SELECT array_agg(wgm.working_group_id) FROM working_group_member wgm WHERE wgm.member_id = m.id), '{}') AS working_group_ids
         FROM member m WHERE m.network_id = $1 AND ($2::uuid IS NULL OR m.id = $2::uuid) ORDER BY m.display_name`,
      [networkId, memberId ?? null],
    );
    return rows.map((row) => ({ id: row.id, displayName: row.display_name, email: row.email, partnerId: row.partner_id, roles: row.roles, active: row.active, workingGroupIds: row.working_group_ids }));
  }

  async emailTaken(email: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM member WHERE lower(email) = lower($1)`, [email]);
    return rows.length > 0;
  }

  async createMember(manager: EntityManager, member: { networkId: string; partnerId: string; displayName: string; email: string; roles: MemberRole[]; language: string | null }): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO member (network_id, partner_id, display_name, email, roles, language) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [member.networkId, member.partnerId, member.displayName, member.email, member.roles, member.language],
    );
    return id;
  }

  async setRoles(manager: EntityManager, networkId: string, memberId: string, roles: MemberRole[]): Promise<boolean> {
    const [, affected]: [unknown, number] = await manager.query(`UPDATE member SET roles = $3 WHERE id = $2 AND network_id = $1`, [networkId, memberId, roles]);
    return affected > 0;
  }

  async deleteMember(manager: EntityManager, networkId: string, memberId: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await manager.query(`DELETE FROM member WHERE id = $2 AND network_id = $1`, [networkId, memberId]);
    return affected > 0;
  }

  /** Coordinators left besides `exceptMemberId`, counted under a lock so two removals cannot both pass. */
  async otherCoordinators(manager: EntityManager, networkId: string, exceptMemberId: string): Promise<number> {
    const rows: unknown[] = await manager.query(`SELECT id FROM member WHERE network_id = $1 AND id <> $2 AND 'coordinator' = ANY(roles) FOR UPDATE`, [networkId, exceptMemberId]);
    return rows.length;
  }

  /** Another member of the same partner holding `role`, locked, or null: a partner has one delegate and one substitute. */
  async otherHolderOfPartnerRole(manager: EntityManager, partnerId: string, role: 'delegate' | 'substitute', exceptMemberId: string | null): Promise<string | null> {
    const rows: { display_name: string }[] = await manager.query(
      `SELECT display_name FROM member WHERE partner_id = $1 AND $2 = ANY(roles) AND ($3::uuid IS NULL OR id <> $3::uuid) FOR UPDATE`,
      [partnerId, role, exceptMemberId],
    );
    return rows[0]?.display_name ?? null;
  }

  async invitations(networkId: string): Promise<InvitationDto[]> {
    const rows: { id: string; member_id: string; email: string; display_name: string; created_at: Date; expires_at: Date; used_at: Date | null }[] = await this.dataSource.query(
      `SELECT t.id, t.member_id, m.email, m.display_name, t.created_at, t.expires_at, t.used_at
         FROM account_token t JOIN member m ON m.id = t.member_id
        WHERE m.network_id = $1 AND t.purpose = 'invitation' ORDER BY t.created_at DESC`,
      [networkId],
    );
    const now = Date.now();
    return rows.map((row) => ({
      id: row.id,
      memberId: row.member_id,
      email: row.email,
      displayName: row.display_name,
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      state: row.used_at ? 'accepted' : row.expires_at.getTime() <= now ? 'expired' : 'pending',
    }));
  }
}

/** A unique constraint refused the write (e.g. the same e-mail invited twice at the same moment). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError: unknown = error.driverError;
  return typeof driverError === 'object' && driverError !== null && 'code' in driverError && driverError.code === '23505';
}
