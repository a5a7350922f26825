import { MEMBER_ROLES, PARTNER_TYPES, type MemberRole, type PartnerType } from '@accord/contracts';
import { LANGUAGES, type Language } from '@accord/i18n';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { WORKING_GROUP_KINDS, type WorkingGroupKind } from '../working-group.entity';

export class ChangeRolesDto {
  @ApiProperty({ enum: MEMBER_ROLES, isArray: true })
  @IsArray() @ArrayUnique() @ArrayMaxSize(MEMBER_ROLES.length) @IsIn(MEMBER_ROLES, { each: true })
  roles: MemberRole[];
}

export class CreateInvitationDto {
  @ApiProperty()
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString() @MinLength(1) @MaxLength(120)
  displayName: string;

  @ApiProperty()
  @IsUUID()
  partnerId: string;

  @ApiProperty({ enum: MEMBER_ROLES, isArray: true })
  @IsArray() @ArrayUnique() @IsIn(MEMBER_ROLES, { each: true })
  roles: MemberRole[];

  @ApiPropertyOptional({ type: String, isArray: true })
  @IsOptional() @IsArray() @IsUUID('all', { each: true })
  workingGroupIds?: string[];

  @ApiPropertyOptional({ enum: LANGUAGES, description: "The invitee's language, for the mail and Accord; default: the partner's working language if Accord speaks it, else English" })
  @IsOptional() @IsIn(LANGUAGES)
  language?: Language;
}

export class CreateWorkingGroupDto {
  @ApiProperty()
  @IsString() @MinLength(1) @MaxLength(120)
  name: string;

  @ApiProperty({ enum: WORKING_GROUP_KINDS })
  @IsIn(WORKING_GROUP_KINDS)
  kind: WorkingGroupKind;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional() @IsString() @MaxLength(120)
  town?: string | null;
}

export class WorkingGroupMemberDto {
  @ApiProperty()
  @IsUUID()
  memberId: string;
}

export class CreatePartnerDto {
  @ApiProperty()
  @IsString() @MinLength(1) @MaxLength(160)
  name: string;

  @ApiProperty()
  @IsString() @MinLength(1) @MaxLength(120)
  town: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2, e.g. SI' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be two capital letters (ISO 3166-1), e.g. SI' })
  country: string;

  @ApiProperty({ enum: PARTNER_TYPES })
  @IsIn(PARTNER_TYPES)
  type: PartnerType;

  @ApiProperty({ description: 'BCP 47 tag, e.g. sl' })
  @IsString() @Length(2, 12)
  workingLanguage: string;
}
