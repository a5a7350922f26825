import { EXPORT_KINDS, type DraftExportFormat, type EditionView, type ExportFileView, type PublishingCapabilities } from '@accord/contracts';
import i18next from 'i18next';
import { ApiError } from './api-error';
import { getJson, sendJson } from './http-client';

const base = (recommendationId: string) => `/api/recommendations/${encodeURIComponent(recommendationId)}`;

export function fetchEditions(recommendationId: string, signal?: AbortSignal): Promise<EditionView[]> {
  return getJson(`${base(recommendationId)}/editions`, (body) => (Array.isArray(body) ? body.map(parseEdition) : []), signal);
}

export function fetchPublishingCapabilities(signal?: AbortSignal): Promise<PublishingCapabilities> {
  return getJson('/api/publishing/capabilities', (body) => ({ pdfAvailable: isRecord(body) && body.pdfAvailable === true, canPublish: isRecord(body) && body.canPublish === true }), signal);
}

/** Publishes edition 1 of an adopted recommendation from its current text. */
export function publishEdition(recommendationId: string): Promise<EditionView> {
  return sendJson('POST', `${base(recommendationId)}/editions`, {}, parseEdition);
}

/** Publishes the current text as a correction: the next edition, with its reason. */
export function publishErratum(recommendationId: string, reason: string): Promise<EditionView> {
  return sendJson('POST', `${base(recommendationId)}/editions/errata`, { reason }, parseEdition);
}

/** The current text as a file marked "draft, not adopted"; rendered by the server on request. */
export async function fetchDraftExport(recommendationId: string, format: DraftExportFormat, signal?: AbortSignal): Promise<{ blob: Blob; fileName: string }> {
  let response: Response;
  try {
    response = await fetch(`${base(recommendationId)}/draft-exports/${format}`, { headers: { 'Accept-Language': i18next.language }, credentials: 'same-origin', signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, i18next.t('app.unreachable'));
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw new ApiError(response.status, isRecord(body) && typeof body.message === 'string' ? body.message : i18next.t('app.requestFailed', { status: response.status }), isRecord(body) && typeof body.code === 'string' ? body.code : undefined);
  }
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `draft.${format}`;
  return { blob: await response.blob(), fileName };
}

function parseEdition(body: unknown): EditionView {
  if (
    !isRecord(body) ||
    typeof body.id !== 'string' ||
    typeof body.label !== 'string' ||
    typeof body.number !== 'string' ||
    typeof body.edition !== 'number' ||
    typeof body.title !== 'string' ||
    typeof body.contentHash !== 'string' ||
    typeof body.chainHash !== 'string' ||
    typeof body.publishedAt !== 'string' ||
    typeof body.publicUrl !== 'string' ||
    !isRecord(body.publisher) ||
    !Array.isArray(body.exports)
  ) {
    throw malformed('an edition');
  }
  return {
    id: body.id,
    label: body.label,
    series: typeof body.series === 'string' ? body.series : '',
    number: body.number,
    edition: body.edition,
    title: body.title,
    language: typeof body.language === 'string' ? body.language : 'en',
    languages: Array.isArray(body.languages) ? body.languages.filter((tag): tag is string => typeof tag === 'string') : [],
    versionNumber: typeof body.versionNumber === 'number' ? body.versionNumber : 0,
    contentHash: body.contentHash,
    chainHash: body.chainHash,
    ballot: isRecord(body.ballot) ? (body.ballot as EditionView['ballot']) : null,
    publishedAt: body.publishedAt,
    publisher: { name: String(body.publisher.name ?? ''), partner: String(body.publisher.partner ?? '') },
    erratumReason: typeof body.erratumReason === 'string' ? body.erratumReason : null,
    publicUrl: body.publicUrl,
    exports: body.exports.map(parseExport),
    pdfMissing: body.pdfMissing === true,
  };
}

function parseExport(body: unknown): ExportFileView {
  if (!isRecord(body) || !EXPORT_KINDS.includes(body.kind as never) || typeof body.fileName !== 'string' || typeof body.sha256 !== 'string' || typeof body.url !== 'string') throw malformed('an exported file');
  return {
    kind: body.kind as ExportFileView['kind'],
    fileName: body.fileName,
    mediaType: typeof body.mediaType === 'string' ? body.mediaType : '',
    sha256: body.sha256,
    size: typeof body.size === 'number' ? body.size : 0,
    renderMs: typeof body.renderMs === 'number' ? body.renderMs : 0,
    url: body.url,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(expected: string): ApiError {
  console.error(`The server sent something that is not ${expected}`);
  return new ApiError(502, i18next.t('app.unexpectedAnswer'));
}
