import {
  checkCommentBody,
  commentPlainText,
  type CommentBody,
  type CommentThreadView,
  type CommentView,
  type NotificationKind,
  type PartnerStances,
  type ReactionEmoji,
  type Stance,
  type ThreadEventAction,
  type ThreadFilter,
} from '@accord/contracts';
import type { Language } from '@accord/i18n';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { languageFor, translate } from '../../common/i18n/translator';
import type { AppConfig } from '../../config/app-config';
import { actorOf, AuditService } from '../audit/audit.service';
import type { AuthenticatedMember, MemberContext, RequestOrigin } from '../auth/authenticated-member';
import type { DocumentScope } from '../documents/document.policy';
import { RecommendationNotFoundException } from '../documents/documents.exception';
import { RecommendationRepository } from '../documents/recommendation.repository';
import { DOCUMENT_EVENT_BUS, type DocumentEventBus } from '../events/document-event-bus';
import { LINK_PLACEHOLDER, MailService } from '../mail/mail.service';
import { commentPolicy } from './comment.policy';
import {
  AnchorInvalidException,
  CommentBodyInvalidException,
  CommentEmptyException,
  CommentingNotAllowedException,
  CommentNotFoundException,
  CommentRemovedException,
  CommentTargetChangedException,
  CommentTooLongException,
  MentionUnknownMemberException,
  NotCommentAuthorException,
  ThreadNotFoundException,
} from './comments.exception';
import { CommentsRepository, isForeignKeyViolation, type CommentRow, type ReactionRow, type RecipientRow, type ThreadRow } from './comments.repository';
import type { CommentContentDto, CreateThreadDto } from './dto/comment-requests.dto';
import type { MentionableMemberDto, NotificationDto } from './dto/comment-responses.dto';

/** A checked comment body with the members it mentions, all of them in the author's network. */
interface CheckedContent {
  body: CommentBody;
  stance: Stance | null;
  stateVector: Buffer | null;
  mentioned: RecipientRow[];
}

interface PendingNotice {
  recipient: RecipientRow;
  kind: NotificationKind;
}

const MENTION_SUGGESTIONS = 10;
const PREVIEW_CHARACTERS = 280;

/**
 * Comment threads on a recommendation's text: one command per change, checked by the comment
 * policy, written in one transaction, then audited, mailed and announced on the document event bus.
 */
@Injectable()
export class CommentsService {
  private readonly logger = new Logger(CommentsService.name);
  private readonly publicUrl: string;

  constructor(
    private readonly comments: CommentsRepository,
    private readonly recommendations: RecommendationRepository,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    @Inject(DOCUMENT_EVENT_BUS) private readonly events: DocumentEventBus,
    config: ConfigService<AppConfig, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true }).replace(/\/$/, '');
  }

  async list(member: MemberContext, recommendationId: string, filter: ThreadFilter = 'open'): Promise<CommentThreadView[]> {
    await this.readable(member, recommendationId);
    return this.views(await this.comments.listThreads(recommendationId, filter, member.memberId));
  }

  async get(member: MemberContext, recommendationId: string, threadId: string): Promise<CommentThreadView> {
    await this.readable(member, recommendationId);
    return this.view(await this.thread(recommendationId, threadId));
  }

  async createThread(member: AuthenticatedMember, recommendationId: string, request: CreateThreadDto, origin: RequestOrigin): Promise<CommentThreadView> {
    const scope = await this.readable(member, recommendationId);
    if (!commentPolicy.canDiscuss(member, scope)) throw new CommentingNotAllowedException();
    const anchor = checkAnchor(request.anchor);
    const content = await this.checkContent(member, request);
    const { threadId, commentId, notices } = await this.writing(member, recommendationId, null, () => this.comments.transaction(async (manager) => {
      const id = await this.comments.insertThread(manager, { networkId: member.networkId, documentId: recommendationId, ...anchor, author: authorOf(member) });
      const created = await this.comments.insertComment(manager, { threadId: id, author: authorOf(member), body: content.body, stance: content.stance, stateVector: content.stateVector ?? anchor.stateVector, mentionedMemberIds: content.mentioned.map((recipient) => recipient.id) });
      if (!created) throw new RecommendationNotFoundException(recommendationId);
      const pending = this.noticesFor(member, content.mentioned, null);
      return { threadId: id, commentId: created, notices: await this.notify(manager, pending, id, created, member.displayName) };
    }));
    await this.audit.record({
      networkId: member.networkId,
      actor: actorOf(member),
      action: 'comment-thread.created',
      subject: { type: 'comment-thread', id: threadId },
      detail: { recommendationId, quotedText: anchor.quotedText.slice(0, 200) },
      remoteAddress: origin.remoteAddress,
    });
    const thread = await this.announce(member, recommendationId, threadId, 'thread.created');
    await this.mailNotices(member.networkId, notices, thread, commentId);
    return thread;
  }

  async reply(member: AuthenticatedMember, recommendationId: string, threadId: string, request: CommentContentDto): Promise<CommentThreadView> {
    const scope = await this.readable(member, recommendationId);
    if (!commentPolicy.canDiscuss(member, scope)) throw new CommentingNotAllowedException();
    const thread = await this.thread(recommendationId, threadId);
    const content = await this.checkContent(member, request);
    const { commentId, notices } = await this.writing(member, recommendationId, threadId, () => this.comments.transaction(async (manager) => {
      const created = await this.comments.insertComment(manager, { threadId, author: authorOf(member), body: content.body, stance: content.stance, stateVector: content.stateVector, mentionedMemberIds: content.mentioned.map((recipient) => recipient.id) });
      if (!created) throw new ThreadNotFoundException(threadId);
      const starter = thread.createdBy ? (await this.comments.networkMembers(member.networkId, [thread.createdBy], manager))[0] ?? null : null;
      return { commentId: created, notices: await this.notify(manager, this.noticesFor(member, content.mentioned, starter), threadId, created, member.displayName) };
    }));
    const view = await this.announce(member, recommendationId, threadId, 'comment.created');
    await this.mailNotices(member.networkId, notices, view, commentId);
    return view;
  }

  async edit(member: AuthenticatedMember, recommendationId: string, threadId: string, commentId: string, request: CommentContentDto): Promise<CommentThreadView> {
    const scope = await this.readable(member, recommendationId);
    const comment = await this.comment(recommendationId, threadId, commentId);
    if (!commentPolicy.canEdit(member, scope, scopeOf(comment))) throw comment.authorMemberId === member.memberId ? new CommentRemovedException() : new NotCommentAuthorException();
    const content = await this.checkContent(member, request);
    const notices = await this.writing(member, recommendationId, threadId, () => this.comments.transaction(async (manager) => {
      if (!(await this.comments.updateBody(manager, commentId, content.body, content.stance, content.stateVector))) throw new CommentRemovedException();
      const mentionedIds = content.mentioned.map((recipient) => recipient.id);
      await this.comments.keepOnlyMentions(manager, commentId, mentionedIds);
      // Only people mentioned for the first time in this comment hear about an edit.
      const added = new Set(await this.comments.addMentions(manager, commentId, mentionedIds));
      return this.notify(manager, this.noticesFor(member, content.mentioned.filter((recipient) => added.has(recipient.id)), null), threadId, commentId, member.displayName);
    }));
    const view = await this.announce(member, recommendationId, threadId, 'comment.edited');
    await this.mailNotices(member.networkId, notices, view, commentId);
    return view;
  }

  async delete(member: AuthenticatedMember, recommendationId: string, threadId: string, commentId: string, origin: RequestOrigin): Promise<CommentThreadView> {
    const scope = await this.readable(member, recommendationId);
    const comment = await this.comment(recommendationId, threadId, commentId);
    if (!commentPolicy.canDelete(member, scope, scopeOf(comment))) throw comment.authorMemberId === member.memberId ? new CommentRemovedException() : new NotCommentAuthorException();
    const deleted = await this.comments.transaction((manager) => this.comments.markDeleted(manager, commentId));
    if (!deleted) throw new CommentRemovedException();
    await this.audit.record({ networkId: member.networkId, actor: actorOf(member), action: 'comment.deleted', subject: { type: 'comment', id: commentId }, detail: { recommendationId, threadId }, remoteAddress: origin.remoteAddress });
    return this.announce(member, recommendationId, threadId, 'comment.deleted');
  }

  async hide(member: AuthenticatedMember, recommendationId: string, threadId: string, commentId: string, reason: string, origin: RequestOrigin): Promise<CommentThreadView> {
    const scope = await this.readable(member, recommendationId);
    const comment = await this.comment(recommendationId, threadId, commentId);
    if (!commentPolicy.canHide(member, scope, scopeOf(comment)) || !(await this.writing(member, recommendationId, threadId, () => this.comments.hide(commentId, member, reason.trim())))) throw new CommentRemovedException();
    await this.audit.record({
      networkId: member.networkId,
      actor: actorOf(member),
      action: 'comment.hidden',
      subject: { type: 'comment', id: commentId },
      detail: { recommendationId, threadId, reason: reason.trim(), author: comment.authorName },
      remoteAddress: origin.remoteAddress,
    });
    return this.announce(member, recommendationId, threadId, 'comment.hidden');
  }

  async react(member: AuthenticatedMember, recommendationId: string, threadId: string, commentId: string, emoji: ReactionEmoji, add: boolean): Promise<CommentThreadView> {
    const scope = await this.readable(member, recommendationId);
    if (!commentPolicy.canDiscuss(member, scope)) throw new CommentingNotAllowedException();
    const comment = await this.comment(recommendationId, threadId, commentId);
    if (add && (comment.deletedAt || comment.hiddenAt)) throw new CommentRemovedException();
    const changed = await this.writing(member, recommendationId, threadId, () =>
      add ? this.comments.addReaction(commentId, member.memberId, emoji) : this.comments.removeReaction(commentId, member.memberId, emoji),
    );
    // Reacting twice is not news; the answer is the thread as it is.
    return changed ? this.announce(member, recommendationId, threadId, 'reaction.changed') : this.view(await this.thread(recommendationId, threadId));
  }

  async setStatus(member: AuthenticatedMember, recommendationId: string, threadId: string, status: 'open' | 'resolved', origin: RequestOrigin): Promise<CommentThreadView> {
    const scope = await this.readable(member, recommendationId);
    if (!commentPolicy.canDiscuss(member, scope)) throw new CommentingNotAllowedException();
    await this.thread(recommendationId, threadId);
    // Of two people resolving at once, one changes the status; both get the resolved thread.
    if (!(await this.writing(member, recommendationId, threadId, () => this.comments.setStatus(threadId, status, member)))) return this.view(await this.thread(recommendationId, threadId));
    await this.audit.record({
      networkId: member.networkId,
      actor: actorOf(member),
      action: status === 'resolved' ? 'comment-thread.resolved' : 'comment-thread.reopened',
      subject: { type: 'comment-thread', id: threadId },
      detail: { recommendationId },
      remoteAddress: origin.remoteAddress,
    });
    return this.announce(member, recommendationId, threadId, status === 'resolved' ? 'thread.resolved' : 'thread.reopened');
  }

  async mentionable(member: MemberContext, recommendationId: string, prefix: string): Promise<MentionableMemberDto[]> {
    await this.readable(member, recommendationId);
    return this.comments.membersByPrefix(member.networkId, prefix.trim(), MENTION_SUGGESTIONS);
  }

  // ---- notifications ----

  async notifications(member: MemberContext, unreadOnly: boolean): Promise<NotificationDto[]> {
    const rows = await this.comments.notifications(member.memberId, unreadOnly, 100);
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      recommendationId: row.documentId,
      recommendationTitle: row.recommendationTitle,
      threadId: row.threadId,
      commentId: row.commentId,
      ballotId: row.ballotId,
      actorName: row.actorName,
      preview: row.body ? shorten(commentPlainText(row.body), PREVIEW_CHARACTERS) : '',
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt ? row.readAt.toISOString() : null,
    }));
  }

  unreadCount(member: MemberContext): Promise<number> {
    return this.comments.unreadCount(member.memberId);
  }

  markRead(member: MemberContext, ids: string[] | null): Promise<number> {
    return this.comments.markRead(member.memberId, ids);
  }

  commentEmails(member: MemberContext): Promise<boolean> {
    return this.comments.commentEmails(member.memberId);
  }

  async setCommentEmails(member: MemberContext, enabled: boolean): Promise<boolean> {
    await this.comments.setCommentEmails(member.memberId, enabled);
    return enabled;
  }

  // ---- steps ----

  /** The recommendation's scope if the member may read it; another network's is "not found". */
  private async readable(member: MemberContext, recommendationId: string): Promise<DocumentScope> {
    const scope = await this.recommendations.findScope(recommendationId);
    if (!scope || !commentPolicy.canView(member, scope)) throw new RecommendationNotFoundException(recommendationId);
    return scope;
  }

  /**
   * Runs a write. When a row it refers to was deleted meanwhile (the
   * recommendation, so its threads; a member), PostgreSQL refuses it: the answer then says what
   * is gone (404), or that something changed (409), never 500.
   */
  private async writing<T>(member: MemberContext, recommendationId: string, threadId: string | null, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      await this.readable(member, recommendationId);
      if (threadId) await this.thread(recommendationId, threadId);
      throw new CommentTargetChangedException();
    }
  }

  private async thread(recommendationId: string, threadId: string): Promise<ThreadRow> {
    const thread = await this.comments.findThread(recommendationId, threadId);
    if (!thread) throw new ThreadNotFoundException(threadId);
    return thread;
  }

  private async comment(recommendationId: string, threadId: string, commentId: string): Promise<CommentRow> {
    await this.thread(recommendationId, threadId);
    const comment = await this.comments.findComment(threadId, commentId);
    if (!comment) throw new CommentNotFoundException(commentId);
    return comment;
  }

  private async checkContent(member: MemberContext, request: CommentContentDto): Promise<CheckedContent> {
    const checked = bodyOrRefusal(request.body);
    const mentioned = await this.comments.networkMembers(member.networkId, checked.mentionedMemberIds);
    const missing = checked.mentionedMemberIds.find((id) => !mentioned.some((recipient) => recipient.id === id));
    if (missing) throw new MentionUnknownMemberException(missing);
    // A mention shows the member's own name, as presence does: the author cannot show "@Anna" while notifying Bob.
    const names = new Map(mentioned.map((recipient) => [recipient.id, recipient.displayName]));
    const stamped = bodyOrRefusal(withMentionNames(checked.body, names));
    return { body: stamped.body, stance: request.stance ?? null, stateVector: request.stateVector ? decodeStateVector(request.stateVector, 'stateVector') : null, mentioned };
  }

  /** Mentions, and a reply to the thread's starter; never to the author, at most one per person. */
  private noticesFor(author: MemberContext, mentioned: RecipientRow[], starter: RecipientRow | null): PendingNotice[] {
    const notices: PendingNotice[] = mentioned.filter((recipient) => recipient.id !== author.memberId).map((recipient) => ({ recipient, kind: 'mention' }));
    if (starter && starter.id !== author.memberId && !notices.some((notice) => notice.recipient.id === starter.id)) notices.push({ recipient: starter, kind: 'reply' });
    return notices;
  }

  private async notify(manager: EntityManager, notices: PendingNotice[], threadId: string, commentId: string, actorName: string): Promise<PendingNotice[]> {
    const created = new Set(await this.comments.insertNotifications(manager, notices.map((notice) => ({ memberId: notice.recipient.id, kind: notice.kind, threadId, commentId, actorName }))));
    return notices.filter((notice) => created.has(notice.recipient.id));
  }

  /** The same news by e-mail, in each recipient's language, unless they turned it off. */
  private async mailNotices(networkId: string, notices: PendingNotice[], thread: CommentThreadView, commentId: string): Promise<void> {
    const comment = thread.comments.find((candidate) => candidate.id === commentId);
    if (!comment?.body) return;
    const title = await this.comments.recommendationTitle(thread.recommendationId);
    for (const { recipient, kind } of notices) {
      if (!recipient.commentEmails) continue;
      const language: Language = languageFor(recipient.language, undefined);
      const params = {
        name: recipient.displayName,
        actor: comment.author.displayName,
        title,
        quote: shorten(thread.anchor.quotedText, 200),
        comment: shorten(commentPlainText(comment.body), 1000),
        link: LINK_PLACEHOLDER,
      };
      try {
        await this.mail.send({
          networkId,
          recipient: recipient.email,
          subject: translate(language, kind === 'mention' ? 'server.mail.mentionSubject' : 'server.mail.replySubject', params),
          body: translate(language, kind === 'mention' ? 'server.mail.mentionBody' : 'server.mail.replyBody', params),
          link: `${this.publicUrl}/#/recommendations/${encodeURIComponent(thread.recommendationId)}`,
          linkAudience: 'forwardable',
          language,
        });
      } catch (error) {
        // The notification is stored and shown in Accord; a lost mail must not undo the comment.
        this.logger.error({ recipient: recipient.id, threadId: thread.id, err: error }, 'Could not send a comment notification mail');
      }
    }
  }

  /** Reads the thread as it is now and tells every open connection to the document. */
  private async announce(member: MemberContext, recommendationId: string, threadId: string, action: ThreadEventAction): Promise<CommentThreadView> {
    const thread = await this.view(await this.thread(recommendationId, threadId));
    this.events.publish(recommendationId, { kind: 'comment-thread', action, actorMemberId: member.memberId, thread });
    return thread;
  }

  private async view(row: ThreadRow): Promise<CommentThreadView> {
    const [view] = await this.views([row]);
    return view;
  }

  private async views(rows: ThreadRow[]): Promise<CommentThreadView[]> {
    const ids = rows.map((row) => row.id);
    const [comments, reactions] = await Promise.all([this.comments.commentsOf(ids), this.comments.reactionsOf(ids)]);
    return rows.map((row) => mapThread(row, comments.filter((comment) => comment.threadId === row.id), reactions));
  }
}

function bodyOrRefusal(body: unknown): { body: CommentBody; mentionedMemberIds: string[] } {
  const checked = checkCommentBody(body);
  if (checked.ok) return checked;
  if (checked.problem === 'too-long') throw new CommentTooLongException(checked.characters);
  if (checked.problem === 'empty') throw new CommentEmptyException();
  throw new CommentBodyInvalidException(checked.detail);
}

function withMentionNames(body: CommentBody, names: ReadonlyMap<string, string>): CommentBody {
  return {
    type: 'doc',
    content: body.content.map((paragraph) =>
      paragraph.content
        ? { ...paragraph, content: paragraph.content.map((node) => (node.type === 'mention' ? { type: 'mention', attrs: { memberId: node.attrs.memberId, label: names.get(node.attrs.memberId) ?? node.attrs.label } } : node)) }
        : paragraph,
    ),
  };
}

function authorOf(member: MemberContext): { memberId: string; displayName: string; partnerId: string } {
  return { memberId: member.memberId, displayName: member.displayName, partnerId: member.partnerId };
}

function scopeOf(comment: CommentRow): { authorMemberId: string | null; deleted: boolean; hidden: boolean } {
  return { authorMemberId: comment.authorMemberId, deleted: comment.deletedAt !== null, hidden: comment.hiddenAt !== null };
}

/** The anchor as sent: two decodable relative positions and a decodable state vector. */
function checkAnchor(anchor: CreateThreadDto['anchor']): { anchorStart: Buffer; anchorEnd: Buffer; quotedText: string; stateVector: Buffer } {
  const position = (value: string, name: string): Buffer => {
    const bytes = Buffer.from(value, 'base64');
    try {
      Y.decodeRelativePosition(bytes);
    } catch {
      throw new AnchorInvalidException(`${name} is not a Yjs relative position`);
    }
    return bytes;
  };
  const quotedText = anchor.quotedText.trim();
  if (!quotedText) throw new AnchorInvalidException('quotedText is empty');
  return { anchorStart: position(anchor.start, 'start'), anchorEnd: position(anchor.end, 'end'), quotedText, stateVector: decodeStateVector(anchor.stateVector, 'stateVector') };
}

function decodeStateVector(value: string, name: string): Buffer {
  const bytes = Buffer.from(value, 'base64');
  try {
    Y.decodeStateVector(bytes);
  } catch {
    throw new AnchorInvalidException(`${name} is not a Yjs state vector`);
  }
  return bytes;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function mapThread(row: ThreadRow, comments: CommentRow[], reactions: ReactionRow[]): CommentThreadView {
  return {
    id: row.id,
    recommendationId: row.documentId,
    anchor: {
      start: row.anchorStart.toString('base64'),
      end: row.anchorEnd.toString('base64'),
      quotedText: row.quotedText,
      stateVector: row.stateVector.toString('base64'),
      textVersion: Number(row.textVersion),
    },
    status: row.status,
    createdBy: { memberId: row.createdBy, displayName: row.createdByName, partner: row.createdByPartnerId && row.createdByPartnerName ? { id: row.createdByPartnerId, name: row.createdByPartnerName } : null },
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt ? row.resolvedAt.toISOString() : null,
    resolvedByName: row.resolvedByName,
    comments: comments.map((comment) => mapComment(comment, reactions.filter((reaction) => reaction.commentId === comment.id))),
    stances: stancesOf(comments),
  };
}

function mapComment(row: CommentRow, reactions: ReactionRow[]): CommentView {
  const hidden = row.hiddenAt ? { at: row.hiddenAt.toISOString(), byName: row.hiddenByName ?? '', reason: row.hiddenReason ?? '' } : null;
  return {
    id: row.id,
    threadId: row.threadId,
    author: { memberId: row.authorMemberId, displayName: row.authorName, partner: row.authorPartnerId && row.authorPartnerName ? { id: row.authorPartnerId, name: row.authorPartnerName } : null },
    // A hidden comment's words stay in the database for the record, never in an answer.
    body: hidden || row.deletedAt ? null : row.body,
    stance: hidden || row.deletedAt ? null : row.stance,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt ? row.editedAt.toISOString() : null,
    deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
    hidden,
    reactions: reactions.map((reaction) => ({ emoji: reaction.emoji, count: reaction.memberIds.length, memberIds: reaction.memberIds })),
    stateVector: row.stateVector ? row.stateVector.toString('base64') : null,
    textVersion: Number(row.textVersion),
  };
}

/** Each commenter's latest stance (of their visible comments), counted by partner. */
export function stancesOf(comments: CommentRow[]): PartnerStances[] {
  const latest = new Map<string, { stance: Stance; partner: PartnerStances['partner'] }>();
  for (const comment of comments) {
    if (!comment.stance || comment.deletedAt || comment.hiddenAt) continue;
    const person = comment.authorMemberId ?? `removed:${comment.authorName}`;
    latest.set(person, { stance: comment.stance, partner: comment.authorPartnerId && comment.authorPartnerName ? { id: comment.authorPartnerId, name: comment.authorPartnerName } : null });
  }
  const byPartner = new Map<string, PartnerStances>();
  for (const { stance, partner } of latest.values()) {
    const key = partner?.id ?? '';
    const entry = byPartner.get(key) ?? { partner, for: 0, against: 0, neutral: 0 };
    entry[stance] += 1;
    byPartner.set(key, entry);
  }
  return [...byPartner.values()].sort((a, b) => (a.partner?.name ?? '').localeCompare(b.partner?.name ?? ''));
}
