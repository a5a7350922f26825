import { countWordChanges, documentText, prosemirrorJsonToYDoc, yDocToProsemirrorJson, type JSONContent } from '@accord/editor';
import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import type { EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { chainHashOf, contentHashOf } from '../../modules/versions/version-hash';

/** The demo recommendation with a history, and who wrote which part of it. */
export const DEMO_HISTORY_TITLE = 'Answering euroscepticism with local evidence';

/** One working session of the demo history: who typed which blocks, and the version it ended with. */
interface DemoSession {
  member: string;
  /** Client id of the member's editor in that session (fixed, so that the seed is reproducible). */
  clientId: number;
  blocks: (total: number) => [number, number];
  kind: 'automatic' | 'named';
  name?: string;
  daysAgo: number;
}

const DEMO_SESSIONS: DemoSession[] = [
  { member: 'editor-ptuj', clientId: 1_001, blocks: (total) => [0, Math.ceil(total / 3)], kind: 'automatic', daysAgo: 30 },
  { member: 'editor-pordenone', clientId: 2_002, blocks: (total) => [Math.ceil(total / 3), total - 1], kind: 'automatic', daysAgo: 21 },
  { member: 'delegate-zala', clientId: 3_003, blocks: (total) => [total - 1, total], kind: 'named', name: 'Draft for the Bruxelles event', daysAgo: 14 },
];

export interface DemoHistory {
  /** The document's final state: it descends from every version's, so diffs can name authors. */
  state: Uint8Array;
  versions: { session: DemoSession; state: Uint8Array; content: JSONContent }[];
}

/** Writes `content` block by block into a Y.Doc, each session's blocks under its member's client id. */
export function buildDemoHistory(content: JSONContent): DemoHistory {
  const source = prosemirrorJsonToYDoc(content);
  const sourceBlocks = source.getXmlFragment(DOCUMENT_FRAGMENT).toArray();
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  const versions: DemoHistory['versions'] = [];
  for (const session of DEMO_SESSIONS) {
    doc.clientID = session.clientId;
    const [from, to] = session.blocks(sourceBlocks.length);
    doc.transact(() => {
      for (const block of sourceBlocks.slice(from, to)) {
        if (block instanceof Y.XmlElement || block instanceof Y.XmlText) fragment.push([block.clone()]);
      }
    });
    versions.push({ session, state: Y.encodeStateAsUpdate(doc), content: yDocToProsemirrorJson(doc) });
  }
  const state = Y.encodeStateAsUpdate(doc);
  source.destroy();
  doc.destroy();
  return { state, versions };
}

/** Inserts the history's versions, chained by hash, and the authorship of the client ids. */
export async function insertDemoVersions(manager: EntityManager, documentId: string, history: DemoHistory, memberIds: ReadonlyMap<string, string>): Promise<void> {
  let previous: { chainHash: string; content: JSONContent } | null = null;
  for (const [index, version] of history.versions.entries()) {
    const memberId = memberIds.get(version.session.member) ?? null;
    await manager.query(
      `INSERT INTO client_authorship (document_id, client_id, member_id, first_seen) VALUES ($1, $2, $3, now() - make_interval(days => $4))`,
      [documentId, version.session.clientId, memberId, version.session.daysAgo],
    );
    const contentHash = contentHashOf(version.content);
    const chainHash = chainHashOf(previous?.chainHash ?? null, contentHash);
    const words = countWordChanges(previous ? documentText(previous.content) : '', documentText(version.content));
    await manager.query(
      `INSERT INTO document_version (document_id, number, kind, name, created_at, created_by, state, content, content_hash, previous_hash, chain_hash, words_added, words_removed, contributor_ids)
       VALUES ($1, $2, $3, $4, now() - make_interval(days => $5), $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        documentId,
        index + 1,
        version.session.kind,
        version.session.name ?? null,
        version.session.daysAgo,
        version.session.kind === 'named' ? memberId : null,
        Buffer.from(version.state),
        JSON.stringify(version.content),
        contentHash,
        previous?.chainHash ?? null,
        chainHash,
        words.added,
        words.removed,
        memberId ? [memberId] : [],
      ],
    );
    previous = { chainHash, content: version.content };
  }
}
