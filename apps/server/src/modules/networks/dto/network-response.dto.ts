import { MEMBER_ROLES, PARTNER_TYPES, type MemberRole, type PartnerType } from '@accord/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { WORKING_GROUP_KINDS, type WorkingGroupKind } from '../working-group.entity';

export class PartnerDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() town: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2' }) country: string;
  @ApiProperty({ enum: PARTNER_TYPES }) type: PartnerType;
  @ApiProperty() workingLanguage: string;
  @ApiProperty() isLead: boolean;
}

export class WorkingGroupDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: WORKING_GROUP_KINDS }) kind: WorkingGroupKind;
  @ApiProperty({ type: String, nullable: true }) town: string | null;
  @ApiProperty({ type: String, isArray: true }) memberIds: string[];
}

export class NetworkDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: PartnerDto, isArray: true }) partners: PartnerDto[];
  @ApiProperty({ type: WorkingGroupDto, isArray: true }) workingGroups: WorkingGroupDto[];
}

export class MemberDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
  @ApiProperty() partnerId: string;
  @ApiProperty({ enum: MEMBER_ROLES, isArray: true }) roles: MemberRole[];
  @ApiProperty({ description: 'False until the invitation is accepted' }) active: boolean;
  @ApiProperty({ type: String, isArray: true }) workingGroupIds: string[];
}

export class InvitationDto {
  @ApiProperty() id: string;
  @ApiProperty() memberId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'expired'] }) state: 'pending' | 'accepted' | 'expired';
}
