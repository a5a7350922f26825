import {
  AMENDMENT_STATUSES,
  type AmendmentDetail,
  type AmendmentDiff,
  type AmendmentFlags,
  type AmendmentAuthor,
  type AmendmentPassageBound,
  type AmendmentPerson,
  type AmendmentPreview,
  type AmendmentStatus,
  type AmendmentSummary,
} from '@accord/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class AmendmentPersonDto implements AmendmentPerson {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null once the member was removed' }) memberId: string | null;
  @ApiProperty() displayName: string;
}

export class AmendmentAuthorDto implements AmendmentAuthor {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) memberId: string | null;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'The partner organisation the member belongs to' }) partnerName: string;
}

export class AmendmentRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
}

export class AmendmentFlagsDto implements AmendmentFlags {
  @ApiProperty({ description: 'The recommendation’s text under the passage changed since the amendment was proposed: review it' }) passageEditedSinceProposal: boolean;
  @ApiProperty({ type: AmendmentRefDto, isArray: true, description: 'Other open amendments whose passages overlap this one’s in the current text' }) overlapsWith: AmendmentRefDto[];
  @ApiProperty({ description: 'The passage was deleted from the recommendation' }) passageDetached: boolean;
}

export class AmendmentAnchorDto {
  @ApiProperty({ description: 'Y.encodeRelativePosition of the passage start, base64' }) start: string;
  @ApiProperty({ description: 'Y.encodeRelativePosition of the passage end, base64' }) end: string;
}

export class AmendmentSummaryDto implements AmendmentSummary {
  @ApiProperty({ format: 'uuid', description: 'Also the id of its own document: /collab/<id>' }) id: string;
  @ApiProperty({ format: 'uuid' }) recommendationId: string;
  @ApiProperty() title: string;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: AMENDMENT_STATUSES }) status: AmendmentStatus;
  @ApiProperty({ description: 'The base passage, as it read in the base version' }) quotedText: string;
  @ApiProperty({ type: AmendmentAnchorDto, description: 'The passage, valid in the fork and in the recommendation' }) anchor: AmendmentAnchorDto;
  @ApiProperty({ type: AmendmentPersonDto }) createdBy: AmendmentPersonDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: AmendmentAuthorDto, isArray: true, description: 'Who may edit it: the proposer and the members invited, in the order they joined' }) authors: AmendmentAuthorDto[];
  @ApiProperty({ description: 'The recommendation’s version the amendment forks' }) baseVersion: number;
  @ApiProperty({ description: 'Content hash of the base version (hex)' }) baseHash: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The comment thread it was made from' }) threadId: string | null;
  @ApiProperty({ type: AmendmentPersonDto, nullable: true }) closedBy: AmendmentPersonDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was withdrawn or declined' }) closedReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ballotId: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The recommendation’s version of kind "amendment-adopted"' }) adoptedVersion: number | null;
  @ApiProperty({ type: AmendmentFlagsDto }) flags: AmendmentFlagsDto;
}

export class AmendmentStructureDto {
  @ApiProperty({ type: 'object', isArray: true, additionalProperties: true, description: 'The structural diff’s top-level blocks that changed (libs/editor structural-diff.ts DiffBlock)' }) blocks: unknown[];
  @ApiProperty() wordsAdded: number;
  @ApiProperty() wordsRemoved: number;
  @ApiProperty() moves: number;
  @ApiProperty() formatChanges: number;
  @ApiProperty({ type: String, isArray: true }) authors: string[];
}

export class AmendmentDiffDto implements AmendmentDiff {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'TipTap JSON of the earlier text' }) from: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'TipTap JSON of the later text' }) to: Record<string, unknown>;
  @ApiProperty({ type: AmendmentStructureDto, description: 'The shared structural diff, changed blocks only' }) structure: AmendmentStructureDto;
}

export class AmendmentPassageBoundDto implements AmendmentPassageBound {
  @ApiProperty({ description: 'Yjs client id' }) client: number;
  @ApiProperty({ description: 'Yjs clock' }) clock: number;
}

export class AmendmentPassageBoundsDto {
  @ApiProperty({ type: AmendmentPassageBoundDto, nullable: true, description: 'The character or block just before the passage; null: it starts the text' }) before: AmendmentPassageBoundDto | null;
  @ApiProperty({ type: AmendmentPassageBoundDto, nullable: true, description: 'The character or block just after the passage; null: it ends the text' }) after: AmendmentPassageBoundDto | null;
}

export class AmendmentDetailDto extends AmendmentSummaryDto implements AmendmentDetail {
  @ApiProperty({ type: AmendmentPassageBoundsDto, description: 'What the editor may change: everything strictly between these two Yjs items in the fork' }) passageBounds: AmendmentPassageBoundsDto;
  @ApiProperty({ description: 'You may edit its text (an author or invitee, while it is open)' }) canEdit: boolean;
  @ApiProperty() canWithdraw: boolean;
  @ApiProperty() canDecline: boolean;
  @ApiProperty() canInvite: boolean;
  @ApiProperty({ type: AmendmentDiffDto, description: 'The amendment against its base version' }) diff: AmendmentDiffDto;
}

export class AmendmentPreviewDto implements AmendmentPreview {
  @ApiProperty({ format: 'uuid' }) amendmentId: string;
  @ApiProperty({ type: AmendmentDiffDto, description: 'The current recommendation against what it would read with the amendment merged now' }) diff: AmendmentDiffDto;
  @ApiProperty({ type: AmendmentFlagsDto }) flags: AmendmentFlagsDto;
}
