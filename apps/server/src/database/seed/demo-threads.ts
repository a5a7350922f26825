import { DOCUMENT_FRAGMENT, type CommentBody, type CommentInline, type ReactionEmoji, type Stance } from '@accord/contracts';
import { createThreadAnchor, prosemirrorJsonToYDoc, renderFragment, type JSONContent, type ThreadAnchor } from '@accord/editor';
import type { EntityManager } from 'typeorm';
import * as Y from 'yjs';

/** One demo comment: its author (a DEMO_MEMBERS key), words, stance, and whom it mentions. */
interface DemoComment {
  author: string;
  /** `@key` inside the text becomes a mention of that demo member. */
  text: string;
  stance?: Stance;
  reactions?: { member: string; emoji: ReactionEmoji }[];
}

interface DemoThread {
  /** The passage, found by its text. */
  passage: string;
  comments: DemoComment[];
  resolvedBy?: string;
}

/** A sentence that was in the draft when its thread started and was deleted afterwards: the detached thread. */
const DELETED_SENTENCE = 'Applications would open twice a year, in March and in September, with results published online.';

/** The discussion on the micro-grants draft: open, resolved and detached threads, stances and a mention. */
export const DEMO_THREADS: Record<string, DemoThread[]> = {
  'Open micro-grants for citizen-led European projects': [
    {
      passage: 'EUR 5,000',
      comments: [
        { author: 'commenter', text: 'Is EUR 5,000 enough for a project with a partner town? Travel alone takes half of it.', stance: 'against' },
        { author: 'editor-ptuj', text: 'Most projects in the 2021 survey stayed under EUR 4,000. @commenter, could Leuven share its figures?', stance: 'for', reactions: [{ member: 'delegate-zala', emoji: '👍' }] },
        { author: 'delegate-zala', text: 'Zala county could live with either amount, if the advance payment stays at 80%.', stance: 'neutral' },
        { author: 'delegate-pordenone', text: 'Pordenone supports the amount as written.', stance: 'for', reactions: [{ member: 'coordinator', emoji: '🎉' }] },
      ],
    },
    {
      passage: 'decided within eight weeks',
      resolvedBy: 'coordinator',
      comments: [
        { author: 'delegate-ptuj', text: 'Eight weeks matches the decision time of our own town fund. Keep it.', stance: 'for' },
        { author: 'coordinator', text: 'Agreed at the Ptuj partner meeting; resolving.' },
      ],
    },
    {
      passage: DELETED_SENTENCE,
      comments: [{ author: 'editor-pordenone', text: 'Two calls a year is too slow for volunteers. Could we accept applications all year round?', stance: 'against' }],
    },
  ],
};

/** The body of a demo comment, with `@key` turned into mentions. */
function bodyOf(text: string, members: ReadonlyMap<string, { id: string; displayName: string }>): { body: CommentBody; mentioned: string[] } {
  const content: CommentInline[] = [];
  const mentioned: string[] = [];
  for (const part of text.split(/(@[a-z-]+)/)) {
    if (!part) continue;
    const member = part.startsWith('@') ? members.get(part.slice(1)) : undefined;
    if (member) {
      content.push({ type: 'mention', attrs: { memberId: member.id, label: member.displayName } });
      mentioned.push(member.id);
    } else content.push({ type: 'text', text: part });
  }
  return { body: { type: 'doc', content: [{ type: 'paragraph', content }] }, mentioned };
}

/**
 * The recommendation's Yjs state with the threads' anchors made on it, as editors would have:
 * the detached thread's sentence is added, anchored, then deleted, so its anchor points at
 * characters that are gone.
 */
export function buildThreadedDocument(content: JSONContent, threads: DemoThread[]): { state: Uint8Array; anchors: ThreadAnchor[] } {
  const doc = prosemirrorJsonToYDoc(content);
  try {
    const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(DELETED_SENTENCE)]);
    fragment.insert(2, [paragraph]);
    const rendered = renderFragment(fragment);
    const anchors = threads.map((thread) => {
      let from = -1;
      rendered.doc.descendants((node, pos) => {
        if (from < 0 && node.isText && node.text?.includes(thread.passage)) from = pos + node.text.indexOf(thread.passage);
      });
      if (from < 0) throw new Error(`Demo passage not found: ${thread.passage}`);
      return createThreadAnchor(fragment, rendered, from, from + thread.passage.length);
    });
    fragment.delete(2, 1);
    return { state: Y.encodeStateAsUpdate(doc), anchors };
  } finally {
    doc.destroy();
  }
}

export async function insertDemoThreads(
  manager: EntityManager,
  target: { networkId: string; documentId: string; threads: DemoThread[]; anchors: ThreadAnchor[] },
  members: ReadonlyMap<string, { id: string; displayName: string; partnerId: string }>,
): Promise<void> {
  let minutesAgo = 60 * 24 * 3;
  for (const [index, thread] of target.threads.entries()) {
    const anchor = target.anchors[index];
    const starter = members.get(thread.comments[0].author)!;
    const resolver = thread.resolvedBy ? members.get(thread.resolvedBy)! : null;
    const [{ id: threadId }]: { id: string }[] = await manager.query(
      `INSERT INTO comment_thread (network_id, document_id, anchor_start, anchor_end, quoted_text, state_vector, status, resolved_by, resolved_by_name, resolved_at, created_by, created_by_name, created_by_partner_id, created_at, text_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $7 = 'resolved' THEN now() - interval '1 hour' END, $10, $11, $12, now() - make_interval(mins => $13), 0) RETURNING id`,
      [
        target.networkId,
        target.documentId,
        Buffer.from(anchor.start),
        Buffer.from(anchor.end),
        anchor.quotedText,
        Buffer.from(anchor.stateVector),
        resolver ? 'resolved' : 'open',
        resolver?.id ?? null,
        resolver?.displayName ?? null,
        starter.id,
        starter.displayName,
        starter.partnerId,
        minutesAgo,
      ],
    );
    for (const comment of thread.comments) {
      minutesAgo -= 95;
      const author = members.get(comment.author)!;
      const { body, mentioned } = bodyOf(comment.text, members);
      const [{ id: commentId }]: { id: string }[] = await manager.query(
        `INSERT INTO comment (thread_id, author_member_id, author_name, author_partner_id, body, stance, state_vector, created_at, text_version) VALUES ($1, $2, $3, $4, $5, $6, $7, now() - make_interval(mins => $8), 0) RETURNING id`,
        [threadId, author.id, author.displayName, author.partnerId, JSON.stringify(body), comment.stance ?? null, Buffer.from(anchor.stateVector), minutesAgo],
      );
      for (const memberId of mentioned) {
        await manager.query(`INSERT INTO comment_mention (comment_id, member_id) VALUES ($1, $2)`, [commentId, memberId]);
        await manager.query(`INSERT INTO notification (member_id, kind, thread_id, comment_id, actor_name, created_at) VALUES ($1, 'mention', $2, $3, $4, now() - make_interval(mins => $5))`, [
          memberId,
          threadId,
          commentId,
          author.displayName,
          minutesAgo,
        ]);
      }
      for (const reaction of comment.reactions ?? []) {
        await manager.query(`INSERT INTO comment_reaction (comment_id, member_id, emoji) VALUES ($1, $2, $3)`, [commentId, members.get(reaction.member)!.id, reaction.emoji]);
      }
    }
  }
}
