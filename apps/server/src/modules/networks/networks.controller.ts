import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowedWhen, type AuthenticatedMember, CurrentMember, Origin, type RequestOrigin } from '../auth/authenticated-member';
import { ChangeRolesDto, CreateInvitationDto, CreatePartnerDto, CreateWorkingGroupDto, WorkingGroupMemberDto } from './dto/network-requests.dto';
import { InvitationDto, MemberDto, NetworkDto, PartnerDto, WorkingGroupDto } from './dto/network-response.dto';
import { networkPolicy } from './network.policy';
import { NetworksService } from './networks.service';

/** The signed-in member's own network. Reading its partners and groups: every member; the rest: coordinators. */
@ApiTags('network')
@ApiForbiddenResponse({ description: 'Your role does not allow this (coordinators manage the network)' })
@Controller('network')
export class NetworksController {
  constructor(private readonly networks: NetworksService) {}

  @Get()
  @AllowedWhen(networkPolicy.canRead)
  @ApiOkResponse({ type: NetworkDto })
  overview(@CurrentMember() actor: AuthenticatedMember): Promise<NetworkDto> {
    return this.networks.overview(actor);
  }

  @Get('working-groups')
  @AllowedWhen(networkPolicy.canRead)
  @ApiOkResponse({ type: WorkingGroupDto, isArray: true })
  workingGroups(@CurrentMember() actor: AuthenticatedMember): Promise<WorkingGroupDto[]> {
    return this.networks.workingGroups(actor);
  }

  @Post('partners')
  @AllowedWhen(networkPolicy.canManage)
  @ApiCreatedResponse({ type: PartnerDto })
  createPartner(@CurrentMember() actor: AuthenticatedMember, @Body() body: CreatePartnerDto, @Origin() origin: RequestOrigin): Promise<PartnerDto> {
    return this.networks.createPartner(actor, body, origin);
  }

  @Get('members')
  @AllowedWhen(networkPolicy.canManage)
  @ApiOkResponse({ type: MemberDto, isArray: true })
  members(@CurrentMember() actor: AuthenticatedMember): Promise<MemberDto[]> {
    return this.networks.members(actor);
  }

  @Patch('members/:id/roles')
  @AllowedWhen(networkPolicy.canManage)
  @ApiOkResponse({ type: MemberDto })
  changeRoles(@CurrentMember() actor: AuthenticatedMember, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ChangeRolesDto, @Origin() origin: RequestOrigin): Promise<MemberDto> {
    return this.networks.changeRoles(actor, id, body, origin);
  }

  @Delete('members/:id')
  @AllowedWhen(networkPolicy.canManage)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  removeMember(@CurrentMember() actor: AuthenticatedMember, @Param('id', new ParseUUIDPipe()) id: string, @Origin() origin: RequestOrigin): Promise<void> {
    return this.networks.removeMember(actor, id, origin);
  }

  @Post('working-groups')
  @AllowedWhen(networkPolicy.canManage)
  @ApiCreatedResponse({ type: WorkingGroupDto })
  createWorkingGroup(@CurrentMember() actor: AuthenticatedMember, @Body() body: CreateWorkingGroupDto, @Origin() origin: RequestOrigin): Promise<WorkingGroupDto> {
    return this.networks.createWorkingGroup(actor, body, origin);
  }

  @Post('working-groups/:id/members')
  @AllowedWhen(networkPolicy.canManage)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  addToWorkingGroup(@CurrentMember() actor: AuthenticatedMember, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: WorkingGroupMemberDto, @Origin() origin: RequestOrigin): Promise<void> {
    return this.networks.addToWorkingGroup(actor, id, body.memberId, origin);
  }

  @Delete('working-groups/:id/members/:memberId')
  @AllowedWhen(networkPolicy.canManage)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  removeFromWorkingGroup(
    @CurrentMember() actor: AuthenticatedMember,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('memberId', new ParseUUIDPipe()) memberId: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.networks.removeFromWorkingGroup(actor, id, memberId, origin);
  }

  @Get('invitations')
  @AllowedWhen(networkPolicy.canManage)
  @ApiOkResponse({ type: InvitationDto, isArray: true })
  invitations(@CurrentMember() actor: AuthenticatedMember): Promise<InvitationDto[]> {
    return this.networks.invitations(actor);
  }

  @Post('invitations')
  @AllowedWhen(networkPolicy.canManage)
  @ApiCreatedResponse({ type: InvitationDto, description: 'The member is created and the link mailed (or kept in the outbox)' })
  invite(@CurrentMember() actor: AuthenticatedMember, @Body() body: CreateInvitationDto, @Origin() origin: RequestOrigin): Promise<InvitationDto> {
    return this.networks.invite(actor, body, origin);
  }
}
