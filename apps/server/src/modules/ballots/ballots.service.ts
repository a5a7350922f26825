import {
  BALLOT_LIMITS,
  type BallotChoice,
  type BallotMyPartnerView,
  type BallotPartnerVoteView,
  type BallotRule,
  type BallotSummaryView,
  type BallotVerificationView,
  type BallotView,
  decideBallot,
  type ParticipationView,
  tallyOf,
} from '@accord/contracts';
import { yDocToProsemirrorJson } from '@accord/editor';
import type { Language } from '@accord/i18n';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { languageFor, translate } from '../../common/i18n/translator';
import type { AppConfig } from '../../config/app-config';
import { AmendmentsService } from '../amendments/amendments.service';
import { actorOf, AuditService } from '../audit/audit.service';
import type { AuthenticatedMember, MemberContext, RequestOrigin } from '../auth/authenticated-member';
import { CollabService } from '../collab/collab.service';
import { settleInBackground } from '../collab/connection-guard';
import { documentPolicy } from '../documents/document.policy';
import { RecommendationNotFoundException } from '../documents/documents.exception';
import { RecommendationRepository } from '../documents/recommendation.repository';
import { DOCUMENT_EVENT_BUS, type DocumentEventBus } from '../events/document-event-bus';
import { LINK_PLACEHOLDER, MailService } from '../mail/mail.service';
import { contentHashOf } from '../versions/version-hash';
import { VersionsRepository, type VersionRow } from '../versions/versions.repository';
import { VersionsService } from '../versions/versions.service';
import { ballotPolicy } from './ballot.policy';
import { motionHashOf, type RecordedVote, resultHashOf, type ResultRecord } from './ballot-result-hash';
import {
  AmendmentNotVotableException,
  BallotAlreadyOpenException,
  BallotClosedException,
  BallotNotClosedException,
  BallotDeadlineInvalidException,
  BallotEarlyCloseNotAllowedException,
  BallotManagementNotAllowedException,
  BallotNotFoundException,
  BallotProposalInvalidException,
  DelegateAlreadyVotedException,
  NotYourPartnersVoteException,
  PartnerNotEligibleException,
  RecommendationNotVotableException,
} from './ballots.exception';
import { type BallotNotice, type BallotRow, BallotsRepository, type NewBallot, type VoteRow } from './ballots.repository';
import type { OpenBallotDto } from './dto/ballot-requests.dto';

const LIST_LIMIT = 200;
/** The label of the version made at opening: the exact text voted on. */
export const BALLOT_OPENED_LABEL = 'ballot opened';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Statuses from which a recommendation may be put to the vote. */
const VOTABLE_STATUSES = ['draft', 'in_review', 'rejected'] as const;

/**
 * Partner ballots: opening (freezing the text and recording the version voted on), casting,
 * closing (at the deadline by the closer, or early by a coordinator when every partner voted),
 * results that verify, and the news about all of it.
 */
@Injectable()
export class BallotsService implements OnModuleInit {
  private readonly logger = new Logger(BallotsService.name);
  private readonly publicUrl: string;

  constructor(
    private readonly ballots: BallotsRepository,
    private readonly recommendations: RecommendationRepository,
    private readonly versions: VersionsService,
    private readonly versionRows: VersionsRepository,
    private readonly collab: CollabService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly amendments: AmendmentsService,
    @Inject(DOCUMENT_EVENT_BUS) private readonly events: DocumentEventBus,
    config: ConfigService<AppConfig, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true }).replace(/\/$/, '');
  }

  onModuleInit(): void {
    this.collab.setFreezeSource((documentId) => this.ballots.frozenUntil(documentId));
  }

  // ---- reading ----

  async list(member: MemberContext): Promise<BallotSummaryView[]> {
    const rows = await this.ballots.list(member.networkId, LIST_LIMIT);
    const [votes, accepted] = await Promise.all([this.ballots.votes(rows.map((row) => row.id)), this.ballots.acceptedOf(rows.map((row) => row.id))]);
    const currentHashes = new Map<string, string>();
    const summaries: BallotSummaryView[] = [];
    for (const row of rows) {
      const ballotVotes = votes.get(row.id) ?? [];
      const mine = ballotVotes.find((vote) => vote.partnerId === member.partnerId);
      let current: string | undefined;
      if (mine && row.status === 'open') {
        current = currentHashes.get(row.id) ?? (await this.currentTextHash(row, member));
        currentHashes.set(row.id, current);
      }
      summaries.push(this.summaryOf(member, row, ballotVotes, accepted.get(row.id) ?? null, current));
    }
    return summaries;
  }

  async get(member: MemberContext, ballotId: string): Promise<BallotView> {
    const row = await this.visible(member, ballotId);
    return this.view(member, row);
  }

  async participation(member: MemberContext): Promise<ParticipationView[]> {
    if (!ballotPolicy.mayManage(member)) throw new BallotManagementNotAllowedException();
    return this.ballots.participation(member.networkId);
  }

  // ---- opening ----

  async open(member: AuthenticatedMember, body: OpenBallotDto, origin: RequestOrigin): Promise<BallotView> {
    if (!ballotPolicy.mayManage(member)) throw new BallotManagementNotAllowedException();
    const deadline = new Date(body.deadline);
    const now = Date.now();
    if (Number.isNaN(deadline.getTime()) || deadline.getTime() <= now || deadline.getTime() > now + BALLOT_LIMITS.maxDays * DAY_MS) {
      throw new BallotDeadlineInvalidException(BALLOT_LIMITS.maxDays);
    }
    const rule: BallotRule = { quorumPercent: body.quorumPercent, majority: body.majority, abstentions: body.abstentions };
    const partners = await this.ballots.partners(member.networkId);
    const eligiblePartnerIds = partners.map((partner) => partner.id);
    const base: BallotBase = { networkId: member.networkId, title: body.title, rule, eligiblePartnerIds, openedBy: member.memberId, deadline };
    let ballotId: string;
    if (body.proposal === 'motion') {
      if (!body.motionText || body.recommendationId || body.amendmentId) throw new BallotProposalInvalidException();
      const hash = motionHashOf(body.motionText);
      const motionText = body.motionText;
      ballotId = await this.ballots.transaction((manager) =>
        this.ballots.insert(manager, {
          ...base,
          proposal: 'motion',
          documentId: null,
          amendmentId: null,
          amendmentDocumentId: null,
          motionText,
          votedVersion: null,
          votedContentHash: hash,
          votedChainHash: hash,
        }),
      );
    } else if (body.proposal === 'adopt-recommendation') {
      if (!body.recommendationId || body.motionText || body.amendmentId) throw new BallotProposalInvalidException();
      ballotId = await this.openOnRecommendation(member, body.recommendationId, base);
    } else {
      if (!body.amendmentId || body.motionText || body.recommendationId) throw new BallotProposalInvalidException();
      ballotId = await this.openOnAmendment(member, body.amendmentId, base);
    }
    await this.audit.record({
      networkId: member.networkId,
      actor: actorOf(member),
      action: 'ballot.opened',
      subject: { type: 'ballot', id: ballotId },
      detail: { proposal: body.proposal, recommendationId: body.recommendationId ?? null, rule, deadline: deadline.toISOString() },
      remoteAddress: origin.remoteAddress,
    });
    const row = await this.visible(member, ballotId);
    settleInBackground(this.logger, 'ballot opened notices', { ballotId }, () => this.tell(row, 'ballot-opened', member.displayName));
    return this.view(member, row);
  }

  /**
   * Freezes the text first (on this instance at once, on the others through the event bus), then
   * records the version voted on, so no edit can slip in between. Should the ballot not be
   * stored, the freeze is set back to what the database says.
   */
  private async openOnRecommendation(member: AuthenticatedMember, documentId: string, base: BallotBase): Promise<string> {
    const { deadline } = base;
    const scope = await this.recommendations.findScope(documentId);
    if (!scope || !documentPolicy.canRead(member, scope)) throw new RecommendationNotFoundException(documentId);
    if (await this.ballots.frozenUntil(documentId)) throw new BallotAlreadyOpenException();
    this.events.publish(documentId, { kind: 'ballot', action: 'opened', ballotId: '', frozenUntil: deadline.toISOString() });
    try {
      const number = await this.versions.snapshot(documentId, { kind: 'event', eventLabel: BALLOT_OPENED_LABEL, createdBy: member.memberId, always: true });
      const version = number === null ? null : await this.versionRows.find(documentId, number);
      if (!version) throw new RecommendationNotFoundException(documentId);
      const ballotId = await this.ballots.transaction(async (manager) => {
        const id = await this.insertOnText(manager, { ...base, ...votedOn(version), proposal: 'adopt-recommendation', documentId, amendmentId: null, amendmentDocumentId: null, motionText: null });
        if (!(await this.ballots.setRecommendationStatus(manager, documentId, VOTABLE_STATUSES, 'voting'))) {
          const current = await this.recommendations.findScope(documentId);
          throw new RecommendationNotVotableException(current ? await this.statusOf(documentId) : 'deleted');
        }
        return id;
      });
      this.events.publish(documentId, { kind: 'ballot', action: 'opened', ballotId, frozenUntil: deadline.toISOString() });
      return ballotId;
    } catch (error) {
      await this.republishFreeze(documentId);
      throw error;
    }
  }

  /**
   * An amendment is voted on as its own text: it is put under vote (its authors can no longer
   * edit it), its fork is frozen like a recommendation, and the version made at opening is of the
   * amendment's document. Should the ballot not be stored, the amendment goes back to its authors.
   */
  private async openOnAmendment(member: AuthenticatedMember, amendmentId: string, base: BallotBase): Promise<string> {
    const { deadline } = base;
    const amendment = await this.amendments.get(member, amendmentId);
    if (amendment.status !== 'open') throw new AmendmentNotVotableException(amendment.status);
    const ballotId = randomUUID();
    if (!(await this.amendments.putUnderVote(amendmentId, ballotId))) throw new AmendmentNotVotableException('under-vote');
    this.events.publish(amendmentId, { kind: 'ballot', action: 'opened', ballotId, frozenUntil: deadline.toISOString() });
    try {
      const number = await this.versions.snapshot(amendmentId, { kind: 'event', eventLabel: BALLOT_OPENED_LABEL, createdBy: member.memberId, always: true });
      const version = number === null ? null : await this.versionRows.find(amendmentId, number);
      if (!version) throw new BallotProposalInvalidException();
      await this.ballots.transaction((manager) =>
        this.insertOnText(manager, {
          ...base,
          ...votedOn(version),
          id: ballotId,
          proposal: 'accept-amendment',
          documentId: amendment.recommendationId,
          amendmentId,
          amendmentDocumentId: amendmentId,
          motionText: null,
        }),
      );
      return ballotId;
    } catch (error) {
      await this.amendments.reopen(amendmentId);
      await this.republishFreeze(amendmentId);
      throw error;
    }
  }

  /** Stores a ballot on a text; the unique index refuses a second open ballot on the same text. */
  private insertOnText(manager: EntityManager, ballot: NewBallot): Promise<string> {
    return this.ballots.insert(manager, ballot).catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new BallotAlreadyOpenException();
      throw error;
    });
  }

  private async statusOf(documentId: string): Promise<string> {
    const rows: { status: string }[] = await this.ballots.transaction((manager) => manager.query(`SELECT status FROM recommendation WHERE id = $1`, [documentId]));
    return rows[0]?.status ?? 'deleted';
  }

  /** Tells every instance whether the text is frozen, as the database says now. */
  private async republishFreeze(documentId: string, ballotId = ''): Promise<void> {
    const until = await this.ballots.frozenUntil(documentId);
    this.events.publish(documentId, { kind: 'ballot', action: until ? 'extended' : 'closed', ballotId, frozenUntil: until ? until.toISOString() : null });
  }

  // ---- voting ----

  async cast(member: AuthenticatedMember, ballotId: string, choice: BallotChoice, origin: RequestOrigin): Promise<BallotView> {
    const row = await this.visible(member, ballotId);
    const refusal = ballotPolicy.castRefusal(member, row);
    if (refusal === 'not-delegate') throw new NotYourPartnersVoteException();
    if (refusal === 'not-eligible') throw new PartnerNotEligibleException();
    if (row.status !== 'open' || row.deadline.getTime() <= Date.now()) throw new BallotClosedException();
    const castAs = ballotPolicy.castAs(member)!;
    const seenHash = await this.currentTextHash(row, member);
    const outcome = await this.ballots.cast(ballotId, { partnerId: member.partnerId, choice, castBy: member.memberId, castByName: member.displayName, castAs, seenHash });
    if (outcome === 'closed') throw new BallotClosedException();
    if (outcome === 'delegate-voted') throw new DelegateAlreadyVotedException();
    await this.audit.record({
      networkId: member.networkId,
      actor: actorOf(member),
      action: 'ballot.vote-cast',
      subject: { type: 'ballot', id: ballotId },
      detail: { partnerId: member.partnerId, castAs, choice },
      remoteAddress: origin.remoteAddress,
    });
    return this.view(member, (await this.ballots.find(ballotId))!);
  }

  // ---- extending, closing, outcome ----

  async extend(member: AuthenticatedMember, ballotId: string, deadlineText: string, reason: string, origin: RequestOrigin): Promise<BallotView> {
    if (!ballotPolicy.mayManage(member)) throw new BallotManagementNotAllowedException();
    const row = await this.visible(member, ballotId);
    if (row.status !== 'open') throw new BallotClosedException();
    const deadline = new Date(deadlineText);
    if (Number.isNaN(deadline.getTime()) || deadline <= row.deadline || deadline.getTime() > row.openedAt.getTime() + BALLOT_LIMITS.maxDays * DAY_MS) {
      throw new BallotDeadlineInvalidException(BALLOT_LIMITS.maxDays);
    }
    const previous = await this.ballots.extend(ballotId, deadline, reason, member.memberId);
    if (!previous) throw new BallotClosedException();
    for (const documentId of frozenDocumentsOf(row)) this.events.publish(documentId, { kind: 'ballot', action: 'extended', ballotId, frozenUntil: deadline.toISOString() });
    await this.audit.record({
      networkId: member.networkId,
      actor: actorOf(member),
      action: 'ballot.extended',
      subject: { type: 'ballot', id: ballotId },
      detail: { previousDeadline: previous.toISOString(), deadline: deadline.toISOString(), reason },
      remoteAddress: origin.remoteAddress,
    });
    return this.view(member, (await this.ballots.find(ballotId))!);
  }

  /** A coordinator closes before the deadline only when every eligible partner has voted. */
  async closeEarly(member: AuthenticatedMember, ballotId: string, outcomeStatement: string | undefined, origin: RequestOrigin): Promise<BallotView> {
    if (!ballotPolicy.mayManage(member)) throw new BallotManagementNotAllowedException();
    await this.visible(member, ballotId);
    const closed = await this.close(ballotId, member, (ballot, votes) => {
      const deadlinePassed = ballot.deadline.getTime() <= Date.now();
      if (!deadlinePassed && votes.length < ballot.eligiblePartnerIds.length) throw new BallotEarlyCloseNotAllowedException(votes.length, ballot.eligiblePartnerIds.length);
    });
    if (!closed) throw new BallotClosedException();
    if (outcomeStatement) await this.ballots.setOutcomeStatement(ballotId, outcomeStatement);
    await this.audit.record({ networkId: member.networkId, actor: actorOf(member), action: 'ballot.closed', subject: { type: 'ballot', id: ballotId }, detail: { early: true }, remoteAddress: origin.remoteAddress });
    return this.view(member, (await this.ballots.find(ballotId))!);
  }

  async writeOutcome(member: AuthenticatedMember, ballotId: string, statement: string, origin: RequestOrigin): Promise<BallotView> {
    if (!ballotPolicy.mayManage(member)) throw new BallotManagementNotAllowedException();
    const row = await this.visible(member, ballotId);
    if (row.status === 'open') throw new BallotNotClosedException();
    if (!(await this.ballots.setOutcomeStatement(ballotId, statement))) throw new BallotClosedException();
    await this.audit.record({ networkId: member.networkId, actor: actorOf(member), action: 'ballot.outcome-written', subject: { type: 'ballot', id: ballotId }, remoteAddress: origin.remoteAddress });
    return this.view(member, (await this.ballots.find(ballotId))!);
  }

  /** The deadline closer's step: closes one due ballot. Returns whether this call closed it. */
  async closeAtDeadline(ballotId: string): Promise<boolean> {
    const closed = await this.close(ballotId, null, (ballot) => {
      if (ballot.deadline.getTime() > Date.now()) throw new BallotEarlyCloseNotAllowedException(0, ballot.eligiblePartnerIds.length);
    });
    if (closed) await this.audit.record({ networkId: closed.networkId, actor: { memberId: null, label: 'deadline' }, action: 'ballot.closed', subject: { type: 'ballot', id: ballotId }, detail: { early: false } });
    return closed !== null;
  }

  /** Sends the 24-hour reminders that are due, to partners that have not voted. */
  async sendReminders(hoursBefore: number): Promise<number> {
    const ids = await this.ballots.claimReminders(hoursBefore);
    for (const id of ids) {
      const row = await this.ballots.find(id);
      if (row) await this.tell(row, 'ballot-reminder', 'Accord');
    }
    return ids.length;
  }

  /**
   * Writes the result (one transaction: result, status, recommendation status), then lifts the
   * freeze everywhere and tells the partners. Null when the ballot was closed already.
   */
  private async close(ballotId: string, closer: MemberContext | null, guard: (ballot: BallotRow, votes: VoteRow[]) => void): Promise<BallotRow | null> {
    const closed = await this.ballots.close(
      ballotId,
      closer?.memberId ?? null,
      (ballot, votes, closedAt, partners) => {
        const rule: BallotRule = { quorumPercent: ballot.quorumPercent, majority: ballot.majority, abstentions: ballot.abstentions };
        const counted = votes.filter((vote) => ballot.eligiblePartnerIds.includes(vote.partnerId));
        const tally = tallyOf(ballot.eligiblePartnerIds.length, counted.map((vote) => vote.choice));
        const decision = decideBallot(rule, tally);
        const record: ResultRecord = {
          ballotId,
          rule,
          eligiblePartnerIds: ballot.eligiblePartnerIds,
          votes: counted.map((vote): RecordedVote => ({
            partnerId: vote.partnerId,
            partnerName: partners.get(vote.partnerId) ?? '',
            choice: vote.choice,
            castBy: vote.castBy,
            castByName: vote.castByName,
            castAs: vote.castAs,
            castAt: vote.castAt.toISOString(),
          })),
          tally,
          accepted: decision.accepted,
          votedChainHash: ballot.votedChainHash,
          closedAt: closedAt.toISOString(),
        };
        return { ...record, resultHash: resultHashOf(record) };
      },
      guard,
    );
    if (!closed) return null;
    for (const documentId of frozenDocumentsOf(closed.ballot)) await this.republishFreeze(documentId, ballotId);
    if (closed.ballot.proposal === 'accept-amendment' && closed.ballot.amendmentId) await this.settleAmendment(closed.ballot, closed.result.accepted, closer);
    settleInBackground(this.logger, 'ballot result notices', { ballotId }, () => this.tell(closed.ballot, 'ballot-result', closer?.displayName ?? 'Accord'));
    return closed.ballot;
  }

  /**
   * An accepted amendment is merged into the live recommendation (a version "amendment adopted"
   * links it to this ballot); a rejected one goes back to its authors, its ballot on record.
   */
  private async settleAmendment(ballot: BallotRow, accepted: boolean, closer: MemberContext | null): Promise<void> {
    const amendmentId = ballot.amendmentId!;
    try {
      if (accepted) await this.amendments.adopt(amendmentId, { ballotId: ballot.id, actor: closer ? { memberId: closer.memberId, displayName: closer.displayName, email: closer.email } : null });
      else await this.amendments.reopen(amendmentId);
    } catch (error) {
      // The result stands as stored; the merge can be retried (adopting twice changes nothing).
      this.logger.error({ ballotId: ballot.id, amendmentId, accepted, err: error }, 'Could not settle the amendment of a closed ballot');
    }
  }

  // ---- verification ----

  /** Recomputes the result from its stored votes and rule, its hash, and its link to the voted version. */
  async verify(member: MemberContext, ballotId: string): Promise<BallotVerificationView> {
    const row = await this.visible(member, ballotId);
    const result = await this.ballots.result(ballotId);
    if (!result) throw new BallotNotClosedException();
    const record: ResultRecord = {
      ballotId,
      rule: result.rule,
      eligiblePartnerIds: row.eligiblePartnerIds,
      votes: result.votes,
      tally: result.tally,
      accepted: result.accepted,
      votedChainHash: result.votedChainHash,
      closedAt: result.closedAt.toISOString(),
    };
    const recomputedHash = resultHashOf(record);
    const tally = tallyOf(row.eligiblePartnerIds.length, result.votes.map((vote) => vote.choice));
    let recomputedAccepted = false;
    let reason: string | null = null;
    try {
      recomputedAccepted = decideBallot(result.rule, tally).accepted;
    } catch {
      reason = 'the stored rule or votes cannot be counted';
    }
    if (!reason && recomputedHash !== result.resultHash) reason = 'the stored result does not match its hash';
    else if (!reason && (tally.for !== result.tally.for || tally.against !== result.tally.against || tally.abstain !== result.tally.abstain || tally.eligible !== result.tally.eligible)) reason = 'the stored tally does not match the stored votes';
    else if (!reason && recomputedAccepted !== result.accepted) reason = 'the rule applied to the stored votes gives another outcome';
    else if (!reason && result.votedChainHash !== row.votedChainHash) reason = 'the result is not chained to the version voted on';
    else if (!reason && row.documentId && row.votedVersion !== null) {
      // The text voted on: the amendment's own document for an amendment, else the recommendation.
      const version = await this.versionRows.find(row.amendmentDocumentId ?? row.documentId, row.votedVersion);
      if (!version || version.chainHash !== row.votedChainHash) reason = 'the version voted on is missing or changed';
    } else if (!reason && row.proposal === 'motion' && motionHashOf(row.motionText ?? '') !== row.votedChainHash) reason = 'the motion text does not match its hash';
    return { intact: reason === null, reason, resultHash: result.resultHash, recomputedHash, accepted: result.accepted, recomputedAccepted };
  }

  // ---- views ----

  private async visible(member: MemberContext, ballotId: string): Promise<BallotRow> {
    const row = await this.ballots.find(ballotId);
    if (!row || !ballotPolicy.canSee(member, row)) throw new BallotNotFoundException();
    return row;
  }

  private summaryOf(member: MemberContext, row: BallotRow, votes: VoteRow[], accepted: boolean | null, currentHash: string | undefined): BallotSummaryView {
    return {
      id: row.id,
      proposal: row.proposal,
      title: row.title,
      status: row.status,
      recommendation: row.documentId ? { id: row.documentId, title: row.documentTitle ?? '' } : null,
      amendmentId: row.amendmentId,
      openedAt: row.openedAt.toISOString(),
      deadline: row.deadline.toISOString(),
      eligible: row.eligiblePartnerIds.length,
      voted: votes.filter((vote) => row.eligiblePartnerIds.includes(vote.partnerId)).length,
      accepted,
      myPartner: this.myPartner(member, row, votes, currentHash),
    };
  }

  private myPartner(member: MemberContext, row: BallotRow, votes: VoteRow[], currentHash: string | undefined): BallotMyPartnerView | null {
    if (!ballotPolicy.mayVote(member)) return null;
    const mine = votes.find((vote) => vote.partnerId === member.partnerId) ?? null;
    const refusal = ballotPolicy.castRefusal(member, row);
    const open = row.status === 'open' && row.deadline.getTime() > Date.now();
    const castAs = ballotPolicy.castAs(member)!;
    const language = languageFor(member.language, undefined);
    let reason: string | null = null;
    if (refusal === 'not-eligible') reason = translate(language, 'server.ballots.errors.partnerNotEligible');
    else if (!open) reason = translate(language, 'server.ballots.errors.closed');
    else if (mine && !ballotPolicy.mayReplace(castAs, mine.castAs)) reason = translate(language, 'server.ballots.errors.delegateAlreadyVoted');
    return {
      partnerId: member.partnerId,
      choice: mine?.choice ?? null,
      castBy: mine?.castBy ? { memberId: mine.castBy, displayName: mine.castByName } : null,
      mayCast: reason === null,
      reason,
      changedSinceVote: Boolean(mine && currentHash && mine.seenHash !== currentHash),
    };
  }

  private async view(member: MemberContext, row: BallotRow): Promise<BallotView> {
    const [votesByBallot, partners, result, extensions] = await Promise.all([
      this.ballots.votes([row.id]),
      this.ballots.partners(row.networkId),
      this.ballots.result(row.id),
      this.ballots.extensions(row.id),
    ]);
    const votes = votesByBallot.get(row.id) ?? [];
    const currentHash = row.status === 'open' && votes.some((vote) => vote.partnerId === member.partnerId) ? await this.currentTextHash(row, member) : undefined;
    const summary = this.summaryOf(member, row, votes, result?.accepted ?? null, currentHash);
    const closed = row.status === 'closed';
    const partnerLines: BallotPartnerVoteView[] = partners
      .filter((partner) => row.eligiblePartnerIds.includes(partner.id))
      .map((partner) => {
        const vote = votes.find((candidate) => candidate.partnerId === partner.id);
        // Choices are shown to all once the ballot closed; before that, a partner sees its own.
        const showChoice = closed || partner.id === member.partnerId;
        return {
          partnerId: partner.id,
          partnerName: partner.name,
          country: partner.country,
          voted: Boolean(vote),
          choice: vote && showChoice ? vote.choice : null,
          castBy: vote?.castBy ? { memberId: vote.castBy, displayName: vote.castByName } : vote ? { memberId: '', displayName: vote.castByName } : null,
          castAs: vote?.castAs ?? null,
          castAt: vote ? vote.castAt.toISOString() : null,
        };
      });
    const rule: BallotRule = { quorumPercent: row.quorumPercent, majority: row.majority, abstentions: row.abstentions };
    return {
      ...summary,
      motionText: row.motionText,
      rule,
      openedBy: row.openedBy ? { memberId: row.openedBy, displayName: row.openedByName ?? '' } : null,
      votedVersion: row.votedVersion,
      votedContentHash: row.votedContentHash,
      votedChainHash: row.votedChainHash,
      partners: partnerLines,
      extensions: extensions.map((extension) => ({
        previousDeadline: extension.previousDeadline.toISOString(),
        deadline: extension.deadline.toISOString(),
        reason: extension.reason,
        extendedBy: extension.extendedBy ? { memberId: extension.extendedBy, displayName: extension.extendedByName ?? '' } : null,
        extendedAt: extension.extendedAt.toISOString(),
      })),
      mayCloseEarly: ballotPolicy.mayManage(member) && row.status === 'open' && summary.voted === summary.eligible,
      result: result
        ? {
            tally: result.tally,
            decision: decideBallot(result.rule, result.tally),
            accepted: result.accepted,
            resultHash: result.resultHash,
            votedChainHash: result.votedChainHash,
            closedAt: result.closedAt.toISOString(),
            closedBy: row.closedBy ? { memberId: row.closedBy, displayName: row.closedByName ?? '' } : null,
          }
        : null,
      outcomeStatement: row.outcomeStatement,
    };
  }

  /**
   * The hash of what is voted on as it reads now: the live text of a recommendation; for an
   * amendment, the merged preview (what the recommendation would read if it were adopted now,
   * which changes whenever the recommendation does); the motion's text.
   */
  private async currentTextHash(row: BallotRow, member: MemberContext): Promise<string> {
    if (row.proposal === 'accept-amendment' && row.amendmentId) {
      try {
        const preview = await this.amendments.preview(member, row.amendmentId);
        return contentHashOf({ merged: preview.diff });
      } catch (error) {
        this.logger.warn({ ballotId: row.id, err: error }, 'Could not compute the merged preview of an amendment under vote');
        return row.votedContentHash;
      }
    }
    if (!row.documentId || row.proposal !== 'adopt-recommendation') return row.votedContentHash;
    const state = await this.collab.currentState(row.documentId);
    if (!state) return row.votedContentHash;
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state);
      return contentHashOf(yDocToProsemirrorJson(doc));
    } finally {
      doc.destroy();
    }
  }

  // ---- news ----

  /**
   * Inbox news and mail: an opened ballot and its result to every delegate and substitute (and
   * the result to coordinators), the reminder to those of partners that have not voted.
   */
  private async tell(row: BallotRow, kind: BallotNotice['kind'], actorName: string): Promise<void> {
    let partnerIds: string[] | undefined;
    if (kind === 'ballot-reminder') {
      const voted = new Set((await this.ballots.votes([row.id])).get(row.id)?.map((vote) => vote.partnerId) ?? []);
      partnerIds = row.eligiblePartnerIds.filter((id) => !voted.has(id));
      if (partnerIds.length === 0) return;
    }
    const recipients = await this.ballots.recipients(row.networkId, { partnerIds, coordinators: kind === 'ballot-result' });
    const told = await this.ballots.notify(recipients.map((recipient) => ({ memberId: recipient.id, kind, ballotId: row.id, actorName })));
    const result = kind === 'ballot-result' ? await this.ballots.result(row.id) : null;
    for (const recipient of recipients) {
      if (!told.has(recipient.id)) continue;
      const language: Language = languageFor(recipient.language, undefined);
      const params = {
        title: row.title,
        deadline: row.deadline.toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
        outcome: result ? translate(language, result.accepted ? 'server.ballots.mail.accepted' : 'server.ballots.mail.rejected') : '',
        link: LINK_PLACEHOLDER,
      };
      const keys = {
        'ballot-opened': ['server.ballots.mail.openedSubject', 'server.ballots.mail.openedBody'],
        'ballot-reminder': ['server.ballots.mail.reminderSubject', 'server.ballots.mail.reminderBody'],
        'ballot-result': ['server.ballots.mail.resultSubject', 'server.ballots.mail.resultBody'],
      } as const;
      try {
        await this.mail.send({
          networkId: row.networkId,
          recipient: recipient.email,
          subject: translate(language, keys[kind][0], params),
          body: translate(language, keys[kind][1], params),
          link: `${this.publicUrl}/#/ballots/${encodeURIComponent(row.id)}`,
          linkAudience: 'forwardable',
          language,
        });
      } catch (error) {
        // The inbox holds the news; a lost mail must not undo the ballot.
        this.logger.error({ recipient: recipient.id, ballotId: row.id, err: error }, 'Could not send a ballot mail');
      }
    }
  }
}

/** The texts a ballot freezes while it is open. */
function frozenDocumentsOf(row: Pick<BallotRow, 'proposal' | 'documentId' | 'amendmentDocumentId'>): string[] {
  const documents: string[] = [];
  if (row.proposal === 'adopt-recommendation' && row.documentId) documents.push(row.documentId);
  if (row.amendmentDocumentId) documents.push(row.amendmentDocumentId);
  return documents;
}

/** What every ballot has, whatever it is about. */
type BallotBase = Pick<NewBallot, 'networkId' | 'title' | 'rule' | 'eligiblePartnerIds' | 'openedBy' | 'deadline'>;

/** The exact text a ballot is on: the version made when it opened. */
function votedOn(version: Pick<VersionRow, 'number' | 'contentHash' | 'chainHash'>): Pick<NewBallot, 'votedVersion' | 'votedContentHash' | 'votedChainHash'> {
  return { votedVersion: version.number, votedContentHash: version.contentHash, votedChainHash: version.chainHash };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}
