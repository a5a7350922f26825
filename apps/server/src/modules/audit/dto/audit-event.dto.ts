import { ApiProperty } from '@nestjs/swagger';

export class AuditEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'e.g. sign-in, sign-in.failed, member.roles-changed, invitation.created' }) action: string;
  @ApiProperty({ description: 'Who: name and e-mail at the time (or the e-mail tried)' }) actor: string;
  @ApiProperty({ nullable: true, type: String }) actorMemberId: string | null;
  @ApiProperty({ nullable: true, type: String }) subjectType: string | null;
  @ApiProperty({ nullable: true, type: String }) subjectId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String, description: 'From where: the remote address' }) remoteAddress: string | null;
  @ApiProperty() createdAt: string;
}
