import { COMMENT_LIMITS, QUOTE_MAX_CHARACTERS, REACTION_EMOJI, STANCES, THREAD_FILTERS, type ReactionEmoji, type Stance, type ThreadFilter } from '@accord/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';

const BODY_DESCRIPTION =
  `The comment as JSON: { type: "doc", content: [{ type: "paragraph", content: [text (marks: bold, italic, link with an http(s) or mailto href) | mention { memberId, label } | hardBreak] }] }; ` +
  `at most ${COMMENT_LIMITS.characters} characters. Checked strictly: anything else is refused with COMMENT_BODY_INVALID or COMMENT_TOO_LONG. A mention's label is replaced by the member's own name.`;

/** Base64 of at most `bytes` bytes. */
const base64Of = (bytes: number) => Math.ceil(bytes / 3) * 4;

export class ThreadAnchorDto {
  @ApiProperty({ description: 'Y.encodeRelativePosition of the passage start, base64 (libs/editor createThreadAnchor)' })
  @IsString() @IsBase64() @MaxLength(base64Of(512))
  start: string;

  @ApiProperty({ description: 'Y.encodeRelativePosition of the passage end, base64' })
  @IsString() @IsBase64() @MaxLength(base64Of(512))
  end: string;

  @ApiProperty({ description: 'The selected text, shown if the passage is deleted later' })
  @IsString() @MinLength(1) @MaxLength(QUOTE_MAX_CHARACTERS)
  quotedText: string;

  @ApiProperty({ description: 'Y.encodeStateVector of the text the selection was made in, base64: the version the thread is about' })
  @IsString() @IsBase64() @MaxLength(base64Of(64 * 1024))
  stateVector: string;
}

export class CommentContentDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: BODY_DESCRIPTION })
  @IsObject()
  body: Record<string, unknown>;

  @ApiPropertyOptional({ enum: STANCES, nullable: true, description: 'For, against or neutral on the passage; null or absent: no stance' })
  @IsOptional() @IsIn(STANCES)
  stance?: Stance | null;

  @ApiPropertyOptional({ description: 'Y.encodeStateVector of the text as the author saw it, base64' })
  @IsOptional() @IsString() @IsBase64() @MaxLength(base64Of(64 * 1024))
  stateVector?: string;
}

export class CreateThreadDto extends CommentContentDto {
  @ApiProperty({ type: ThreadAnchorDto })
  @IsObject() @ValidateNested() @Type(() => ThreadAnchorDto)
  anchor: ThreadAnchorDto;
}

export class ReplyDto extends CommentContentDto {}

export class EditCommentDto extends CommentContentDto {}

export class HideCommentDto {
  @ApiProperty({ description: 'Why it is hidden; shown in the thread and kept in the audit log' })
  // Counted without surrounding spaces, as it is stored: ten spaces are no reason.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString() @MinLength(3) @MaxLength(500)
  reason: string;
}

export class ThreadListQueryDto {
  @ApiPropertyOptional({ enum: THREAD_FILTERS, default: 'open', description: 'open (default), resolved, mine (started or joined), mentioning-me, all' })
  @IsOptional() @IsIn(THREAD_FILTERS)
  filter?: ThreadFilter;
}

export class ReactionParamsDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() threadId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() commentId: string;
  @ApiProperty({ enum: REACTION_EMOJI }) @IsIn(REACTION_EMOJI) emoji: ReactionEmoji;
}

export class MentionableQueryDto {
  @ApiPropertyOptional({ description: 'The start of a name (or of a word in it), as typed after @; absent or empty: the first members by name' })
  @IsOptional() @IsString() @MaxLength(60)
  prefix?: string;
}

export class NotificationListQueryDto {
  @ApiPropertyOptional({ description: 'Only unread notifications' })
  @IsOptional() @Transform(({ value }) => value === true || value === 'true') @IsBoolean()
  unread?: boolean;
}

export class MarkNotificationsReadDto {
  @ApiPropertyOptional({ type: String, isArray: true, description: 'The notifications to mark read; absent: all of yours' })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsUUID('all', { each: true })
  ids?: string[];
}

export class NotificationPreferencesDto {
  @ApiProperty({ description: 'Send an e-mail for each mention and each reply to a thread you started' })
  @IsBoolean()
  commentEmails: boolean;
}
