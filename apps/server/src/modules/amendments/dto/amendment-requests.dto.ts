import { AMENDMENT_LIMITS } from '@accord/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBase64, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';

const base64Of = (bytes: number): number => Math.ceil(bytes / 3) * 4;

export class AmendmentPassageDto {
  @ApiProperty({ description: 'Y.encodeRelativePosition of the passage start, base64 (libs/editor createThreadAnchor)' })
  @IsString() @IsBase64() @MaxLength(base64Of(512))
  start: string;

  @ApiProperty({ description: 'Y.encodeRelativePosition of the passage end, base64' })
  @IsString() @IsBase64() @MaxLength(base64Of(512))
  end: string;

  @ApiProperty({ description: 'The selected text as the proposer saw it; the server reads the passage again from the base version' })
  @IsString() @MinLength(1) @MaxLength(20_000)
  quotedText: string;
}

export class ProposeAmendmentDto {
  @ApiProperty({ maxLength: AMENDMENT_LIMITS.title })
  @IsString() @MinLength(1) @MaxLength(AMENDMENT_LIMITS.title)
  title: string;

  @ApiProperty({ maxLength: AMENDMENT_LIMITS.reason, description: 'Why the passage should change' })
  @IsString() @MinLength(1) @MaxLength(AMENDMENT_LIMITS.reason)
  reason: string;

  @ApiPropertyOptional({ type: AmendmentPassageDto, description: 'The selected passage; or give threadId' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AmendmentPassageDto)
  anchor?: AmendmentPassageDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'Amend the passage of this comment thread (of the same recommendation) instead of a selection' })
  @IsOptional() @IsUUID()
  threadId?: string;
}

export class CloseAmendmentDto {
  @ApiProperty({ maxLength: AMENDMENT_LIMITS.closeReason, description: 'Why; kept with the amendment and in the audit log' })
  @IsString() @MinLength(3) @MaxLength(AMENDMENT_LIMITS.closeReason)
  reason: string;
}

export class InviteAuthorDto {
  @ApiProperty({ format: 'uuid', description: 'A member of your network' })
  @IsUUID()
  memberId: string;
}
