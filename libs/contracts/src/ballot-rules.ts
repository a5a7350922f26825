/**
 * The rules that decide a ballot. Pure integer arithmetic (no floating point), shared by the server,
 * which decides and verifies results, and the web app, which draws the quorum and majority lines.
 *
 * Definitions, exactly as implemented:
 * - eligible: the partners of the network when the ballot opened (one vote each).
 * - voted: partners with a counted vote, abstentions included (an abstention is taking part).
 * - quorum met:  voted × 100 >= quorumPercent × eligible            (">=": reaching the share is enough)
 * - denominator: for + against + abstain when abstentions count, for + against when they do not.
 * - simple majority: for × 2 > denominator                           (">": a tie is not a majority)
 * - two-thirds:      for × 3 >= denominator × 2                      (">=": exactly two-thirds passes)
 * - unanimity:       for = denominator and denominator > 0           (nobody against; abstentions count
 *                                                                      against unanimity only when they count)
 * - accepted: quorum met and majority met; otherwise rejected. No votes at all: rejected.
 */
export const BALLOT_CHOICES = ['for', 'against', 'abstain'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];

export const MAJORITY_RULES = ['simple', 'two-thirds', 'unanimity'] as const;
export type MajorityRule = (typeof MAJORITY_RULES)[number];

/** Whether abstentions are part of the denominator of the majority. */
export const ABSTENTION_RULES = ['counted', 'excluded'] as const;
export type AbstentionRule = (typeof ABSTENTION_RULES)[number];

export interface BallotRule {
  /** The share of eligible partners that must vote (abstaining counts), in whole percent, 0-100. */
  quorumPercent: number;
  majority: MajorityRule;
  abstentions: AbstentionRule;
}

export interface BallotTally {
  eligible: number;
  for: number;
  against: number;
  abstain: number;
}

export interface BallotDecision {
  voted: number;
  /** The fewest partners that meet the quorum: ceil(quorumPercent × eligible / 100). */
  quorumRequired: number;
  quorumMet: boolean;
  denominator: number;
  /** The fewest votes for that meet the majority, given this denominator (0 when none can). */
  forRequired: number;
  majorityMet: boolean;
  accepted: boolean;
}

/** The comparison of each rule, as a formula; shown on the ballot next to the rule. */
export const RULE_FORMULAS = {
  quorum: 'voted × 100 ≥ quorum% × eligible',
  simple: 'for × 2 > denominator',
  'two-thirds': 'for × 3 ≥ denominator × 2',
  unanimity: 'for = denominator > 0',
  denominatorCounted: 'denominator = for + against + abstain',
  denominatorExcluded: 'denominator = for + against',
} as const;

export function isValidRule(rule: BallotRule): boolean {
  return Number.isInteger(rule.quorumPercent) && rule.quorumPercent >= 0 && rule.quorumPercent <= 100 && MAJORITY_RULES.includes(rule.majority) && ABSTENTION_RULES.includes(rule.abstentions);
}

export function denominatorOf(rule: BallotRule, tally: BallotTally): number {
  return rule.abstentions === 'counted' ? tally.for + tally.against + tally.abstain : tally.for + tally.against;
}

export function quorumMet(rule: BallotRule, tally: BallotTally): boolean {
  return votedOf(tally) * 100 >= rule.quorumPercent * tally.eligible;
}

export function majorityMet(rule: BallotRule, votesFor: number, denominator: number): boolean {
  switch (rule.majority) {
    case 'simple':
      return votesFor * 2 > denominator;
    case 'two-thirds':
      return denominator > 0 && votesFor * 3 >= denominator * 2;
    case 'unanimity':
      return denominator > 0 && votesFor === denominator;
  }
}

/** The smallest number of votes for that meets the majority with this denominator. */
export function forRequiredFor(rule: BallotRule, denominator: number): number {
  if (denominator <= 0) return 0;
  switch (rule.majority) {
    case 'simple':
      return Math.floor(denominator / 2) + 1;
    case 'two-thirds':
      return Math.ceil((denominator * 2) / 3);
    case 'unanimity':
      return denominator;
  }
}

export function decideBallot(rule: BallotRule, tally: BallotTally): BallotDecision {
  if (!isValidRule(rule)) throw new RangeError('not a valid ballot rule');
  for (const count of [tally.eligible, tally.for, tally.against, tally.abstain]) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError('vote counts are whole numbers from 0');
  }
  const voted = votedOf(tally);
  if (voted > tally.eligible) throw new RangeError('more votes than eligible partners');
  const denominator = denominatorOf(rule, tally);
  const quorum = quorumMet(rule, tally);
  const majority = majorityMet(rule, tally.for, denominator);
  return {
    voted,
    quorumRequired: Math.ceil((rule.quorumPercent * tally.eligible) / 100),
    quorumMet: quorum,
    denominator,
    forRequired: forRequiredFor(rule, denominator),
    majorityMet: majority,
    accepted: quorum && majority,
  };
}

/** Counts choices into a tally. */
export function tallyOf(eligible: number, choices: readonly BallotChoice[]): BallotTally {
  const tally: BallotTally = { eligible, for: 0, against: 0, abstain: 0 };
  for (const choice of choices) tally[choice]++;
  return tally;
}

function votedOf(tally: BallotTally): number {
  return tally.for + tally.against + tally.abstain;
}
