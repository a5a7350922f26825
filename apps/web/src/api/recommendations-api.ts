import i18next from 'i18next';
import {
  READ_ONLY_REASONS,
  type DocumentAccess,
  RECOMMENDATION_LEVELS,
  RECOMMENDATION_STATUSES,
  THEMES,
  type ManualRecommendationStatus,
  type RecommendationDetail,
  type RecommendationLevel,
  type RecommendationSummary,
  type Theme,
  type WorkingGroupSummary,
} from '@accord/contracts';
import { ApiError } from './api-error';
import { getJson, sendJson } from './http-client';

export function fetchRecommendations(signal?: AbortSignal): Promise<RecommendationSummary[]> {
  return getJson('/api/recommendations', parseRecommendationList, signal);
}

export function fetchWorkingGroups(signal?: AbortSignal): Promise<WorkingGroupSummary[]> {
  return getJson('/api/network/working-groups', (body) => (Array.isArray(body) ? body.map(parseWorkingGroup) : []), signal);
}

export function fetchRecommendation(id: string, signal?: AbortSignal): Promise<RecommendationDetail> {
  return getJson(`/api/recommendations/${encodeURIComponent(id)}`, parseRecommendationDetail, signal);
}

export interface NewRecommendation {
  title: string;
  theme: Theme;
  level: RecommendationLevel;
  workingGroupId: string;
  /** BCP 47 tag of the text's language; the server takes English when it is left out. */
  language?: string;
}

export function createRecommendation(recommendation: NewRecommendation): Promise<RecommendationDetail> {
  return sendJson('POST', '/api/recommendations', recommendation, parseRecommendationDetail);
}

export function changeRecommendationStatus(id: string, status: ManualRecommendationStatus): Promise<RecommendationDetail> {
  return sendJson('PATCH', `/api/recommendations/${encodeURIComponent(id)}/status`, { status }, parseRecommendationDetail);
}

function parseRecommendationList(body: unknown): RecommendationSummary[] {
  if (!Array.isArray(body)) throw malformed('a list of recommendations');
  return body.map(parseRecommendationSummary);
}

function parseRecommendationDetail(body: unknown): RecommendationDetail {
  const summary = parseRecommendationSummary(body);
  return { ...summary, content: isRecord(body) ? body.content : null };
}

function parseRecommendationSummary(body: unknown): RecommendationSummary {
  if (
    !isRecord(body) ||
    typeof body.id !== 'string' ||
    typeof body.title !== 'string' ||
    !isOneOf(THEMES, body.theme) ||
    !isOneOf(RECOMMENDATION_LEVELS, body.level) ||
    !isOneOf(RECOMMENDATION_STATUSES, body.status) ||
    !(body.lastEditedAt === null || typeof body.lastEditedAt === 'string') ||
    typeof body.createdAt !== 'string'
  ) {
    throw malformed('a recommendation');
  }
  return {
    id: body.id,
    title: body.title,
    theme: body.theme,
    level: body.level,
    status: body.status,
    // Older servers send none: their texts were all English.
    language: typeof body.language === 'string' && body.language ? body.language : 'en',
    workingGroup: parseWorkingGroup(body.workingGroup),
    lastEditedAt: body.lastEditedAt,
    createdAt: body.createdAt,
    access: parseAccess(body.access),
    // A count the app cannot read shows as none rather than failing the whole list.
    openThreadCount: typeof body.openThreadCount === 'number' && Number.isInteger(body.openThreadCount) && body.openThreadCount >= 0 ? body.openThreadCount : 0,
  };
}

function parseAccess(body: unknown): DocumentAccess {
  if (!isRecord(body)) return { canEdit: false, canComment: false, readOnlyReason: 'not-editor' };
  return {
    canEdit: body.canEdit === true,
    canComment: body.canComment === true,
    readOnlyReason: isOneOf(READ_ONLY_REASONS, body.readOnlyReason) ? body.readOnlyReason : null,
  };
}

function parseWorkingGroup(body: unknown): WorkingGroupSummary {
  if (!isRecord(body) || typeof body.id !== 'string' || typeof body.name !== 'string') {
    throw malformed('a working group');
  }
  return { id: body.id, name: body.name, kind: body.kind === 'thematic' ? 'thematic' : 'local' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

/** An answer the app cannot read (a server of another version): `expected` is for the console, people get a sentence. */
function malformed(expected: string): ApiError {
  console.error(`The server sent something that is not ${expected}`);
  return new ApiError(502, i18next.t('app.unexpectedAnswer'));
}
