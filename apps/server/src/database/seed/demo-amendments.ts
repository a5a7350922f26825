import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import { countWordChanges, createThreadAnchor, documentText, passageBoundsOf, renderFragment, yDocToProsemirrorJson } from '@accord/editor';
import type { EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { chainHashOf, contentHashOf } from '../../modules/versions/version-hash';

export const DEMO_AMENDMENT_RECOMMENDATION = 'Open micro-grants for citizen-led European projects';
const PASSAGE = 'paid 80% in advance';
/** A fixed Yjs client id for the demo author's edit, so the seed is the same at every start. */
const DEMO_AMENDMENT_CLIENT = 424_242;

/**
 * One amendment under discussion on the micro-grants draft: the commenter from Leuven proposes to
 * pay the whole lump sum in advance, and has already changed "80%" to "100%" in the fork; the
 * Ptuj editor is invited as co-author. Made as the server makes one: a base version of kind
 * "event", a fork of its Yjs state, the passage's anchor and bounds.
 */
export async function insertDemoAmendment(
  manager: EntityManager,
  target: { networkId: string; documentId: string; state: Uint8Array },
  people: { author: { id: string; displayName: string }; coAuthor: string },
): Promise<void> {
  const fork = new Y.Doc();
  try {
    Y.applyUpdate(fork, target.state);
    const content = yDocToProsemirrorJson(fork);
    const contentHash = contentHashOf(content);
    const [{ number }]: { number: number }[] = await manager.query(`SELECT coalesce(max(number), 0) + 1 AS number FROM document_version WHERE document_id = $1`, [target.documentId]);
    const previous: { chain_hash: string; content: unknown }[] = await manager.query(`SELECT chain_hash, content FROM document_version WHERE document_id = $1 AND number = $2`, [target.documentId, number - 1]);
    const words = countWordChanges(previous[0] ? documentText(previous[0].content as never) : '', documentText(content));
    await manager.query(
      `INSERT INTO document_version (document_id, number, kind, event_label, created_at, created_by, state, content, content_hash, previous_hash, chain_hash, words_added, words_removed)
       VALUES ($1, $2, 'event', 'amendment proposed', now() - interval '2 days', $3, $4, $5, $6, $7, $8, $9, $10)`,
      [target.documentId, number, people.author.id, Buffer.from(target.state), JSON.stringify(content), contentHash, previous[0]?.chain_hash ?? null, chainHashOf(previous[0]?.chain_hash ?? null, contentHash), words.added, words.removed],
    );

    const fragment = fork.getXmlFragment(DOCUMENT_FRAGMENT);
    const rendered = renderFragment(fragment);
    let from = -1;
    rendered.doc.descendants((node, pos) => {
      if (from < 0 && node.isText && node.text?.includes(PASSAGE)) from = pos + node.text.indexOf(PASSAGE);
    });
    const anchor = createThreadAnchor(fragment, rendered, from, from + PASSAGE.length);
    const bounds = passageBoundsOf(fork, anchor.start, anchor.end);
    const baseStateVector = Y.encodeStateVector(fork);

    // The author's edit in the fork: "80%" becomes "100%".
    fork.clientID = DEMO_AMENDMENT_CLIENT;
    const text = findText(fragment, '80%');
    const at = text.toString().indexOf('80%');
    fork.transact(() => {
      text.delete(at, 2);
      text.insert(at, '100');
    });

    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO document (network_id, kind, state, content, compacted_at, last_edited_at) VALUES ($1, 'amendment', $2, $3, now(), now() - interval '1 day') RETURNING id`,
      [target.networkId, Buffer.from(Y.encodeStateAsUpdate(fork)), JSON.stringify(yDocToProsemirrorJson(fork))],
    );
    await manager.query(
      `INSERT INTO amendment (id, network_id, recommendation_id, title, reason, base_version, base_hash, base_state_vector, anchor_start, anchor_end, quoted_text,
                              bound_before, bound_after, created_by, created_by_name, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, now() - interval '2 days')`,
      [
        id,
        target.networkId,
        target.documentId,
        'Pay the whole lump sum in advance',
        'Volunteer groups in Leuven could not bridge even 20% until the final report; a full advance, with the host partner accountable, removes the last pre-financing.',
        number,
        contentHash,
        Buffer.from(baseStateVector),
        Buffer.from(anchor.start),
        Buffer.from(anchor.end),
        anchor.quotedText,
        bounds.before ? JSON.stringify(bounds.before) : null,
        bounds.after ? JSON.stringify(bounds.after) : null,
        people.author.id,
        people.author.displayName,
      ],
    );
    await manager.query(`INSERT INTO amendment_author (amendment_id, member_id, added_at) VALUES ($1, $2, now() - interval '2 days'), ($1, $3, now() - interval '1 day')`, [id, people.author.id, people.coAuthor]);
    await manager.query(`INSERT INTO client_authorship (document_id, client_id, member_id) VALUES ($1, $2, $3)`, [id, DEMO_AMENDMENT_CLIENT, people.author.id]);
  } finally {
    fork.destroy();
  }
}

function findText(node: Y.XmlFragment | Y.XmlElement, phrase: string): Y.XmlText {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText && child.toString().includes(phrase)) return child;
    if (child instanceof Y.XmlElement) {
      try {
        return findText(child, phrase);
      } catch {
        // not in this block
      }
    }
  }
  throw new Error(`"${phrase}" is not in the demo text`);
}
