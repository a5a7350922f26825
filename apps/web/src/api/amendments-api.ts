import type { AmendmentDetail, AmendmentPreview, AmendmentSummary } from '@accord/contracts';
import { getJson, sendJson } from './http-client';

export interface NewAmendment {
  title: string;
  reason: string;
  /** The selected passage (the thread-anchor form); or `threadId` for a comment thread's passage. */
  anchor?: { start: string; end: string; quotedText: string };
  threadId?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The server's own shape (libs/contracts); checked at the edge for the fields the pages rely on. */
function parseSummary(body: unknown): AmendmentSummary {
  if (!isRecord(body) || typeof body.id !== 'string' || typeof body.title !== 'string' || typeof body.status !== 'string' || !isRecord(body.flags)) {
    throw new Error('The server answered with something other than an amendment');
  }
  return body as unknown as AmendmentSummary;
}

function parseDetail(body: unknown): AmendmentDetail {
  const summary = parseSummary(body);
  if (!isRecord((body as Record<string, unknown>).diff)) throw new Error('The server answered with an amendment without its diff');
  if (!isRecord((body as Record<string, unknown>).passageBounds)) throw new Error('The server answered with an amendment without its passage');
  return summary as AmendmentDetail;
}

export function fetchAmendments(recommendationId: string, signal?: AbortSignal): Promise<AmendmentSummary[]> {
  return getJson(`/api/recommendations/${encodeURIComponent(recommendationId)}/amendments`, (body) => {
    if (!Array.isArray(body)) throw new Error('The server answered with something other than a list of amendments');
    return body.map(parseSummary);
  }, signal);
}

export function proposeAmendment(recommendationId: string, amendment: NewAmendment): Promise<AmendmentDetail> {
  return sendJson('POST', `/api/recommendations/${encodeURIComponent(recommendationId)}/amendments`, amendment, parseDetail);
}

export function fetchAmendment(id: string, signal?: AbortSignal): Promise<AmendmentDetail> {
  return getJson(`/api/amendments/${encodeURIComponent(id)}`, parseDetail, signal);
}

export function fetchPreview(id: string, signal?: AbortSignal): Promise<AmendmentPreview> {
  return getJson(`/api/amendments/${encodeURIComponent(id)}/preview`, (body) => {
    if (!isRecord(body) || !isRecord(body.diff) || !isRecord(body.flags)) throw new Error('The server answered with something other than a preview');
    return body as unknown as AmendmentPreview;
  }, signal);
}

export function closeAmendment(id: string, action: 'withdraw' | 'decline', reason: string): Promise<AmendmentDetail> {
  return sendJson('POST', `/api/amendments/${encodeURIComponent(id)}/${action}`, { reason }, parseDetail);
}

/** An author invites a member of the network to edit the amendment with them; answers with the amendment, its authors included. */
export function inviteAuthor(id: string, memberId: string): Promise<AmendmentDetail> {
  return sendJson('POST', `/api/amendments/${encodeURIComponent(id)}/authors`, { memberId }, parseDetail);
}
