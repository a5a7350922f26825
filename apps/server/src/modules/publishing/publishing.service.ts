import { diffStructure, withPublicLinksOnly, yDocToProsemirrorJson, type JSONContent, type StructuralDiff } from '@accord/editor';
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { translate } from '../../common/i18n/translator';
import { actorOf, AuditService } from '../audit/audit.service';
import type { MemberContext, RequestOrigin } from '../auth/authenticated-member';
import { CollabService } from '../collab/collab.service';
import type { DocumentScope } from '../documents/document.policy';
import { RecommendationNotFoundException } from '../documents/documents.exception';
import { RecommendationRepository } from '../documents/recommendation.repository';
import { contentHashOf } from '../versions/version-hash';
import { VersionNotFoundException, VersionStateUnavailableException } from '../versions/versions.exception';
import { VersionsService } from '../versions/versions.service';
import { DecisionRecordSource, type BallotRecord } from './decision-record';
import type { ExportKind } from './edition-export.entity';
import { editionTitle, fileStem, numberLabel, numberSlug, parseNumberSlug } from './edition-number';
import type { DraftExportFormat } from './dto/publishing-requests.dto';
import type { EditionDto, ExportFileDto, HashVerificationDto, PublishingCapabilitiesDto } from './dto/publishing-responses.dto';
import { publishingPolicy } from './publishing.policy';
import { ErratumUnchangedException, PdfUnavailableException, PublishingNotAllowedException, RecommendationNotAdoptedException, RecommendationNotPublishedException } from './publishing.exception';
import { PublishingRepository, type EditionRow, type EditionSlot, type EditionWithContent, type ExportFile, type ExportRow, type NetworkRow, type NewExport, type PublishableVersion } from './publishing.repository';
import { decisionDossierOf, dossierHtml } from './render/decision-dossier';
import { labelLanguage, type EditionDocument } from './render/edition-document';
import { PdfPrinter } from './render/pdf-printer';
import { standaloneHtml } from './render/standalone-html';
import { markdownFileOf } from './render/markdown-export';
import { TaskLimiter } from '../../common/task-limiter';

export const MEDIA_TYPES: Record<ExportKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  markdown: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  'dossier-json': 'application/json',
  'dossier-pdf': 'application/pdf',
};
const EXTENSIONS: Record<ExportKind, string> = { pdf: '.pdf', docx: '.docx', markdown: '.md', html: '.html', 'dossier-json': '-dossier.json', 'dossier-pdf': '-dossier.pdf' };

/** A file rendered for a draft: never stored, marked "draft, not adopted". */
export interface RenderedFile {
  bytes: Buffer;
  mediaType: string;
  fileName: string;
}

/** One edition's public page: the network, every edition of its number, the one shown and its files. */
export interface PublicEdition {
  network: NetworkRow;
  editions: EditionRow[];
  shown: EditionWithContent;
  latest: boolean;
  exports: ExportRow[];
  pdfMissing: boolean;
}

export interface PublicChanges {
  network: NetworkRow;
  edition: EditionWithContent;
  previous: EditionWithContent;
  /** The shared structural diff (libs/editor), as the version history computes it. */
  diff: StructuralDiff;
}

const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Publishing: editions (numbered, immutable, rendered once with their hashes), errata, draft
 * exports, the public pages' data and the hash check. Renders happen inside the publishing
 * transaction, after the number is taken, so that every file carries its final number.
 */
@Injectable()
export class PublishingService {
  private readonly logger = new Logger(PublishingService.name);
  /**
   * Publications of this process, one after another: each holds a connection and the network's row
   * lock while its files render (seconds for a PDF), so parallel ones would only queue in PostgreSQL,
   * each holding a pooled connection, and could take the whole pool from editing.
   */
  private readonly publications = new TaskLimiter(1);

  constructor(
    private readonly publishing: PublishingRepository,
    private readonly recommendations: RecommendationRepository,
    private readonly versions: VersionsService,
    private readonly collab: CollabService,
    private readonly decisions: DecisionRecordSource,
    private readonly printer: PdfPrinter,
    private readonly audit: AuditService,
  ) {}

  async capabilities(member: MemberContext): Promise<PublishingCapabilitiesDto> {
    const publisher = await this.publishing.publisher(member.memberId);
    const canPublish = publisher !== null && publishingPolicy.canPublish(member, { networkId: member.networkId, workingGroupId: null }, publisher);
    return { pdfAvailable: this.printer.availability().available, canPublish };
  }

  /** Edition 1 of an adopted recommendation (which becomes published). */
  publishFirst(member: MemberContext, documentId: string, versionNumber: number | undefined, origin: RequestOrigin): Promise<EditionDto> {
    return this.publish(member, documentId, versionNumber, null, origin);
  }

  /** The next edition of a published recommendation, from a new version, with the reason. */
  publishErratum(member: MemberContext, documentId: string, versionNumber: number | undefined, reason: string, origin: RequestOrigin): Promise<EditionDto> {
    return this.publish(member, documentId, versionNumber, reason, origin);
  }

  private async publish(member: MemberContext, documentId: string, versionNumber: number | undefined, erratumReason: string | null, origin: RequestOrigin): Promise<EditionDto> {
    const scope = await this.readable(member, documentId);
    const publisher = await this.publishing.publisher(member.memberId);
    if (!publisher || !publishingPolicy.canPublish(member, scope, publisher)) throw new PublishingNotAllowedException();
    const recommendation = await this.publishing.recommendation(scope.networkId, documentId);
    if (!recommendation) throw new RecommendationNotFoundException(documentId);
    // Checked before a version is made for it; the transaction checks again under its lock.
    if (!erratumReason && recommendation.status !== 'adopted') throw new RecommendationNotAdoptedException();
    if (erratumReason && recommendation.status !== 'published') throw new RecommendationNotPublishedException();
    const ballot = await this.decisions.adoptingBallot(documentId);
    // Edition 1 is exactly the text the partners voted on, when the ballot recorded its version.
    const adopted = !erratumReason && versionNumber === undefined && ballot ? await this.decisions.adoptedVersion(ballot.id) : null;
    const version = await this.versionToPublish(member, documentId, versionNumber ?? adopted ?? undefined);
    const network = (await this.publishing.network(scope.networkId))!;
    const [ballots, amendments, chain] = await Promise.all([this.decisions.ballots(documentId), this.decisions.amendments(documentId), this.publishing.versionChain(documentId, version.number)]);

    const outcome = await this.publications.run(() => this.publishing.publish(scope.networkId, documentId, erratumReason !== null, async (slot) => {
      if (slot.previous && slot.previous.contentHash === version.contentHash) throw new ErratumUnchangedException();
      const content = withPublicLinksOnly(version.content as JSONContent);
      const number = { series: slot.series, year: slot.year, sequence: slot.sequence, edition: slot.editionNumber };
      const document: EditionDocument = {
        networkName: network.name,
        title: recommendation.title,
        numberLabel: `${slot.series} ${numberLabel(slot.year, slot.sequence)}`,
        editionNumber: slot.editionNumber,
        language: recommendation.language,
        languages: languagesOf(recommendation.language, content),
        date: slot.publishedAt.toISOString(),
        publisher: `${publisher.name}, ${publisher.partner}`,
        contentHash: version.contentHash,
        chainHash: version.chainHash,
        versionNumber: version.number,
        ballot,
        erratumReason,
        draft: false,
        content,
      };
      const stem = fileStem(number);
      const exports = await this.renderTexts(document, stem, editionTitle(number));
      const dossier = decisionDossierOf({
        document,
        networkSlug: network.slug,
        recommendationId: documentId,
        label: editionTitle(number),
        series: slot.series,
        number: numberLabel(slot.year, slot.sequence),
        editionNumber: slot.editionNumber,
        publisherName: publisher.name,
        publisherPartner: publisher.partner,
        versionNumber: version.number,
        adoptingBallot: ballot,
        ballots,
        amendments,
        versionChain: chain,
        exports: exports.map((file) => ({ kind: file.kind, fileName: file.fileName, sha256: file.sha256 })),
        earlierEditions: await this.earlierEditions(slot),
      });
      exports.push(await timed('dossier-json', `${stem}${EXTENSIONS['dossier-json']}`, async () => Buffer.from(`${JSON.stringify(dossier, null, 2)}\n`, 'utf8')));
      const dossierPdf = await timedOrNull('dossier-pdf', `${stem}${EXTENSIONS['dossier-pdf']}`, () => this.pdfOf(dossierHtml(dossier, document), document, editionTitle(number)));
      if (dossierPdf) exports.push(dossierPdf);
      return {
        title: recommendation.title,
        language: recommendation.language,
        languages: document.languages,
        versionId: version.id,
        versionNumber: version.number,
        content,
        contentHash: version.contentHash,
        chainHash: version.chainHash,
        ballotId: ballot?.id ?? null,
        ballot,
        publisherId: member.memberId,
        publisherName: publisher.name,
        publisherPartner: publisher.partner,
        erratumReason,
        exports,
      };
    }));
    if (!outcome.ok) {
      if (outcome.reason === 'not-adopted') throw new RecommendationNotAdoptedException();
      if (outcome.reason === 'not-published') throw new RecommendationNotPublishedException();
      throw new RecommendationNotFoundException(documentId);
    }
    const editions = await this.publishing.editionsOf(documentId);
    const edition = editions.find((row) => row.id === outcome.editionId)!;
    const files = await this.publishing.exportsOf([edition.id]);
    this.logger.log(
      { documentId, edition: editionTitle(numberOfRow(edition)), files: files.map((file) => ({ kind: file.kind, bytes: file.size, renderMs: file.renderMs })) },
      erratumReason ? 'Erratum published' : 'Edition published',
    );
    await this.audit.record({
      networkId: scope.networkId,
      actor: actorOf(member),
      action: erratumReason ? 'edition.corrected' : 'edition.published',
      subject: { type: 'recommendation', id: documentId },
      detail: { edition: editionTitle(numberOfRow(edition)), versionNumber: version.number, contentHash: version.contentHash, reason: erratumReason },
      remoteAddress: origin.remoteAddress,
    });
    return toEditionDto(edition, files, network.slug);
  }

  /** The chosen version, or the current text kept as a version (an event "publication") when none is chosen. */
  private async versionToPublish(member: MemberContext, documentId: string, versionNumber: number | undefined): Promise<PublishableVersion> {
    if (versionNumber !== undefined) {
      const version = await this.publishing.version(documentId, versionNumber);
      if (!version) throw new VersionNotFoundException(versionNumber);
      return version;
    }
    const made = await this.versions.snapshot(documentId, { kind: 'event', eventLabel: 'publication', createdBy: member.memberId, always: false });
    const latest = await this.publishing.version(documentId, made);
    if (latest) return latest;
    // No version yet and nobody edited: keep the seeded text as the first version.
    const first = await this.versions.snapshot(documentId, { kind: 'event', eventLabel: 'publication', createdBy: member.memberId, always: true });
    const version = first === null ? null : await this.publishing.version(documentId, first);
    if (!version) throw new VersionStateUnavailableException();
    return version;
  }

  private async earlierEditions(slot: EditionSlot) {
    if (!slot.previous) return [];
    const editions = (await this.publishing.editionsOf(slot.previous.recommendationId)).filter((row) => row.editionNumber < slot.editionNumber);
    const files = await this.publishing.exportsOf(editions.map((row) => row.id));
    return editions.map((row) => ({
      edition: row.editionNumber,
      publishedAt: row.publishedAt.toISOString(),
      contentHash: row.contentHash,
      chainHash: row.chainHash,
      erratumReason: row.erratumReason,
      exports: files.filter((file) => file.editionId === row.id).map((file) => ({ kind: file.kind, fileName: file.fileName, sha256: file.sha256 })),
    }));
  }

  /** HTML, Markdown, DOCX and PDF of one text (the PDF left out, and logged, without Chromium). */
  private async renderTexts(document: EditionDocument, stem: string, footerLabel: string): Promise<NewExport[]> {
    const files = [
      await timed('html', `${stem}${EXTENSIONS.html}`, async () => Buffer.from(standaloneHtml(document), 'utf8')),
      await timed('markdown', `${stem}${EXTENSIONS.markdown}`, async () => Buffer.from(markdownFileOf(document), 'utf8')),
      await timed('docx', `${stem}${EXTENSIONS.docx}`, () => renderDocx(document)),
    ];
    const pdf = await timedOrNull('pdf', `${stem}${EXTENSIONS.pdf}`, () => this.pdfOf(standaloneHtml(document), document, footerLabel));
    return pdf ? [files[0], pdf, ...files.slice(1)] : files;
  }

  private pdfOf(html: string, document: EditionDocument, footerLabel: string): Promise<Buffer | null> {
    const language = labelLanguage(document);
    return this.printer.print({ html, footerLabel, pageWord: translate(language, 'server.publishing.page'), ofWord: translate(language, 'server.publishing.pageOf') });
  }

  async listEditions(member: MemberContext, documentId: string): Promise<EditionDto[]> {
    const scope = await this.readable(member, documentId);
    const network = (await this.publishing.network(scope.networkId))!;
    const editions = await this.publishing.editionsOf(documentId);
    const files = await this.publishing.exportsOf(editions.map((row) => row.id));
    return editions.map((row) => toEditionDto(row, files.filter((file) => file.editionId === row.id), network.slug));
  }

  /** The current text as a file, marked "draft, not adopted"; rendered on request and not kept. */
  async draftExport(member: MemberContext, documentId: string, format: DraftExportFormat): Promise<RenderedFile> {
    const scope = await this.readable(member, documentId);
    if (!publishingPolicy.canExportDraft(member, scope)) throw new RecommendationNotFoundException(documentId);
    const recommendation = await this.publishing.recommendation(scope.networkId, documentId);
    const state = await this.collab.currentState(documentId);
    if (!recommendation || !state) throw new RecommendationNotFoundException(documentId);
    const network = (await this.publishing.network(scope.networkId))!;
    const raw = readContent(state);
    const content = withPublicLinksOnly(raw);
    const document: EditionDocument = {
      networkName: network.name,
      title: recommendation.title,
      numberLabel: null,
      editionNumber: null,
      language: recommendation.language,
      languages: languagesOf(recommendation.language, content),
      date: new Date().toISOString(),
      publisher: null,
      contentHash: contentHashOf(raw),
      chainHash: null,
      versionNumber: null,
      ballot: null,
      erratumReason: null,
      draft: true,
      content,
    };
    const stem = `${recommendation.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'recommendation'}-draft`;
    const kind: ExportKind = format;
    let bytes: Buffer | null;
    if (format === 'html') bytes = Buffer.from(standaloneHtml(document), 'utf8');
    else if (format === 'markdown') bytes = Buffer.from(markdownFileOf(document), 'utf8');
    else if (format === 'docx') bytes = await renderDocx(document);
    else bytes = await this.pdfOf(standaloneHtml(document), document, `${recommendation.title} (${translate(labelLanguage(document), 'server.publishing.draftMark')})`);
    if (!bytes) throw new PdfUnavailableException();
    return { bytes, mediaType: MEDIA_TYPES[kind], fileName: `${stem}${EXTENSIONS[kind]}` };
  }

  /** Which published files have this SHA-256 (anyone may ask: published files are public). */
  async verify(sha256: string): Promise<HashVerificationDto> {
    const hash = sha256.toLowerCase();
    const matches = await this.publishing.exportsWithHash(hash);
    return {
      sha256: hash,
      match: matches.length > 0,
      matches: matches.map(({ file, edition, networkSlug }) => ({
        label: editionTitle(numberOfRow(edition)),
        title: edition.title,
        kind: file.kind,
        fileName: file.fileName,
        publicUrl: editionPath(networkSlug, edition),
        fileUrl: filePath(networkSlug, edition, file.fileName),
        publishedAt: edition.publishedAt.toISOString(),
      })),
    };
  }

  async publicNetwork(slug: string): Promise<{ network: NetworkRow; editions: EditionRow[] } | null> {
    const network = await this.publishing.networkBySlug(slug);
    if (!network) return null;
    return { network, editions: await this.publishing.latestEditions(network.id) };
  }

  /** One edition (the latest when `editionNumber` is null) of a published number; null when there is none. */
  async publicEdition(slug: string, number: string, editionNumber: number | null): Promise<PublicEdition | null> {
    const found = await this.editionsAt(slug, number);
    if (!found) return null;
    const row = editionNumber === null ? found.editions[found.editions.length - 1] : found.editions.find((edition) => edition.editionNumber === editionNumber);
    if (!row) return null;
    const exports = await this.publishing.exportsOf([row.id]);
    const content = await this.publishing.editionContent(row.id);
    return {
      network: found.network,
      editions: found.editions,
      shown: { ...row, content },
      latest: row === found.editions[found.editions.length - 1],
      exports,
      pdfMissing: !exports.some((file) => file.kind === 'pdf'),
    };
  }

  /** An edition against the one before it, with the shared structural diff (no authors: public pages name none). */
  async publicChanges(slug: string, number: string, editionNumber: number): Promise<PublicChanges | null> {
    const found = await this.editionsAt(slug, number);
    const row = found?.editions.find((edition) => edition.editionNumber === editionNumber);
    const before = found?.editions.find((edition) => edition.editionNumber === editionNumber - 1);
    if (!found || !row || !before) return null;
    const [content, previousContent] = await Promise.all([this.publishing.editionContent(row.id), this.publishing.editionContent(before.id)]);
    const edition = { ...row, content };
    const previous = { ...before, content: previousContent };
    const diff = diffStructure(withPublicLinksOnly(previousContent as JSONContent), withPublicLinksOnly(content as JSONContent));
    return { network: found.network, edition, previous, diff };
  }

  async publicFile(slug: string, number: string, editionNumber: number, fileName: string): Promise<ExportFile | null> {
    const found = await this.editionsAt(slug, number);
    const row = found?.editions.find((edition) => edition.editionNumber === editionNumber);
    return row ? this.publishing.exportFile(row.id, fileName) : null;
  }

  private async editionsAt(slug: string, number: string): Promise<{ network: NetworkRow; editions: EditionRow[] } | null> {
    const parsed = parseNumberSlug(number);
    const network = parsed ? await this.publishing.networkBySlug(slug) : null;
    if (!parsed || !network) return null;
    const editions = await this.publishing.editionsByNumber(network.id, parsed.year, parsed.sequence);
    return editions.length ? { network, editions } : null;
  }

  /** Another network's recommendation is not found (404), as everywhere. */
  private async readable(member: MemberContext, documentId: string): Promise<DocumentScope> {
    const scope = await this.recommendations.findScope(documentId);
    if (!scope || scope.workingGroupId === null || scope.networkId !== member.networkId) throw new RecommendationNotFoundException(documentId);
    return scope;
  }
}

async function timed(kind: ExportKind, fileName: string, render: () => Promise<Buffer>): Promise<NewExport> {
  const started = performance.now();
  const bytes = await render();
  return { kind, fileName, mediaType: MEDIA_TYPES[kind], bytes, sha256: sha256Of(bytes), renderMs: Math.round(performance.now() - started) };
}

async function timedOrNull(kind: ExportKind, fileName: string, render: () => Promise<Buffer | null>): Promise<NewExport | null> {
  const started = performance.now();
  const bytes = await render();
  return bytes ? { kind, fileName, mediaType: MEDIA_TYPES[kind], bytes, sha256: sha256Of(bytes), renderMs: Math.round(performance.now() - started) } : null;
}

/** The text's language first, then every passage language marked inside it. */
export function languagesOf(language: string, content: JSONContent): string[] {
  const found = new Set<string>([language]);
  const visit = (node: JSONContent) => {
    if (typeof node.attrs?.lang === 'string') found.add(node.attrs.lang);
    node.content?.forEach(visit);
  };
  visit(content);
  return [...found];
}

function readContent(state: Uint8Array): JSONContent {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return yDocToProsemirrorJson(doc);
  } catch {
    throw new VersionStateUnavailableException();
  } finally {
    doc.destroy();
  }
}

export function numberOfRow(row: Pick<EditionRow, 'series' | 'year' | 'sequence' | 'editionNumber'>) {
  return { series: row.series, year: row.year, sequence: row.sequence, edition: row.editionNumber };
}

export function numberPath(slug: string, row: Pick<EditionRow, 'year' | 'sequence'>): string {
  return `/p/${encodeURIComponent(slug)}/${numberSlug(row.year, row.sequence)}`;
}

export function editionPath(slug: string, row: Pick<EditionRow, 'year' | 'sequence' | 'editionNumber'>): string {
  return `${numberPath(slug, row)}/editions/${row.editionNumber}`;
}

export function filePath(slug: string, row: Pick<EditionRow, 'year' | 'sequence' | 'editionNumber'>, fileName: string): string {
  return `${editionPath(slug, row)}/files/${encodeURIComponent(fileName)}`;
}

export function ballotSummary(ballot: unknown): EditionDto['ballot'] {
  if (!ballot || typeof ballot !== 'object') return null;
  const record = ballot as BallotRecord;
  return { id: record.id, result: record.result, resultHash: record.resultHash, tallies: record.tallies, partners: record.votes.map((vote) => vote.partnerName) };
}

function toEditionDto(row: EditionRow, files: readonly ExportRow[], slug: string): EditionDto {
  const exports: ExportFileDto[] = files.map((file) => ({ kind: file.kind, fileName: file.fileName, mediaType: file.mediaType, sha256: file.sha256, size: file.size, renderMs: file.renderMs, url: filePath(slug, row, file.fileName) }));
  return {
    id: row.id,
    label: editionTitle(numberOfRow(row)),
    series: row.series,
    number: numberLabel(row.year, row.sequence),
    edition: row.editionNumber,
    title: row.title,
    language: row.language,
    languages: row.languages,
    versionNumber: row.versionNumber,
    contentHash: row.contentHash,
    chainHash: row.chainHash,
    ballot: ballotSummary(row.ballot),
    publishedAt: row.publishedAt.toISOString(),
    publisher: { name: row.publisherName, partner: row.publisherPartner },
    erratumReason: row.erratumReason,
    publicUrl: editionPath(slug, row),
    exports,
    pdfMissing: !files.some((file) => file.kind === 'pdf'),
  };
}

/** The DOCX writer, loaded when a DOCX is first made: the docx library is large and most processes never need it. */
async function renderDocx(document: EditionDocument): Promise<Buffer> {
  const { docxOf } = await import('./render/docx-export.js');
  return docxOf(document);
}
