import { Injectable } from '@nestjs/common';

/** One partner's vote as the dossier and the colophon show it: the organisation and the member who cast it. */
export interface PartnerVote {
  partnerId: string;
  partnerName: string;
  choice: string;
  castBy: string;
  castAt: string;
}

/** A closed ballot as publishing needs it; the ballots module fills it in once it exists. */
export interface BallotRecord {
  id: string;
  /** What was put to the vote, e.g. "Adopt the recommendation" or an amendment's title. */
  question: string;
  /** The rule in words and in data: majority kind and quorum. */
  rule: { majority: string; quorum: number; description: string };
  result: string;
  /** The SHA-256 the ballots module sealed the result with. */
  resultHash: string;
  tallies: Record<string, number>;
  quorumReached: boolean;
  votes: PartnerVote[];
  openedAt: string;
  closedAt: string;
  /** The sentence that states the outcome, as recorded with the result. */
  outcomeStatement: string | null;
}

/** An amendment with the diff it proposed and what became of it. */
export interface AmendmentRecord {
  id: string;
  title: string;
  outcome: string;
  /** The proposed change as a structural diff (the shared diff code's output). */
  diff: unknown;
  ballotId: string | null;
}

/**
 * What publishing asks about the decision behind a text. The ballots and amendments modules
 * provide it (bind their implementation to this class in the publishing module); until they land
 * the answer is "no ballot known" and empty lists.
 */
export abstract class DecisionRecordSource {
  /** The ballot that adopted this recommendation's text, or null when none is known. */
  abstract adoptingBallot(recommendationId: string): Promise<BallotRecord | null>;
  /** Every closed ballot on the recommendation and its amendments, oldest first. */
  abstract ballots(recommendationId: string): Promise<BallotRecord[]>;
  abstract amendments(recommendationId: string): Promise<AmendmentRecord[]>;
}

@Injectable()
export class NoDecisionRecords extends DecisionRecordSource {
  adoptingBallot(): Promise<BallotRecord | null> {
    return Promise.resolve(null);
  }

  ballots(): Promise<BallotRecord[]> {
    return Promise.resolve([]);
  }

  amendments(): Promise<AmendmentRecord[]> {
    return Promise.resolve([]);
  }
}
