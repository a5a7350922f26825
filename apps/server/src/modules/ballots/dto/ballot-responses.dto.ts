import type {
  BallotDecision,
  BallotExtensionView,
  BallotMyPartnerView,
  BallotPartnerVoteView,
  BallotPersonView,
  BallotResultView,
  BallotRule,
  BallotSummaryView,
  BallotTally,
  BallotVerificationView,
  BallotView,
  ParticipationView,
} from '@accord/contracts';
import { ABSTENTION_RULES, BALLOT_CHOICES, BALLOT_PROPOSALS, BALLOT_STATUSES, MAJORITY_RULES } from '@accord/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class BallotPersonDto implements BallotPersonView {
  @ApiProperty() memberId: string;
  @ApiProperty() displayName: string;
}

export class BallotRuleDto implements BallotRule {
  @ApiProperty({ description: 'met when voted × 100 >= quorumPercent × eligible' }) quorumPercent: number;
  @ApiProperty({ enum: MAJORITY_RULES }) majority: BallotRule['majority'];
  @ApiProperty({ enum: ABSTENTION_RULES }) abstentions: BallotRule['abstentions'];
}

export class BallotTallyDto implements BallotTally {
  @ApiProperty() eligible: number;
  @ApiProperty() for: number;
  @ApiProperty() against: number;
  @ApiProperty() abstain: number;
}

export class BallotDecisionDto implements BallotDecision {
  @ApiProperty() voted: number;
  @ApiProperty() quorumRequired: number;
  @ApiProperty() quorumMet: boolean;
  @ApiProperty() denominator: number;
  @ApiProperty() forRequired: number;
  @ApiProperty() majorityMet: boolean;
  @ApiProperty() accepted: boolean;
}

export class BallotMyPartnerDto implements BallotMyPartnerView {
  @ApiProperty() partnerId: string;
  @ApiProperty({ enum: BALLOT_CHOICES, nullable: true }) choice: BallotMyPartnerView['choice'];
  @ApiProperty({ type: BallotPersonDto, nullable: true }) castBy: BallotPersonDto | null;
  @ApiProperty() mayCast: boolean;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ description: 'The text voted on changed after this partner voted' }) changedSinceVote: boolean;
}

export class BallotSummaryDto implements BallotSummaryView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: BALLOT_PROPOSALS }) proposal: BallotSummaryView['proposal'];
  @ApiProperty() title: string;
  @ApiProperty({ enum: BALLOT_STATUSES }) status: BallotSummaryView['status'];
  @ApiProperty({ type: 'object', nullable: true, properties: { id: { type: 'string' }, title: { type: 'string' } } }) recommendation: { id: string; title: string } | null;
  @ApiProperty({ type: String, nullable: true }) amendmentId: string | null;
  @ApiProperty() openedAt: string;
  @ApiProperty() deadline: string;
  @ApiProperty() eligible: number;
  @ApiProperty() voted: number;
  @ApiProperty({ type: Boolean, nullable: true }) accepted: boolean | null;
  @ApiProperty({ type: BallotMyPartnerDto, nullable: true, description: 'For delegates and substitutes: their partner’s vote' }) myPartner: BallotMyPartnerDto | null;
}

export class BallotPartnerVoteDto implements BallotPartnerVoteView {
  @ApiProperty() partnerId: string;
  @ApiProperty() partnerName: string;
  @ApiProperty() country: string;
  @ApiProperty() voted: boolean;
  @ApiProperty({ enum: BALLOT_CHOICES, nullable: true, description: 'Shown to all after the close; before it, to the partner only' }) choice: BallotPartnerVoteView['choice'];
  @ApiProperty({ type: BallotPersonDto, nullable: true }) castBy: BallotPersonDto | null;
  @ApiProperty({ enum: ['delegate', 'substitute'], nullable: true }) castAs: BallotPartnerVoteView['castAs'];
  @ApiProperty({ type: String, nullable: true }) castAt: string | null;
}

export class BallotExtensionDto implements BallotExtensionView {
  @ApiProperty() previousDeadline: string;
  @ApiProperty() deadline: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: BallotPersonDto, nullable: true }) extendedBy: BallotPersonDto | null;
  @ApiProperty() extendedAt: string;
}

export class BallotResultDto implements BallotResultView {
  @ApiProperty({ type: BallotTallyDto }) tally: BallotTallyDto;
  @ApiProperty({ type: BallotDecisionDto }) decision: BallotDecisionDto;
  @ApiProperty() accepted: boolean;
  @ApiProperty() resultHash: string;
  @ApiProperty() votedChainHash: string;
  @ApiProperty() closedAt: string;
  @ApiProperty({ type: BallotPersonDto, nullable: true, description: 'Null when the deadline closed it' }) closedBy: BallotPersonDto | null;
}

export class BallotDto extends BallotSummaryDto implements BallotView {
  @ApiProperty({ type: String, nullable: true }) motionText: string | null;
  @ApiProperty({ type: BallotRuleDto }) rule: BallotRuleDto;
  @ApiProperty({ type: BallotPersonDto, nullable: true }) openedBy: BallotPersonDto | null;
  @ApiProperty({ type: Number, nullable: true }) votedVersion: number | null;
  @ApiProperty() votedContentHash: string;
  @ApiProperty() votedChainHash: string;
  @ApiProperty({ type: BallotPartnerVoteDto, isArray: true }) partners: BallotPartnerVoteDto[];
  @ApiProperty({ type: BallotExtensionDto, isArray: true }) extensions: BallotExtensionDto[];
  @ApiProperty() mayCloseEarly: boolean;
  @ApiProperty({ type: BallotResultDto, nullable: true }) result: BallotResultDto | null;
  @ApiProperty({ type: String, nullable: true }) outcomeStatement: string | null;
}

export class BallotVerificationDto implements BallotVerificationView {
  @ApiProperty() intact: boolean;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty() resultHash: string;
  @ApiProperty() recomputedHash: string;
  @ApiProperty() accepted: boolean;
  @ApiProperty() recomputedAccepted: boolean;
}

export class ParticipationDto implements ParticipationView {
  @ApiProperty() partnerId: string;
  @ApiProperty() partnerName: string;
  @ApiProperty() country: string;
  @ApiProperty() ballotsEligible: number;
  @ApiProperty() ballotsVoted: number;
  @ApiProperty() comments: number;
  @ApiProperty() amendments: number;
}
