import {
  NOTIFICATION_KINDS,
  REACTION_EMOJI,
  STANCES,
  THREAD_STATUSES,
  type CommentAuthor,
  type CommentBody,
  type CommentThreadView,
  type CommentView,
  type MentionableMember,
  type NotificationKind,
  type NotificationView,
  type PartnerStances,
  type ReactionEmoji,
  type ReactionSummary,
  type Stance,
  type ThreadAnchorView,
  type ThreadStatus,
} from '@accord/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class PartnerRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class CommentAuthorDto implements CommentAuthor {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null once the member was removed' }) memberId: string | null;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: PartnerRefDto, nullable: true }) partner: PartnerRefDto | null;
}

export class ReactionSummaryDto implements ReactionSummary {
  @ApiProperty({ enum: REACTION_EMOJI }) emoji: ReactionEmoji;
  @ApiProperty() count: number;
  @ApiProperty({ type: String, isArray: true }) memberIds: string[];
}

export class CommentHiddenDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() byName: string;
  @ApiProperty() reason: string;
}

export class CommentDto implements CommentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty({ type: CommentAuthorDto }) author: CommentAuthorDto;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Null for a deleted (tombstone) or hidden comment' }) body: CommentBody | null;
  @ApiProperty({ enum: STANCES, nullable: true }) stance: Stance | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) editedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deletedAt: string | null;
  @ApiProperty({ type: CommentHiddenDto, nullable: true }) hidden: CommentHiddenDto | null;
  @ApiProperty({ type: ReactionSummaryDto, isArray: true }) reactions: ReactionSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'base64 Y state vector of the text as the author saw it' }) stateVector: string | null;
  @ApiProperty({ description: "The server's stored position of the text's update log when the comment was written" }) textVersion: number;
}

export class PartnerStancesDto implements PartnerStances {
  @ApiProperty({ type: PartnerRefDto, nullable: true }) partner: PartnerRefDto | null;
  @ApiProperty() for: number;
  @ApiProperty() against: number;
  @ApiProperty() neutral: number;
}

export class ThreadAnchorViewDto implements ThreadAnchorView {
  @ApiProperty({ description: 'base64 Y.RelativePosition' }) start: string;
  @ApiProperty({ description: 'base64 Y.RelativePosition' }) end: string;
  @ApiProperty() quotedText: string;
  @ApiProperty({ description: 'base64 Y state vector at creation' }) stateVector: string;
  @ApiProperty({ description: "The server's stored position of the text's update log at creation" }) textVersion: number;
}

export class CommentThreadDto implements CommentThreadView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) recommendationId: string;
  @ApiProperty({ type: ThreadAnchorViewDto }) anchor: ThreadAnchorViewDto;
  @ApiProperty({ enum: THREAD_STATUSES }) status: ThreadStatus;
  @ApiProperty({ type: CommentAuthorDto }) createdBy: CommentAuthorDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) resolvedByName: string | null;
  @ApiProperty({ type: CommentDto, isArray: true }) comments: CommentDto[];
  @ApiProperty({ type: PartnerStancesDto, isArray: true }) stances: PartnerStancesDto[];
}

export class NotificationDto implements NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) recommendationId: string | null;
  @ApiProperty({ description: 'The recommendation’s title, or the ballot’s for ballot news' }) recommendationTitle: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) threadId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) commentId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'For ballot news (ballot-opened, ballot-reminder, ballot-result)' }) ballotId: string | null;
  @ApiProperty() actorName: string;
  @ApiProperty({ description: 'The comment as plain text, shortened' }) preview: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt: string | null;
}

export class UnreadCountDto {
  @ApiProperty() unread: number;
}

export class MarkedReadDto {
  @ApiProperty({ description: 'How many notifications changed from unread to read' }) marked: number;
}

export class NotificationPreferencesResponseDto {
  @ApiProperty() commentEmails: boolean;
}

export class MentionableMemberDto implements MentionableMember {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty() partnerName: string;
}
