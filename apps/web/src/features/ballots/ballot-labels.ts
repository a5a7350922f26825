import type { AbstentionRule, BallotChoice, BallotProposal, BallotStatus, MajorityRule } from '@accord/contracts';
import type { ParseKeys } from 'i18next';

/** Catalogue keys written out in full, so that the catalogue check finds each one in use. */
export const CHOICE_LABELS: Record<BallotChoice, ParseKeys> = { for: 'ballots.choice.for', against: 'ballots.choice.against', abstain: 'ballots.choice.abstain' };
export const STATUS_LABELS: Record<BallotStatus, ParseKeys> = { open: 'ballots.status.open', closed: 'ballots.status.closed' };
export const PROPOSAL_LABELS: Record<BallotProposal, ParseKeys> = {
  'adopt-recommendation': 'ballots.proposal.adopt-recommendation',
  'accept-amendment': 'ballots.proposal.accept-amendment',
  motion: 'ballots.proposal.motion',
};
export const CAST_AS_LABELS: Record<'delegate' | 'substitute', ParseKeys> = { delegate: 'ballots.castAs.delegate', substitute: 'ballots.castAs.substitute' };
export const MAJORITY_RULE_TEXT: Record<MajorityRule, ParseKeys> = { simple: 'ballots.rule.simple', 'two-thirds': 'ballots.rule.two-thirds', unanimity: 'ballots.rule.unanimity' };
export const ABSTENTION_RULE_TEXT: Record<AbstentionRule, ParseKeys> = { counted: 'ballots.rule.counted', excluded: 'ballots.rule.excluded' };
export const MAJORITY_OPTION_LABELS: Record<MajorityRule, ParseKeys> = {
  simple: 'ballots.open.majorityOption.simple',
  'two-thirds': 'ballots.open.majorityOption.two-thirds',
  unanimity: 'ballots.open.majorityOption.unanimity',
};
export const ABSTENTION_OPTION_LABELS: Record<AbstentionRule, ParseKeys> = { counted: 'ballots.open.abstentionsOption.counted', excluded: 'ballots.open.abstentionsOption.excluded' };
export const NOTICE_LABELS: Record<'ballot-opened' | 'ballot-reminder' | 'ballot-result', ParseKeys> = {
  'ballot-opened': 'ballots.notice.ballot-opened',
  'ballot-reminder': 'ballots.notice.ballot-reminder',
  'ballot-result': 'ballots.notice.ballot-result',
};
