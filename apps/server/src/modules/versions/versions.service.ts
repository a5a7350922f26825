import { countWordChanges, documentText, rewriteBlocksTo, type JSONContent } from '@accord/editor';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import * as Y from 'yjs';
import type { AppConfig } from '../../config/app-config';
import { actorOf, AuditService } from '../audit/audit.service';
import type { AuthenticatedMember, MemberContext, RequestOrigin } from '../auth/authenticated-member';
import { CollabService } from '../collab/collab.service';
import type { ClockRange, TextChange } from '../collab/text-change';
import { WorkerThread } from '../../common/worker-thread';
import { settleInBackground } from '../collab/connection-guard';
import { TaskLimiter } from '../../common/task-limiter';
import { documentPolicy, type DocumentScope } from '../documents/document.policy';
import { RecommendationNotFoundException } from '../documents/documents.exception';
import { RecommendationRepository } from '../documents/recommendation.repository';
import type { VersionKind } from './document-version.entity';
import type { ContributorDto, VersionComparisonDto, VersionDetailDto, VersionPageDto, VersionSummaryDto, VersionVerificationDto } from './dto/version-responses.dto';
import { clientsOf, compareStates, readState, type AuthoredRange, type ComparisonJob, type ComparisonResult } from './version-comparison';
import { chainHashOf, contentHashOf, verifyChain } from './version-hash';
import { VersionEditingNotAllowedException, VersionNotFoundException, VersionStateUnavailableException } from './versions.exception';
import { VersionsRepository, type DocumentRange, type VersionRow, type VersionSummaryRow } from './versions.repository';

const PAGE_SIZE = 50;
const SHORT_HASH_DIGITS = 12;
/** Diffs kept in memory, by the pair of content hashes (a timeline's neighbours are compared again and again). */
const DIFF_CACHE_ENTRIES = 64;
/** Above this many bytes of the two states together, a diff runs in a worker thread (the event loop stays free). */
export const DIFF_INLINE_MAX_BYTES = 64 * 1024;
/**
 * Authorship ranges are written this often, every open document's in one insert (a keystroke is
 * an update; holding them turns thousands of updates into one statement).
 */
const RANGE_FLUSH_MS = 1_000;
/** Automatic versions made at the same time, at most (each holds a pooled connection while it runs). */
const AUTOMATIC_VERSION_CONCURRENCY = 2;

/** A working session of one document: since when it is edited, and by whom (deleters included). */
interface EditingSession {
  startedAt: number;
  editors: Set<string>;
}

interface SnapshotRequest {
  kind: VersionKind;
  createdBy: string | null;
  name?: string | null;
  eventLabel?: string | null;
  restoredFrom?: number | null;
  /** For kind "amendment-adopted". */
  amendmentId?: string | null;
  ballotId?: string | null;
  /** Make a version even when the text equals the latest version's (named and restore versions). */
  always: boolean;
}

/** Authorship ranges not yet written, per document. */
interface PendingRanges {
  insert: AuthoredRange[];
  delete: AuthoredRange[];
}

/**
 * Version history of a recommendation's text. Automatic versions are made when a working session
 * ends (the last connection leaves) or has run VERSION_AUTO_INTERVAL_MINUTES, and only when the
 * text changed; editors name the current state and restore versions. Each version stores the full
 * Yjs state and its TipTap JSON, hashed and chained (see version-hash.ts).
 */
@Injectable()
export class VersionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(VersionsService.name);
  private readonly autoIntervalMs: number;
  private readonly sessions = new Map<string, EditingSession>();
  /** Client ids already recorded per open document: their authorship is written once. */
  private readonly recordedClients = new Map<string, Set<number>>();
  private readonly diffCache = new Map<string, VersionComparisonDto>();
  private readonly pendingRanges = new Map<string, PendingRanges>();
  /**
   * Automatic versions wait their turn: when many sessions end at once (a shutdown, a network
   * drop), one version per document at the same time took every pooled connection and the rest
   * failed on the pool's connection timeout (seen when the benchmark's 50 documents went idle together).
   */
  private readonly automaticVersions = new TaskLimiter(AUTOMATIC_VERSION_CONCURRENCY);
  /** The one timer that flushes every document's held ranges; set while any are held. */
  private rangeFlushTimer: NodeJS.Timeout | null = null;
  private readonly diffThread = new WorkerThread<ComparisonJob, ComparisonResult>(join(__dirname, 'diff.worker.js'), 'diff');

  constructor(
    private readonly versions: VersionsRepository,
    private readonly recommendations: RecommendationRepository,
    private readonly collab: CollabService,
    private readonly audit: AuditService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.autoIntervalMs = config.get('VERSION_AUTO_INTERVAL_MINUTES', { infer: true }) * 60_000;
  }

  onModuleInit(): void {
    this.collab.observe({
      edited: (documentId, memberId, change) => this.onEdited(documentId, memberId, change),
      becameIdle: (documentId) => this.onIdle(documentId),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.flushAllRanges().catch((error: unknown) => this.logger.error({ err: error }, 'Could not write the authorship ranges at shutdown'));
    await this.diffThread.destroy();
  }

  private onEdited(documentId: string, memberId: string, change: TextChange): void {
    this.holdRanges(documentId, memberId, change);
    const clients = [...new Set(change.inserted.map((range) => range.client))];
    const now = Date.now();
    let session = this.sessions.get(documentId);
    if (!session) this.sessions.set(documentId, (session = { startedAt: now, editors: new Set() }));
    session.editors.add(memberId);

    let recorded = this.recordedClients.get(documentId);
    if (!recorded) this.recordedClients.set(documentId, (recorded = new Set()));
    const fresh = clients.filter((client) => !recorded.has(client));
    if (fresh.length > 0) {
      for (const client of fresh) recorded.add(client);
      settleInBackground(this.logger, 'authorship record', { documentId }, () =>
        this.versions.recordAuthorship(documentId, memberId, fresh).catch((error: unknown) => {
          // Not recorded: try again with the next edit under these ids.
          for (const client of fresh) recorded.delete(client);
          throw error;
        }),
      );
    }

    if (this.autoIntervalMs > 0 && now - session.startedAt >= this.autoIntervalMs) {
      this.sessions.set(documentId, { startedAt: now, editors: new Set() });
      const editors = session.editors;
      settleInBackground(this.logger, 'automatic version', { documentId }, () => this.automaticVersions.run(() => this.snapshot(documentId, { kind: 'automatic', createdBy: null, always: false }, editors)));
    }
  }

  /**
   * Keeps what a member's connection inserted and deleted, as clock ranges, until the next
   * flush; a range that continues the previous one of the same client and member extends it.
   */
  private holdRanges(documentId: string, memberId: string, change: TextChange): void {
    let pending = this.pendingRanges.get(documentId);
    if (!pending) this.pendingRanges.set(documentId, (pending = { insert: [], delete: [] }));
    const hold = (list: AuthoredRange[], ranges: readonly ClockRange[]) => {
      for (const range of ranges) {
        const last = list[list.length - 1];
        if (last && last.client === range.client && last.memberId === memberId && last.end === range.clock) last.end += range.length;
        else list.push({ client: range.client, start: range.clock, end: range.clock + range.length, memberId });
      }
    };
    hold(pending.insert, change.inserted);
    hold(pending.delete, change.deleted);
    if (!this.rangeFlushTimer) {
      this.rangeFlushTimer = setTimeout(() => settleInBackground(this.logger, 'authorship ranges', {}, () => this.flushAllRanges()), RANGE_FLUSH_MS);
      this.rangeFlushTimer.unref();
    }
  }

  /** Writes the held authorship ranges of a document (before a diff reads them, and when it goes idle). */
  private async flushRanges(documentId: string): Promise<void> {
    const pending = this.pendingRanges.get(documentId);
    if (!pending) return;
    this.pendingRanges.delete(documentId);
    await this.versions.recordRangeBatch(rangesToWrite(documentId, pending));
  }

  /** Writes every document's held ranges in one statement. */
  private async flushAllRanges(): Promise<void> {
    if (this.rangeFlushTimer) clearTimeout(this.rangeFlushTimer);
    this.rangeFlushTimer = null;
    const held = [...this.pendingRanges];
    this.pendingRanges.clear();
    await this.versions.recordRangeBatch(held.flatMap(([documentId, pending]) => rangesToWrite(documentId, pending)));
  }

  /** Returns the work it starts, so that a shutdown can wait for the session's version. */
  private onIdle(documentId: string): Promise<unknown> {
    const ranges = settleInBackground(this.logger, 'authorship ranges', { documentId }, () => this.flushRanges(documentId));
    const session = this.sessions.get(documentId);
    this.sessions.delete(documentId);
    this.recordedClients.delete(documentId);
    // Nobody edited since the last version: nothing to keep (a reader came and went).
    if (!session) return ranges;
    const version = settleInBackground(this.logger, 'automatic version', { documentId }, () =>
      this.automaticVersions.run(() => this.snapshot(documentId, { kind: 'automatic', createdBy: null, always: false }, session.editors)),
    );
    return Promise.all([ranges, version]);
  }

  /**
   * Stores the document's current state as a version after the latest one. Returns its number, or
   * null when nothing was stored (an automatic version of an unchanged text, or no such document).
   */
  async snapshot(documentId: string, request: SnapshotRequest, sessionEditors: ReadonlySet<string> = new Set()): Promise<number | null> {
    const state = await this.collab.currentState(documentId);
    if (!state) return null;
    const content = readText(state);
    const contentHash = contentHashOf(content);
    return this.versions.append(documentId, async (previous) => {
      if (!request.always && previous?.contentHash === contentHash) return null;
      const words = countWordChanges(previous ? documentText(previous.content as JSONContent) : '', documentText(content));
      // The first version: only after someone edited (a document opened and left as seeded has no history yet).
      if (!request.always && !previous && sessionEditors.size === 0) return null;
      const contributors = new Set(sessionEditors);
      for (const memberId of (await this.versions.authorsOf(documentId, clientsAdvanced(previous?.state ?? null, state))).values()) contributors.add(memberId);
      return {
        kind: request.kind,
        eventLabel: request.eventLabel ?? null,
        name: request.name ?? null,
        createdBy: request.createdBy,
        state,
        content,
        contentHash,
        chainHash: chainHashOf(previous?.chainHash ?? null, contentHash),
        wordsAdded: words.added,
        wordsRemoved: words.removed,
        contributorIds: [...contributors].sort(),
        restoredFrom: request.restoredFrom ?? null,
        amendmentId: request.amendmentId ?? null,
        ballotId: request.ballotId ?? null,
      };
    });
  }

  /** A stored version's Yjs state and content hash (for a fork made from it), or null. */
  async stored(documentId: string, number: number): Promise<{ state: Uint8Array; contentHash: string; chainHash: string } | null> {
    const version = await this.versions.find(documentId, number);
    return version ? { state: version.state, contentHash: version.contentHash, chainHash: version.chainHash } : null;
  }

  async list(member: MemberContext, documentId: string, before: number | null, limit = PAGE_SIZE): Promise<VersionPageDto> {
    await this.readable(member, documentId);
    const page = await this.versions.list(documentId, limit, before);
    const people = await this.people(page.versions);
    const last = page.versions[page.versions.length - 1];
    return {
      versions: page.versions.map((version) => toSummary(version, people)),
      total: page.total,
      nextBefore: page.versions.length === limit && last && last.number > 1 ? last.number : null,
    };
  }

  async get(member: MemberContext, documentId: string, number: number): Promise<VersionDetailDto> {
    await this.readable(member, documentId);
    const version = await this.found(documentId, number);
    const people = await this.people([version]);
    return { ...toSummary(version, people), content: version.content as Record<string, unknown> };
  }

  /** Names the current state: a new version of kind "named" (even when the text equals the latest version's). */
  async name(member: AuthenticatedMember, documentId: string, name: string): Promise<VersionSummaryDto> {
    await this.editable(member, await this.readable(member, documentId));
    const number = await this.snapshot(documentId, { kind: 'named', createdBy: member.memberId, name, always: true });
    if (number === null) throw new RecommendationNotFoundException(documentId);
    return this.summary(documentId, number);
  }

  async rename(member: AuthenticatedMember, documentId: string, number: number, name: string): Promise<VersionSummaryDto> {
    await this.editable(member, await this.readable(member, documentId));
    if (!(await this.versions.rename(documentId, number, name))) throw new VersionNotFoundException(number);
    return this.summary(documentId, number);
  }

  async verify(member: MemberContext, documentId: string, number: number): Promise<VersionVerificationDto> {
    await this.readable(member, documentId);
    const chain = await this.versions.chain(documentId, number);
    const target = chain[chain.length - 1];
    if (!target || target.number !== number) throw new VersionNotFoundException(number);
    const result = verifyChain(
      chain.map((link) => ({
        number: link.number,
        content: link.content,
        stateContent: readStateContent(link.state),
        contentHash: link.contentHash,
        previousHash: link.previousHash,
        chainHash: link.chainHash,
      })),
    );
    return { number, intact: result.intact, brokenAt: result.brokenAt, reason: result.reason, chainHash: target.chainHash, recomputedChainHash: result.recomputedChainHash ?? '' };
  }

  /**
   * A structural diff of two versions, or of a version and the current text (see structural-diff.ts),
   * with the members who typed the inserted text where the server recorded their connection's
   * client id. Computed on copies made from the stored states,
   * never on the live document.
   */
  async compare(member: MemberContext, documentId: string, fromNumber: number, to: number | 'current'): Promise<VersionComparisonDto> {
    await this.readable(member, documentId);
    const from = await this.found(documentId, fromNumber);
    let toState: Uint8Array;
    let toKey: string;
    if (to === 'current') {
      const current = await this.collab.currentState(documentId);
      if (!current) throw new VersionStateUnavailableException();
      toState = current;
      // The live text has no content hash yet: its state's digest keys the cache as well.
      toKey = createHash('sha256').update(current).digest('hex');
    } else {
      const later = await this.found(documentId, to);
      toState = later.state;
      toKey = later.contentHash;
    }
    const cacheKey = `${documentId}:${from.contentHash}:${toKey}:${to}`;
    const cached = this.diffCache.get(cacheKey);
    if (cached) return cached;

    await this.flushRanges(documentId);
    const afterClients = clientsOf(toState);
    const job: ComparisonJob = {
      before: from.state,
      after: toState,
      inserted: await this.versions.rangesOf(documentId, 'insert', afterClients),
      deleted: await this.versions.rangesOf(documentId, 'delete', clientsOf(from.state)),
      clientAuthors: [...(await this.versions.authorsOf(documentId, afterClients))],
    };
    const result = await this.runComparison(job);
    const words = countWordChanges(documentText(result.before), documentText(result.after));
    const people = await this.versions.contributors(result.diff.authors);
    const comparison: VersionComparisonDto = {
      from: { number: from.number, contentHash: from.contentHash, content: result.before as Record<string, unknown> },
      to: { number: to === 'current' ? null : to, contentHash: result.afterHash, content: result.after as Record<string, unknown> },
      diff: result.diff,
      authors: [...people.values()].map(toContributor),
      wordsAdded: words.added,
      wordsRemoved: words.removed,
    };
    this.diffCache.set(cacheKey, comparison);
    if (this.diffCache.size > DIFF_CACHE_ENTRIES) this.diffCache.delete(this.diffCache.keys().next().value as string);
    return comparison;
  }

  /** Small diffs inline; large ones in the worker thread, so that other requests and edits go on meanwhile. */
  private async runComparison(job: ComparisonJob): Promise<ComparisonResult> {
    try {
      if (job.before.byteLength + job.after.byteLength > DIFF_INLINE_MAX_BYTES && this.diffThread.available) return await this.diffThread.run(job);
      return compareStates(job);
    } catch (error) {
      this.logger.warn({ err: error }, 'A comparison failed');
      throw new VersionStateUnavailableException();
    }
  }

  /**
   * Restores a version as a new change on top of the current text: the current state is kept as
   * a version first (when it differs from the latest), then the blocks that differ from the
   * version's are rewritten in the live document (blocks equal in both stay untouched, with their
   * comment anchors), which reaches every open editor; the result is stored as a version of kind
   * "restore" and audited.
   */
  async restore(member: AuthenticatedMember, documentId: string, number: number, origin: RequestOrigin): Promise<VersionSummaryDto> {
    const scope = await this.readable(member, documentId);
    const target = await this.found(documentId, number);
    await this.editable(member, scope);
    await this.snapshot(documentId, { kind: 'automatic', createdBy: null, always: false });
    const targetDoc = new Y.Doc();
    let changed = { deleted: 0, inserted: 0 };
    let applied: { clientId: number; change: TextChange } | null;
    try {
      Y.applyUpdate(targetDoc, target.state);
      applied = await this.collab.applyServerChange(documentId, (doc) => {
        changed = rewriteBlocksTo(doc, targetDoc);
      });
    } finally {
      targetDoc.destroy();
    }
    if (applied === null) throw new RecommendationNotFoundException(documentId);
    if (changed.inserted > 0) await this.versions.recordAuthorship(documentId, member.memberId, [applied.clientId]);
    // What the restore deleted and inserted is the restoring member's doing.
    this.holdRanges(documentId, member.memberId, applied.change);
    await this.flushRanges(documentId);
    const restored = await this.snapshot(documentId, { kind: 'restore', createdBy: member.memberId, restoredFrom: number, always: true }, new Set([member.memberId]));
    if (restored === null) throw new RecommendationNotFoundException(documentId);
    await this.audit.record({
      networkId: scope.networkId,
      actor: actorOf(member),
      action: 'version.restored',
      subject: { type: 'recommendation', id: documentId },
      detail: { restoredFrom: number, version: restored, blocksDeleted: changed.deleted, blocksInserted: changed.inserted },
      remoteAddress: origin.remoteAddress,
    });
    return this.summary(documentId, restored);
  }

  private async summary(documentId: string, number: number): Promise<VersionSummaryDto> {
    const version = await this.found(documentId, number);
    return toSummary(version, await this.people([version]));
  }

  private async found(documentId: string, number: number): Promise<VersionRow> {
    const version = await this.versions.find(documentId, number);
    if (!version) throw new VersionNotFoundException(number);
    return version;
  }

  private async people(versions: readonly VersionSummaryRow[]): Promise<Map<string, ContributorDto>> {
    const ids = new Set<string>();
    for (const version of versions) {
      for (const id of version.contributorIds) ids.add(id);
      if (version.createdBy) ids.add(version.createdBy);
    }
    const rows = await this.versions.contributors([...ids]);
    return new Map([...rows].map(([id, row]) => [id, toContributor(row)]));
  }

  /** Another network's recommendation is not found (404), as everywhere. */
  private async readable(member: MemberContext, documentId: string): Promise<DocumentScope> {
    const scope = await this.recommendations.findScope(documentId);
    if (!scope || !documentPolicy.canRead(member, scope)) throw new RecommendationNotFoundException(documentId);
    return scope;
  }

  private async editable(member: MemberContext, scope: DocumentScope): Promise<void> {
    if (!documentPolicy.canEdit(member, scope)) throw new VersionEditingNotAllowedException();
  }
}

function toContributor(row: ContributorDto): ContributorDto {
  return { memberId: row.memberId, displayName: row.displayName, partnerId: row.partnerId, partnerName: row.partnerName };
}

function toSummary(version: VersionSummaryRow, people: ReadonlyMap<string, ContributorDto>): VersionSummaryDto {
  return {
    number: version.number,
    kind: version.kind,
    eventLabel: version.eventLabel,
    name: version.name,
    createdAt: version.createdAt.toISOString(),
    createdBy: version.createdBy ? (people.get(version.createdBy) ?? null) : null,
    contributors: version.contributorIds.flatMap((id) => people.get(id) ?? []),
    wordsAdded: version.wordsAdded,
    wordsRemoved: version.wordsRemoved,
    contentHash: version.contentHash,
    chainHash: version.chainHash,
    shortHash: version.chainHash.slice(0, SHORT_HASH_DIGITS),
    restoredFrom: version.restoredFrom,
    amendmentId: version.amendmentId ?? null,
    ballotId: version.ballotId ?? null,
  };
}

/** The TipTap JSON of a stored state, read on a Y.Doc of its own (never the live one). */
function readText(state: Uint8Array): JSONContent {
  try {
    return readState(state, false).content;
  } catch {
    throw new VersionStateUnavailableException();
  }
}

/** The TipTap JSON of a stored state, or a marker that can never hash like content when it does not decode. */
function readStateContent(state: Uint8Array): unknown {
  try {
    return readText(state);
  } catch {
    return { unreadable: true };
  }
}

/** Client ids whose clock moved between two states: whoever added content since the earlier one. */
function clientsAdvanced(earlier: Uint8Array | null, later: Uint8Array): number[] {
  const before = earlier ? Y.decodeStateVector(Y.encodeStateVectorFromUpdate(earlier)) : new Map<number, number>();
  const after = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(later));
  return [...after].filter(([client, clock]) => clock > (before.get(client) ?? 0)).map(([client]) => client);
}

function rangesToWrite(documentId: string, pending: PendingRanges): DocumentRange[] {
  return [
    ...pending.insert.map((range) => ({ ...range, documentId, action: 'insert' as const })),
    ...pending.delete.map((range) => ({ ...range, documentId, action: 'delete' as const })),
  ];
}
