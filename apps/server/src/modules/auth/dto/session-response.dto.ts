import { MEMBER_ROLES, type DemoAccount, type MemberRole, type SessionState, type SignedInMember, type SignInResult } from '@accord/contracts';
import { LANGUAGES, type Language } from '@accord/i18n';
import { ApiProperty } from '@nestjs/swagger';

export class SignedInPartnerDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2' }) country: string;
}

export class SignedInNetworkDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class SignedInMemberDto implements SignedInMember {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: MEMBER_ROLES, isArray: true }) roles: MemberRole[];
  @ApiProperty({ type: SignedInPartnerDto }) partner: SignedInPartnerDto;
  @ApiProperty({ type: SignedInNetworkDto }) network: SignedInNetworkDto;
  @ApiProperty({ type: String, isArray: true }) workingGroupIds: string[];
  @ApiProperty({ enum: LANGUAGES, nullable: true, description: 'The UI language the member chose; null: the browser language applies' }) language: Language | null;
}

export class DemoAccountDto implements DemoAccount {
  @ApiProperty() email: string;
  @ApiProperty() password: string;
  @ApiProperty({ enum: MEMBER_ROLES }) role: MemberRole;
  @ApiProperty() displayName: string;
}

export class SessionStateDto implements SessionState {
  @ApiProperty({ type: SignedInMemberDto, nullable: true }) member: SignedInMemberDto | null;
  @ApiProperty({ type: DemoAccountDto, isArray: true, nullable: true, description: 'Only in demo mode (SEED_DEMO)' }) demoAccounts: DemoAccountDto[] | null;
}

export class SignInResultDto implements SignInResult {
  @ApiProperty({ type: SignedInMemberDto }) member: SignedInMemberDto;
  @ApiProperty({ description: 'Send as the x-csrf-token header with every state-changing request' }) csrfToken: string;
  @ApiProperty() expiresAt: string;
}

export class CollabTokenDto {
  @ApiProperty({ description: 'Pass as ?token= on ws://host/collab/<documentId> (y-websocket: the `params` option)' }) token: string;
  @ApiProperty() expiresAt: string;
}
