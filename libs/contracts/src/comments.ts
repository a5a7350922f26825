/**
 * Comment threads: what browser and server share. A comment's body is a small JSON tree (bold,
 * italic, links, mentions, line breaks) that the web app renders node by node: there is no HTML
 * in it and no path that would turn it into HTML unchecked.
 */

export const THREAD_STATUSES = ['open', 'resolved'] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

export const STANCES = ['for', 'against', 'neutral'] as const;
export type Stance = (typeof STANCES)[number];

/** The reactions on offer; a small fixed set keeps them meaningful and the storage bounded. */
export const REACTION_EMOJI = ['👍', '👎', '🎉', '❤️', '🤔', '👀'] as const;
export type ReactionEmoji = (typeof REACTION_EMOJI)[number];

export const THREAD_FILTERS = ['open', 'resolved', 'mine', 'mentioning-me', 'all'] as const;
export type ThreadFilter = (typeof THREAD_FILTERS)[number];

export const NOTIFICATION_KINDS = ['mention', 'reply', 'ballot-opened', 'ballot-reminder', 'ballot-result'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Limits of one comment body: characters of text, paragraphs, mentions, and the JSON as sent. */
export const COMMENT_LIMITS = { characters: 4000, paragraphs: 50, mentions: 20, jsonBytes: 32_768, linkLength: 2000 } as const;
/** The passage a thread quotes, as shown when its text is gone. */
export const QUOTE_MAX_CHARACTERS = 2000;

export type CommentMark = { type: 'bold' } | { type: 'italic' } | { type: 'link'; attrs: { href: string } };
export type CommentInline =
  | { type: 'text'; text: string; marks?: CommentMark[] }
  | { type: 'mention'; attrs: { memberId: string; label: string } }
  | { type: 'hardBreak' };
export interface CommentParagraph {
  type: 'paragraph';
  content?: CommentInline[];
}
export interface CommentBody {
  type: 'doc';
  content: CommentParagraph[];
}

export type CommentBodyCheck =
  | { ok: true; body: CommentBody; characters: number; mentionedMemberIds: string[] }
  | { ok: false; problem: 'shape'; detail: string }
  | { ok: false; problem: 'too-long'; characters: number }
  | { ok: false; problem: 'empty' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Links may point to the web or to a mail address; nothing that could run (javascript:, data:). */
const LINK = /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

class ShapeError extends Error {}

function fail(detail: string): never {
  throw new ShapeError(detail);
}

function readMark(value: unknown, where: string): CommentMark {
  if (!isRecord(value)) fail(`${where} is not a mark`);
  if ((value.type === 'bold' || value.type === 'italic') && onlyKeys(value, ['type'])) return { type: value.type };
  if (value.type === 'link' && onlyKeys(value, ['type', 'attrs']) && isRecord(value.attrs) && onlyKeys(value.attrs, ['href'])) {
    const href = value.attrs.href;
    if (typeof href !== 'string' || href.length > COMMENT_LIMITS.linkLength || !LINK.test(href)) fail(`${where} links to something other than http(s) or mailto`);
    return { type: 'link', attrs: { href } };
  }
  return fail(`${where} is not bold, italic or a link`);
}

function readInline(value: unknown, where: string): CommentInline {
  if (!isRecord(value)) fail(`${where} is not a node`);
  if (value.type === 'text' && onlyKeys(value, ['type', 'text', 'marks'])) {
    if (typeof value.text !== 'string' || value.text.length === 0) fail(`${where} has no text`);
    if (value.marks === undefined) return { type: 'text', text: value.text };
    if (!Array.isArray(value.marks) || value.marks.length > 3) fail(`${where} has invalid marks`);
    const marks = value.marks.map((mark, index) => readMark(mark, `${where}.marks[${index}]`));
    if (new Set(marks.map((mark) => mark.type)).size !== marks.length) fail(`${where} repeats a mark`);
    return { type: 'text', text: value.text, marks };
  }
  if (value.type === 'mention' && onlyKeys(value, ['type', 'attrs']) && isRecord(value.attrs) && onlyKeys(value.attrs, ['memberId', 'label'])) {
    const { memberId, label } = value.attrs;
    if (typeof memberId !== 'string' || !UUID.test(memberId)) fail(`${where} mentions no member id`);
    if (typeof label !== 'string' || label.length === 0 || label.length > 120) fail(`${where} has no name`);
    return { type: 'mention', attrs: { memberId: memberId.toLowerCase(), label } };
  }
  if (value.type === 'hardBreak' && onlyKeys(value, ['type'])) return { type: 'hardBreak' };
  return fail(`${where} is not text, a mention or a line break`);
}

/**
 * Checks a comment body strictly: exactly the nodes and marks above, no other keys, links only
 * to http(s) or mailto, within COMMENT_LIMITS. Returns the body rebuilt from what was checked
 * (never the object as sent), its length and the members it mentions.
 */
export function checkCommentBody(value: unknown): CommentBodyCheck {
  try {
    if (JSON.stringify(value ?? null).length > COMMENT_LIMITS.jsonBytes) return { ok: false, problem: 'too-long', characters: COMMENT_LIMITS.characters + 1 };
    if (!isRecord(value) || value.type !== 'doc' || !onlyKeys(value, ['type', 'content']) || !Array.isArray(value.content)) fail('the body is not a comment document');
    if (value.content.length > COMMENT_LIMITS.paragraphs) fail(`a comment has at most ${COMMENT_LIMITS.paragraphs} paragraphs`);
    let characters = 0;
    const mentioned = new Set<string>();
    const content = value.content.map((paragraph, index): CommentParagraph => {
      const where = `content[${index}]`;
      if (!isRecord(paragraph) || paragraph.type !== 'paragraph' || !onlyKeys(paragraph, ['type', 'content'])) fail(`${where} is not a paragraph`);
      if (paragraph.content === undefined) return { type: 'paragraph' };
      if (!Array.isArray(paragraph.content)) fail(`${where} has no content list`);
      const inline = paragraph.content.map((node, nodeIndex) => readInline(node, `${where}.content[${nodeIndex}]`));
      for (const node of inline) {
        if (node.type === 'text') characters += node.text.length;
        if (node.type === 'mention') {
          characters += node.attrs.label.length + 1;
          mentioned.add(node.attrs.memberId);
        }
        if (node.type === 'hardBreak') characters += 1;
      }
      return { type: 'paragraph', content: inline };
    });
    if (characters > COMMENT_LIMITS.characters) return { ok: false, problem: 'too-long', characters };
    if (mentioned.size > COMMENT_LIMITS.mentions) fail(`a comment mentions at most ${COMMENT_LIMITS.mentions} members`);
    if (characters === 0 || commentPlainText({ type: 'doc', content }).trim() === '') return { ok: false, problem: 'empty' };
    return { ok: true, body: { type: 'doc', content }, characters, mentionedMemberIds: [...mentioned] };
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, problem: 'shape', detail: error.message };
    throw error;
  }
}

/** The body as plain text (mentions as @Name), for mails and previews. */
export function commentPlainText(body: CommentBody): string {
  return body.content
    .map((paragraph) =>
      (paragraph.content ?? []).map((node) => (node.type === 'text' ? node.text : node.type === 'mention' ? `@${node.attrs.label}` : '\n')).join(''),
    )
    .join('\n');
}

/** A short body for tests, seeds and scripts: one paragraph of plain text. */
export function plainCommentBody(text: string): CommentBody {
  return { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

// ---- What the REST API and the live events carry ----

export interface CommentAuthor {
  /** Null once the member was removed from the network; the name stays. */
  memberId: string | null;
  displayName: string;
  partner: { id: string; name: string } | null;
}

export interface ReactionSummary {
  emoji: ReactionEmoji;
  count: number;
  memberIds: string[];
}

export interface CommentView {
  id: string;
  threadId: string;
  author: CommentAuthor;
  /** Null when deleted (a tombstone) or hidden by a coordinator. */
  body: CommentBody | null;
  stance: Stance | null;
  createdAt: string;
  /** Set when the author edited it: the thread shows "edited". */
  editedAt: string | null;
  deletedAt: string | null;
  hidden: { at: string; byName: string; reason: string } | null;
  reactions: ReactionSummary[];
  /** Y.encodeStateVector of the text as the author saw it (base64), when their client sent it. */
  stateVector: string | null;
  /** The server's stored position of the text's update log when the comment was written. */
  textVersion: number;
}

export interface PartnerStances {
  partner: { id: string; name: string } | null;
  for: number;
  against: number;
  neutral: number;
}

export interface ThreadAnchorView {
  /** Yjs relative positions (Y.encodeRelativePosition), base64. */
  start: string;
  end: string;
  /** The passage as it read when the thread was started. */
  quotedText: string;
  /** Y.encodeStateVector of the text the thread was started on, base64. */
  stateVector: string;
  /** The server's stored position of the text's update log when the thread was started. */
  textVersion: number;
}

export interface CommentThreadView {
  id: string;
  recommendationId: string;
  anchor: ThreadAnchorView;
  status: ThreadStatus;
  createdBy: CommentAuthor;
  createdAt: string;
  resolvedAt: string | null;
  resolvedByName: string | null;
  comments: CommentView[];
  /** The latest stance of each commenter, counted by partner. */
  stances: PartnerStances[];
}

/**
 * One notice in the inbox: a mention or reply (threadId, commentId), or ballot news (ballotId; the
 * title is the ballot's, recommendationId is null for a motion).
 */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  recommendationId: string | null;
  recommendationTitle: string;
  threadId: string | null;
  commentId: string | null;
  ballotId: string | null;
  actorName: string;
  preview: string;
  createdAt: string;
  readAt: string | null;
}

export interface MentionableMember {
  id: string;
  displayName: string;
  partnerName: string;
}
