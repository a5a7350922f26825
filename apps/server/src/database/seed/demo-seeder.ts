import { encodeProsemirrorJsonAsUpdate } from '@accord/editor';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { hashPassword } from '../../modules/auth/secret-token';
import { CollabService } from '../../modules/collab/collab.service';
import { PublishingService } from '../../modules/publishing/publishing.service';
import { publishDemoEditions } from './demo-editions';
import { DEMO_MEMBERS, DEMO_NETWORK, DEMO_PARTNERS, DEMO_RECOMMENDATIONS, DEMO_WORKING_GROUPS } from './demo-network';
import { buildThreadedDocument, DEMO_THREADS, insertDemoThreads } from './demo-threads';
import { buildDemoHistory, DEMO_HISTORY_TITLE, insertDemoVersions } from './demo-versions';

const DEMO_EDITED_MINUTES_AGO = [42, 26 * 60, 3 * 24 * 60, 12 * 24 * 60, 40 * 24 * 60, 5];

/**
 * Demo mode on: seeds the EC-NET demo network on first start, when the database holds no network yet.
 * Demo mode off: ends every session of the demo accounts (sign-in refuses them too), so the
 * published passwords open nothing once an operator turns the demo off.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly publishing: PublishingService,
    private readonly collab: CollabService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('SEED_DEMO', { infer: true })) {
      const [, ended]: [unknown, number] = await this.dataSource.query(`DELETE FROM auth_session WHERE member_id IN (SELECT id FROM member WHERE demo)`);
      if (ended > 0) this.logger.log(`Demo mode is off: ended ${ended} sessions of demo accounts`);
      return;
    }
    const seeded = await this.dataSource.transaction(async (manager) => {
      // Several instances may start at once: one seeds, the others see its network.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('accord-demo-seed'))`);
      const [{ count }]: { count: string }[] = await manager.query(`SELECT count(*) FROM network`);
      if (Number(count) > 0) return null;
      return seedDemoNetwork(manager);
    });
    if (!seeded) return;
    this.logger.log(`Seeded the demo network "${DEMO_NETWORK.name}"`);
    // After the seed's transaction: publishing renders the files (Chromium) in transactions of its own.
    if (this.config.get('SEED_DEMO_EDITIONS', { infer: true })) {
      await publishDemoEditions(this.dataSource, this.publishing, this.collab, seeded);
      this.logger.log('Published the demo editions (edition 1 and an erratum)');
    }
  }
}

export async function seedDemoNetwork(manager: EntityManager): Promise<string> {
  const [{ id: networkId }]: { id: string }[] = await manager.query(`INSERT INTO network (slug, name) VALUES ($1, $2) RETURNING id`, [DEMO_NETWORK.slug, DEMO_NETWORK.name]);
  const partnerIds = new Map<string, string>();
  for (const partner of DEMO_PARTNERS) {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO partner (network_id, name, town, country, type, working_language, is_lead) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [networkId, partner.name, partner.town, partner.country, partner.type, partner.workingLanguage, partner.isLead ?? false],
    );
    partnerIds.set(partner.key, id);
  }
  const memberIds = new Map<string, string>();
  for (const member of DEMO_MEMBERS) {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO member (network_id, partner_id, display_name, email, roles, password_hash, demo) VALUES ($1, $2, $3, $4, $5, $6, true) RETURNING id`,
      [networkId, partnerIds.get(member.partner), member.displayName, member.email, member.roles, await hashPassword(member.password)],
    );
    memberIds.set(member.key, id);
  }
  const groupIds = new Map<string, string>();
  for (const group of DEMO_WORKING_GROUPS) {
    const [{ id }]: { id: string }[] = await manager.query(`INSERT INTO working_group (network_id, name, kind, town) VALUES ($1, $2, $3, $4) RETURNING id`, [networkId, group.name, group.kind, group.town]);
    groupIds.set(group.key, id);
    for (const member of group.members) {
      await manager.query(`INSERT INTO working_group_member (working_group_id, member_id) VALUES ($1, $2)`, [id, memberIds.get(member)]);
    }
  }
  for (const [index, recommendation] of DEMO_RECOMMENDATIONS.entries()) {
    const threads = DEMO_THREADS[recommendation.title];
    const threaded = threads ? buildThreadedDocument(recommendation.content, threads) : null;
    const history = recommendation.title === DEMO_HISTORY_TITLE ? buildDemoHistory(recommendation.content) : null;
    const state = history?.state ?? threaded?.state ?? encodeProsemirrorJsonAsUpdate(recommendation.content);
    // Last edits spread over the past weeks, so the list reads like a network's, not "now" on every row.
    const editedMinutesAgo = DEMO_EDITED_MINUTES_AGO[index % DEMO_EDITED_MINUTES_AGO.length];
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO document (network_id, kind, state, content, compacted_at, last_edited_at) VALUES ($1, 'recommendation', $2, $3, now(), now() - make_interval(mins => $4)) RETURNING id`,
      [networkId, Buffer.from(state), JSON.stringify(recommendation.content), editedMinutesAgo],
    );
    await manager.query(
      `INSERT INTO recommendation (id, network_id, working_group_id, title, theme, level, status, language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, networkId, groupIds.get(recommendation.workingGroup), recommendation.title, recommendation.theme, recommendation.level, recommendation.status, recommendation.language ?? 'en'],
    );
    if (threads && threaded) {
      const members = new Map(DEMO_MEMBERS.map((member) => [member.key, { id: memberIds.get(member.key)!, displayName: member.displayName, partnerId: partnerIds.get(member.partner)! }]));
      await insertDemoThreads(manager, { networkId, documentId: id, threads, anchors: threaded.anchors }, members);
    }
    if (history) await insertDemoVersions(manager, id, history, memberIds);
  }
  return networkId;
}
