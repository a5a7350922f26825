import { prosemirrorJsonToYDoc, rewriteBlocksTo, type JSONContent } from '@accord/editor';
import type { DataSource } from 'typeorm';
import type { MemberContext } from '../../modules/auth/authenticated-member';
import type { CollabService } from '../../modules/collab/collab.service';
import type { PublishingService } from '../../modules/publishing/publishing.service';
import { DEMO_RECOMMENDATIONS } from './demo-network';

/** The demo's published recommendation: edition 1, then an erratum (edition 2) that corrects a date. */
export const DEMO_PUBLISHED_TITLE = 'Solidarity networks between partner towns for crisis response';
export const DEMO_ERRATUM_REASON = 'Corrects the years of the pandemic: 2020–2021, not 2019–2021.';
const WRONG_YEARS = '2019\u20132021';
const RIGHT_YEARS = '2020\u20132021';

/** The text as edition 1 printed it: the seeded (corrected) text with the wrong years put back. */
function firstEditionText(corrected: JSONContent): JSONContent {
  return JSON.parse(JSON.stringify(corrected).split(RIGHT_YEARS).join(WRONG_YEARS)) as JSONContent;
}

/**
 * Publishes the demo's published recommendation the way a coordinator would: the text as
 * adopted becomes edition 1, then the corrected text is published as edition 2 with its reason.
 * Both go through the publishing service (real numbering, rendering and hashes); the live text is
 * moved through the collaboration service, so the version history shows both publications.
 */
export async function publishDemoEditions(dataSource: DataSource, publishing: PublishingService, collab: CollabService, networkId: string): Promise<void> {
  const seeded = DEMO_RECOMMENDATIONS.find((recommendation) => recommendation.title === DEMO_PUBLISHED_TITLE);
  const [recommendation]: { id: string }[] = await dataSource.query(`SELECT id FROM recommendation WHERE network_id = $1 AND title = $2`, [networkId, DEMO_PUBLISHED_TITLE]);
  const [coordinator]: { id: string; networkId: string; partnerId: string; displayName: string; email: string }[] = await dataSource.query(
    `SELECT m.id, m.network_id AS "networkId", m.partner_id AS "partnerId", m.display_name AS "displayName", m.email
       FROM member m JOIN partner p ON p.id = m.partner_id WHERE m.network_id = $1 AND p.is_lead AND 'coordinator' = ANY(m.roles) ORDER BY m.email LIMIT 1`,
    [networkId],
  );
  if (!seeded || !recommendation || !coordinator) return;
  const member: MemberContext = { memberId: coordinator.id, networkId, partnerId: coordinator.partnerId, displayName: coordinator.displayName, email: coordinator.email, roles: ['coordinator'], workingGroupIds: [], language: null };
  const origin = { remoteAddress: 'demo seed', userAgent: null, acceptLanguage: null };

  await dataSource.query(`UPDATE recommendation SET status = 'adopted' WHERE id = $1 AND status = 'published'`, [recommendation.id]);
  await rewriteLiveText(collab, recommendation.id, firstEditionText(seeded.content));
  await publishing.publishFirst(member, recommendation.id, undefined, origin);
  await rewriteLiveText(collab, recommendation.id, seeded.content);
  await publishing.publishErratum(member, recommendation.id, undefined, DEMO_ERRATUM_REASON, origin);
}

async function rewriteLiveText(collab: CollabService, documentId: string, content: JSONContent): Promise<void> {
  const target = prosemirrorJsonToYDoc(content);
  try {
    await collab.applyServerChange(documentId, (doc) => {
      rewriteBlocksTo(doc, target);
    });
  } finally {
    target.destroy();
  }
}
