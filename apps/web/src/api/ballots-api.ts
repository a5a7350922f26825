import {
  type AbstentionRule,
  BALLOT_PROPOSALS,
  BALLOT_STATUSES,
  type BallotChoice,
  type BallotProposal,
  type BallotSummaryView,
  type BallotVerificationView,
  type BallotView,
  type MajorityRule,
  type ParticipationView,
} from '@accord/contracts';
import i18next from 'i18next';
import { ApiError } from './api-error';
import { getJson, sendJson } from './http-client';

export interface NewBallot {
  proposal: BallotProposal;
  title: string;
  recommendationId?: string;
  motionText?: string;
  quorumPercent: number;
  majority: MajorityRule;
  abstentions: AbstentionRule;
  deadline: string;
}

export function fetchBallots(signal?: AbortSignal): Promise<BallotSummaryView[]> {
  return getJson('/api/ballots', (body) => (Array.isArray(body) ? body.map(parseSummary) : malformed()), signal);
}

export function fetchBallot(id: string, signal?: AbortSignal): Promise<BallotView> {
  return getJson(`/api/ballots/${encodeURIComponent(id)}`, parseBallot, signal);
}

export function openBallot(ballot: NewBallot): Promise<BallotView> {
  return sendJson('POST', '/api/ballots', ballot, parseBallot);
}

export function castVote(id: string, choice: BallotChoice): Promise<BallotView> {
  return sendJson('PUT', `/api/ballots/${encodeURIComponent(id)}/vote`, { choice }, parseBallot);
}

export function closeBallot(id: string, outcomeStatement?: string): Promise<BallotView> {
  return sendJson('POST', `/api/ballots/${encodeURIComponent(id)}/close`, outcomeStatement ? { outcomeStatement } : {}, parseBallot);
}

export function extendBallot(id: string, deadline: string, reason: string): Promise<BallotView> {
  return sendJson('POST', `/api/ballots/${encodeURIComponent(id)}/extend`, { deadline, reason }, parseBallot);
}

export function writeOutcome(id: string, statement: string): Promise<BallotView> {
  return sendJson('PUT', `/api/ballots/${encodeURIComponent(id)}/outcome`, { statement }, parseBallot);
}

export function verifyBallot(id: string): Promise<BallotVerificationView> {
  return getJson(`/api/ballots/${encodeURIComponent(id)}/verify`, (body) => (isRecord(body) && typeof body.intact === 'boolean' ? (body as unknown as BallotVerificationView) : malformed()));
}

export function fetchParticipation(signal?: AbortSignal): Promise<ParticipationView[]> {
  return getJson('/api/ballots/participation', (body) => (Array.isArray(body) && body.every((row) => isRecord(row) && typeof row.partnerName === 'string') ? (body as ParticipationView[]) : malformed()), signal);
}

/** The fields the pages rely on are checked; the rest is the server's contract (libs/contracts). */
function parseSummary(body: unknown): BallotSummaryView {
  if (
    !isRecord(body) ||
    typeof body.id !== 'string' ||
    typeof body.title !== 'string' ||
    !(BALLOT_PROPOSALS as readonly unknown[]).includes(body.proposal) ||
    !(BALLOT_STATUSES as readonly unknown[]).includes(body.status) ||
    typeof body.deadline !== 'string' ||
    typeof body.eligible !== 'number' ||
    typeof body.voted !== 'number'
  ) {
    return malformed();
  }
  return body as unknown as BallotSummaryView;
}

function parseBallot(body: unknown): BallotView {
  const summary = parseSummary(body) as unknown as Record<string, unknown>;
  if (!isRecord(summary.rule) || !Array.isArray(summary.partners) || !Array.isArray(summary.extensions)) return malformed();
  return summary as unknown as BallotView;
}

function malformed(): never {
  console.error('The server sent something that is not a ballot');
  throw new ApiError(502, i18next.t('app.unexpectedAnswer'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
