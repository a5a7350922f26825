import type { StructuralDiff } from '@accord/editor';
import type { VersionContributor, VersionPage, VersionSummary, VersionVerification } from '@accord/contracts';
import { getJson, sendJson } from './http-client';

/** The server's comparison of two versions (or a version and the current text). */
export interface VersionComparison {
  from: { number: number; contentHash: string };
  to: { number: number | null; contentHash: string };
  diff: StructuralDiff;
  authors: VersionContributor[];
  wordsAdded: number;
  wordsRemoved: number;
}

const base = (recommendationId: string): string => `/api/recommendations/${encodeURIComponent(recommendationId)}/versions`;

function objectWith<T>(body: unknown, fields: readonly string[], what: string): T {
  if (typeof body !== 'object' || body === null || !fields.every((field) => field in body)) throw new Error(`The server answered with something other than ${what}`);
  return body as T;
}

const parseSummary = (body: unknown): VersionSummary => objectWith(body, ['number', 'kind', 'createdAt', 'contributors', 'shortHash'], 'a version');

export function fetchVersions(recommendationId: string, before: number | null, signal?: AbortSignal): Promise<VersionPage> {
  const query = before === null ? '' : `?before=${before}`;
  return getJson(`${base(recommendationId)}${query}`, (body) => {
    const page = objectWith<VersionPage>(body, ['versions', 'total', 'nextBefore'], 'a page of versions');
    if (!Array.isArray(page.versions)) throw new Error('The server answered with something other than a page of versions');
    return { ...page, versions: page.versions.map(parseSummary) };
  }, signal);
}

/** Names the current state: a new version of kind "named". */
export function nameCurrentState(recommendationId: string, name: string): Promise<VersionSummary> {
  return sendJson('POST', base(recommendationId), { name }, parseSummary);
}

export function renameVersion(recommendationId: string, number: number, name: string): Promise<VersionSummary> {
  return sendJson('PATCH', `${base(recommendationId)}/${number}`, { name }, parseSummary);
}

export function restoreVersion(recommendationId: string, number: number): Promise<VersionSummary> {
  return sendJson('POST', `${base(recommendationId)}/${number}/restore`, undefined, parseSummary);
}

export function verifyVersion(recommendationId: string, number: number): Promise<VersionVerification> {
  return getJson(`${base(recommendationId)}/${number}/verify`, (body) => objectWith(body, ['intact', 'brokenAt'], 'a verification'));
}

export function compareVersions(recommendationId: string, from: number, to: number | 'current', signal?: AbortSignal): Promise<VersionComparison> {
  return getJson(`${base(recommendationId)}/${from}/compare/${to}`, (body) => {
    const comparison = objectWith<VersionComparison>(body, ['diff', 'authors'], 'a comparison');
    if (!Array.isArray(comparison.diff?.blocks) || !Array.isArray(comparison.authors)) throw new Error('The server answered with something other than a comparison');
    return comparison;
  }, signal);
}
