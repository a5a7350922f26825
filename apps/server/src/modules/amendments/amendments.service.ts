import { DOCUMENT_FRAGMENT, type AmendmentDetail, type AmendmentEventAction, type AmendmentDiff, type AmendmentFlags, type AmendmentPreview, type AmendmentSummary } from '@accord/contracts';
import { diffStructure, passageBoundsOf, passageViolation, renderFragment, resolveThreadAnchor, yDocToProsemirrorJson, type JSONContent } from '@accord/editor';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import * as Y from 'yjs';
import { actorOf, AuditService } from '../audit/audit.service';
import type { AuthenticatedMember, MemberContext, RequestOrigin } from '../auth/authenticated-member';
import { CollabException } from '../collab/collab.exception';
import { CollabService } from '../collab/collab.service';
import { documentPolicy, type DocumentScope } from '../documents/document.policy';
import { RecommendationNotFoundException } from '../documents/documents.exception';
import { RecommendationRepository } from '../documents/recommendation.repository';
import { DOCUMENT_EVENT_BUS, type DocumentEventBus } from '../events/document-event-bus';
import { VersionsService } from '../versions/versions.service';
import { amendmentPolicy } from './amendment.policy';
import {
  AmendingNotAllowedException,
  AmendmentInviteeUnknownException,
  AmendmentNotFoundException,
  AmendmentNotOpenException,
  NotAmendmentAuthorException,
  PassageInvalidException,
  ThreadNotInRecommendationException,
} from './amendments.exception';
import { AmendmentsRepository, type AmendmentRow } from './amendments.repository';
import type { ProposeAmendmentDto } from './dto/amendment-requests.dto';

/** Who adopts: the member who closed the ballot, or null for the automatic closer. */
export interface AdoptionActor {
  memberId: string;
  displayName: string;
  email: string;
}

/** The passage of one open amendment in the current recommendation (for the flags). */
interface LocatedPassage {
  id: string;
  title: string;
  range: { from: number; to: number } | null;
  text: string | null;
}

/**
 * Amendments: proposed changes to one passage of a recommendation, each edited live in a fork
 * of the recommendation's Yjs state (its own document, same websocket, guarded so that only the
 * passage changes), shown as a diff against the base passage and as the merged result, and
 * adopted by merging the fork's own changes into the live recommendation (see `adopt`).
 */
@Injectable()
export class AmendmentsService implements OnModuleInit {
  private readonly logger = new Logger(AmendmentsService.name);

  constructor(
    private readonly amendments: AmendmentsRepository,
    private readonly recommendations: RecommendationRepository,
    private readonly versions: VersionsService,
    private readonly collab: CollabService,
    private readonly audit: AuditService,
    @Inject(DOCUMENT_EVENT_BUS) private readonly events: DocumentEventBus,
  ) {}

  onModuleInit(): void {
    // An amendment's fork refuses, over the websocket, every update that reaches outside its passage.
    this.collab.guardUpdates(async (documentId) => {
      const bounds = await this.amendments.bounds(documentId);
      if (!bounds) return null;
      return (doc, update) => {
        const violation = passageViolation(doc, bounds, update);
        return violation ? CollabException.outsidePassage(violation) : null;
      };
    });
  }

  async list(member: MemberContext, recommendationId: string): Promise<AmendmentSummary[]> {
    await this.readableRecommendation(member, recommendationId);
    const rows = await this.amendments.list(member.networkId, recommendationId);
    const flags = await this.flagsFor(recommendationId, rows);
    return rows.map((row) => toSummary(row, flags.get(row.id) ?? NO_FLAGS));
  }

  /**
   * Every amendment of a recommendation with its diff against its base and what became of it, for
   * the decision dossier of a published edition (publishing has checked who may publish).
   */
  async decisionRecord(networkId: string, recommendationId: string): Promise<{ id: string; title: string; status: string; ballotId: string | null; diff: AmendmentDiff }[]> {
    const rows = await this.amendments.list(networkId, recommendationId);
    return Promise.all(rows.map(async (row) => ({ id: row.id, title: row.title, status: row.status, ballotId: row.ballotId, diff: await this.diffAgainstBase(row) })));
  }

  async get(member: MemberContext, id: string): Promise<AmendmentDetail> {
    const row = await this.found(member, id);
    const [flags, diff, scope, bounds] = await Promise.all([this.flagsFor(row.recommendationId, [row]), this.diffAgainstBase(row), this.recommendations.findScope(id), this.amendments.bounds(id)]);
    if (!bounds) throw new AmendmentNotFoundException(id);
    const amendment = { status: row.status, authorIds: row.authors.map((author) => author.memberId) };
    return {
      ...toSummary(row, flags.get(row.id) ?? NO_FLAGS),
      passageBounds: { before: bounds.before, after: bounds.after },
      canEdit: scope ? documentPolicy.canEdit(member, scope) : false,
      canWithdraw: amendmentPolicy.canWithdraw(member, amendment),
      canDecline: amendmentPolicy.canDecline(member, amendment),
      canInvite: amendmentPolicy.canInvite(member, amendment),
      diff,
    };
  }

  /**
   * Proposes an amendment of a passage: the recommendation's current text is stored as a version
   * (the base, with its hash), and that version's Yjs state becomes the amendment's own document.
   */
  async propose(member: AuthenticatedMember, recommendationId: string, request: ProposeAmendmentDto, origin: RequestOrigin): Promise<AmendmentDetail> {
    const scope = await this.readableRecommendation(member, recommendationId);
    if (!amendmentPolicy.canPropose(member, scope)) throw new AmendingNotAllowedException();
    const anchor = await this.passageOf(recommendationId, request);
    const baseVersion = await this.versions.snapshot(recommendationId, { kind: 'event', eventLabel: 'amendment proposed', createdBy: member.memberId, always: true });
    const base = baseVersion === null ? null : await this.versions.stored(recommendationId, baseVersion);
    if (baseVersion === null || !base) throw new RecommendationNotFoundException(recommendationId);
    const fork = new Y.Doc();
    try {
      Y.applyUpdate(fork, base.state);
      const fragment = fork.getXmlFragment(DOCUMENT_FRAGMENT);
      const resolution = resolveThreadAnchor(fragment, renderFragment(fragment), { start: anchor.start, end: anchor.end, quotedText: anchor.quotedText });
      if (resolution.status !== 'attached') throw new PassageInvalidException();
      let bounds;
      try {
        bounds = passageBoundsOf(fork, anchor.start, anchor.end);
      } catch {
        throw new PassageInvalidException();
      }
      const id = await this.amendments.create({
        networkId: member.networkId,
        recommendationId,
        title: request.title.trim(),
        reason: request.reason.trim(),
        baseVersion,
        baseHash: base.contentHash,
        baseStateVector: Y.encodeStateVector(fork),
        anchorStart: anchor.start,
        anchorEnd: anchor.end,
        quotedText: resolution.text,
        bounds,
        threadId: request.threadId ?? null,
        createdBy: member.memberId,
        createdByName: member.displayName,
        state: base.state,
        content: yDocToProsemirrorJson(fork),
      });
      await this.audit.record({
        networkId: member.networkId,
        actor: actorOf(member),
        action: 'amendment.proposed',
        subject: { type: 'amendment', id },
        detail: { recommendationId, baseVersion, baseHash: base.contentHash, threadId: request.threadId ?? null, quotedText: resolution.text.slice(0, 200) },
        remoteAddress: origin.remoteAddress,
      });
      this.announce(recommendationId, id, 'proposed');
      return this.get(member, id);
    } finally {
      fork.destroy();
    }
  }

  /** What the recommendation will read if the amendment is adopted now; computed on copies, never the live document. */
  async preview(member: MemberContext, id: string): Promise<AmendmentPreview> {
    const row = await this.found(member, id);
    const current = await this.collab.currentState(row.recommendationId);
    const changes = await this.ownChanges(row);
    if (!current) throw new RecommendationNotFoundException(row.recommendationId);
    const before = jsonOf(current);
    const merged = jsonOf(current, changes);
    const flags = await this.flagsFor(row.recommendationId, [row]);
    return { amendmentId: id, diff: diffOf(before, merged), flags: flags.get(id) ?? NO_FLAGS };
  }

  async withdraw(member: AuthenticatedMember, id: string, reason: string, origin: RequestOrigin): Promise<AmendmentDetail> {
    const row = await this.found(member, id);
    const scope = { status: row.status, authorIds: row.authors.map((author) => author.memberId) };
    if (!amendmentPolicy.isAuthor(member, scope)) throw new NotAmendmentAuthorException();
    if (!amendmentPolicy.canWithdraw(member, scope) || !(await this.amendments.close(id, 'withdrawn', member, reason.trim()))) throw new AmendmentNotOpenException(row.status);
    await this.audit.record({ networkId: member.networkId, actor: actorOf(member), action: 'amendment.withdrawn', subject: { type: 'amendment', id }, detail: { recommendationId: row.recommendationId, reason: reason.trim() }, remoteAddress: origin.remoteAddress });
    this.announce(row.recommendationId, id, 'withdrawn');
    return this.get(member, id);
  }

  async decline(member: AuthenticatedMember, id: string, reason: string, origin: RequestOrigin): Promise<AmendmentDetail> {
    const row = await this.found(member, id);
    if (!amendmentPolicy.mayDecline(member)) throw new AmendingNotAllowedException();
    if (!(await this.amendments.close(id, 'declined', member, reason.trim()))) throw new AmendmentNotOpenException(row.status);
    await this.audit.record({ networkId: member.networkId, actor: actorOf(member), action: 'amendment.declined', subject: { type: 'amendment', id }, detail: { recommendationId: row.recommendationId, reason: reason.trim() }, remoteAddress: origin.remoteAddress });
    this.announce(row.recommendationId, id, 'declined');
    return this.get(member, id);
  }

  /** An author invites another member of the network to edit the amendment with them. */
  async invite(member: AuthenticatedMember, id: string, inviteeId: string, origin: RequestOrigin): Promise<AmendmentDetail> {
    const row = await this.found(member, id);
    const scope = { status: row.status, authorIds: row.authors.map((author) => author.memberId) };
    if (!amendmentPolicy.isAuthor(member, scope)) throw new NotAmendmentAuthorException();
    if (!amendmentPolicy.canInvite(member, scope)) throw new AmendmentNotOpenException(row.status);
    if (!(await this.amendments.isNetworkMember(member.networkId, inviteeId))) throw new AmendmentInviteeUnknownException(inviteeId);
    // Only a member who became an author is an event: repeated invitations would otherwise fill the audit log.
    if (await this.amendments.addAuthor(id, inviteeId, member.memberId)) {
      await this.audit.record({ networkId: member.networkId, actor: actorOf(member), action: 'amendment.author-invited', subject: { type: 'amendment', id }, detail: { memberId: inviteeId.toLowerCase() }, remoteAddress: origin.remoteAddress });
    }
    return this.get(member, id);
  }

  /**
   * The ballots' seam: an amendment put to the vote is frozen (every connection to its fork
   * turns read-only within COLLAB_ACCESS_RECHECK_MS, and new ones open read-only, because the
   * document policy says so for status 'under-vote'); `reopen` gives it back to its authors.
   * Returns false when it was not in the expected status.
   */
  async putUnderVote(id: string, ballotId: string): Promise<boolean> {
    const recommendationId = await this.amendments.changeStatus(id, 'open', 'under-vote', ballotId);
    if (recommendationId) this.announce(recommendationId, id, 'under-vote');
    return recommendationId !== null;
  }

  async reopen(id: string): Promise<boolean> {
    const recommendationId = await this.amendments.changeStatus(id, 'under-vote', 'open', null);
    if (recommendationId) this.announce(recommendationId, id, 'reopened');
    return recommendationId !== null;
  }

  /** Tells the editors of the recommendation (on every instance) that its list of amendments changed. */
  private announce(recommendationId: string, amendmentId: string, action: AmendmentEventAction): void {
    this.events.publish(recommendationId, { kind: 'amendment', action, amendmentId });
  }

  /** True while the amendment may not be edited because it is under vote. */
  async isFrozen(id: string): Promise<boolean> {
    return (await this.amendments.findAnywhere(id))?.status === 'under-vote';
  }

  /**
   * Adopts an amendment because a ballot accepted it (no REST route: only a ballot adopts).
   *
   * Merge design: the fork shares the recommendation's Yjs history up to the base version, so the
   * amendment's own changes are exactly `encodeStateAsUpdate(amendment, baseStateVector)`: the
   * structs its authors created and its delete set. That update is applied to the LIVE
   * recommendation through the collaboration server (logged, and fanned out to every open
   * editor like an edit); edits made to the recommendation since the fork are other structs and
   * stay. Applying it twice changes nothing, so a retry after a failure is safe.
   *
   * In one transaction holding the amendment's row lock: check it is open or under vote, merge,
   * copy the authorship of the fork's client ids, store the version of kind "amendment-adopted"
   * (linking amendment and ballot; the version history appends it in its own transaction, under
   * the document's lock), and mark it adopted. Returns the version number.
   */
  async adopt(amendmentId: string, options: { ballotId: string; actor: AdoptionActor | null }): Promise<{ version: number }> {
    const { version, row } = await this.amendments.transaction(async (manager) => {
      const row = await this.amendments.findAnywhere(amendmentId, manager, true);
      if (!row) throw new AmendmentNotFoundException(amendmentId);
      if (row.status !== 'open' && row.status !== 'under-vote') throw new AmendmentNotOpenException(row.status);
      const changes = await this.ownChanges(row);
      const merged = await this.collab.applyServerChange(row.recommendationId, (doc) => Y.applyUpdate(doc, changes));
      if (merged === null) throw new RecommendationNotFoundException(row.recommendationId);
      // Outside this transaction: its key lock on the document would block the version's append.
      await this.amendments.copyAuthorship(row.id, row.recommendationId);
      const version = await this.versions.snapshot(
        row.recommendationId,
        { kind: 'amendment-adopted', createdBy: options.actor?.memberId ?? null, amendmentId: row.id, ballotId: options.ballotId, always: true },
        new Set(row.authors.map((author) => author.memberId)),
      );
      if (version === null) throw new RecommendationNotFoundException(row.recommendationId);
      await this.amendments.markAdopted(manager, row.id, version, options.ballotId);
      return { version, row };
    });
    await this.audit.record({
      networkId: row.networkId,
      actor: options.actor ? actorOf(options.actor) : { memberId: null, label: 'ballot result' },
      action: 'amendment.adopted',
      subject: { type: 'amendment', id: amendmentId },
      detail: { recommendationId: row.recommendationId, ballotId: options.ballotId, version },
    });
    this.logger.log({ amendmentId, recommendationId: row.recommendationId, ballotId: options.ballotId, version }, 'Amendment adopted and merged');
    this.announce(row.recommendationId, amendmentId, 'adopted');
    return { version };
  }

  /** The amendment's own changes since its base: what adoption merges. */
  private async ownChanges(row: AmendmentRow): Promise<Uint8Array> {
    const state = await this.collab.currentState(row.id);
    if (!state) throw new AmendmentNotFoundException(row.id);
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state);
      return Y.encodeStateAsUpdate(doc, row.baseStateVector);
    } finally {
      doc.destroy();
    }
  }

  private async diffAgainstBase(row: AmendmentRow): Promise<AmendmentDiff> {
    const [base, state] = await Promise.all([this.versions.stored(row.recommendationId, row.baseVersion), this.collab.currentState(row.id)]);
    if (!base || !state) throw new AmendmentNotFoundException(row.id);
    return diffOf(jsonOf(base.state), jsonOf(state));
  }

  /**
   * The flags of the given amendments against the current recommendation: its passage edited
   * since the fork (the text under it differs from the base passage), or overlapping another
   * open amendment's passage.
   */
  private async flagsFor(recommendationId: string, rows: readonly AmendmentRow[]): Promise<Map<string, AmendmentFlags>> {
    const flags = new Map<string, AmendmentFlags>();
    const pending = rows.filter(isPending);
    if (pending.length === 0) return flags;
    const state = await this.collab.currentState(recommendationId);
    if (!state) return flags;
    const others = (await this.amendments.list(rows[0].networkId, recommendationId)).filter(isPending);
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state);
      const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
      const rendered = renderFragment(fragment);
      const located = new Map<string, LocatedPassage>();
      for (const row of others) {
        const resolution = resolveThreadAnchor(fragment, rendered, { start: row.anchorStart, end: row.anchorEnd, quotedText: row.quotedText });
        located.set(row.id, {
          id: row.id,
          title: row.title,
          range: resolution.status === 'attached' ? { from: resolution.from, to: resolution.to } : null,
          text: resolution.status === 'attached' ? resolution.text : null,
        });
      }
      for (const row of pending) {
        const own = located.get(row.id);
        const overlaps = [...located.values()].filter((other) => other.id !== row.id && own?.range && other.range && own.range.from < other.range.to && other.range.from < own.range.to);
        flags.set(row.id, {
          passageEditedSinceProposal: own?.text !== row.quotedText,
          passageDetached: !own?.range,
          overlapsWith: overlaps.map((other) => ({ id: other.id, title: other.title })),
        });
      }
    } finally {
      doc.destroy();
    }
    return flags;
  }

  private async passageOf(recommendationId: string, request: ProposeAmendmentDto): Promise<{ start: Uint8Array; end: Uint8Array; quotedText: string }> {
    if (request.threadId) {
      const thread = await this.amendments.threadAnchor(recommendationId, request.threadId);
      if (!thread) throw new ThreadNotInRecommendationException(request.threadId);
      return { start: thread.start, end: thread.end, quotedText: thread.quotedText };
    }
    if (!request.anchor) throw new PassageInvalidException();
    const start = Buffer.from(request.anchor.start, 'base64');
    const end = Buffer.from(request.anchor.end, 'base64');
    try {
      Y.decodeRelativePosition(start);
      Y.decodeRelativePosition(end);
    } catch {
      throw new PassageInvalidException();
    }
    return { start, end, quotedText: request.anchor.quotedText };
  }

  /** A recommendation (not an amendment's fork) the member may read; else 404, as everywhere. */
  private async readableRecommendation(member: MemberContext, recommendationId: string): Promise<DocumentScope> {
    const scope = await this.recommendations.findScope(recommendationId);
    if (!scope || scope.amendment || scope.workingGroupId === null || !documentPolicy.canRead(member, scope)) throw new RecommendationNotFoundException(recommendationId);
    return scope;
  }

  private async found(member: MemberContext, id: string): Promise<AmendmentRow> {
    const row = await this.amendments.find(member.networkId, id);
    if (!row) throw new AmendmentNotFoundException(id);
    return row;
  }
}

const NO_FLAGS: AmendmentFlags = { passageEditedSinceProposal: false, passageDetached: false, overlapsWith: [] };

const isPending = (row: AmendmentRow): boolean => row.status === 'open' || row.status === 'under-vote';

/** The TipTap JSON of a state, with an update applied on top when given (on a document of its own). */
function jsonOf(state: Uint8Array, update?: Uint8Array): JSONContent {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    if (update) Y.applyUpdate(doc, update);
    return yDocToProsemirrorJson(doc);
  } finally {
    doc.destroy();
  }
}

/** The blocks that differ between two texts, by the shared structural diff (the version history's). */
function diffOf(from: JSONContent, to: JSONContent): AmendmentDiff {
  const structure = diffStructure(from, to);
  return { from: from as Record<string, unknown>, to: to as Record<string, unknown>, structure: { ...structure, blocks: structure.blocks.filter((block) => block.change !== 'equal') } };
}

function toSummary(row: AmendmentRow, flags: AmendmentFlags): AmendmentSummary {
  return {
    id: row.id,
    recommendationId: row.recommendationId,
    title: row.title,
    reason: row.reason,
    status: row.status,
    quotedText: row.quotedText,
    anchor: { start: Buffer.from(row.anchorStart).toString('base64'), end: Buffer.from(row.anchorEnd).toString('base64') },
    createdBy: { memberId: row.createdBy, displayName: row.createdByName },
    createdAt: new Date(row.createdAt).toISOString(),
    authors: row.authors.map((author) => ({ memberId: author.memberId, displayName: author.displayName, partnerName: author.partnerName })),
    baseVersion: row.baseVersion,
    baseHash: row.baseHash,
    threadId: row.threadId,
    closedBy: row.closedByName ? { memberId: row.closedBy, displayName: row.closedByName } : null,
    closedReason: row.closedReason,
    closedAt: row.closedAt ? new Date(row.closedAt).toISOString() : null,
    ballotId: row.ballotId,
    adoptedVersion: row.adoptedVersion,
    flags,
  };
}
