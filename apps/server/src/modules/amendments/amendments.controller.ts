import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowedWhen, type AuthenticatedMember, CurrentMember, Origin, type RequestOrigin } from '../auth/authenticated-member';
import { amendmentPolicy } from './amendment.policy';
import { AmendmentsService } from './amendments.service';
import { CloseAmendmentDto, InviteAuthorDto, ProposeAmendmentDto } from './dto/amendment-requests.dto';
import { AmendmentDetailDto, AmendmentPreviewDto, AmendmentSummaryDto } from './dto/amendment-responses.dto';

const uuid = () => new ParseUUIDPipe();

/**
 * Amendments of a recommendation's passages. Adoption has no route: only a ballot's result
 * adopts (AmendmentsService.adopt). Another network's amendment or recommendation is not found (404).
 */
@ApiTags('amendments')
@ApiNotFoundResponse({ description: 'No such recommendation or amendment in your network' })
@Controller()
export class AmendmentsController {
  constructor(private readonly amendments: AmendmentsService) {}

  @Get('recommendations/:id/amendments')
  @ApiOkResponse({ type: AmendmentSummaryDto, isArray: true, description: 'Every amendment of the recommendation, oldest first, with its flags' })
  list(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string): Promise<AmendmentSummaryDto[]> {
    return this.amendments.list(member, id);
  }

  @Post('recommendations/:id/amendments')
  @ApiCreatedResponse({ type: AmendmentDetailDto, description: 'Proposes an amendment of a selected passage (or of a comment thread’s passage): whoever may comment may' })
  propose(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Body() body: ProposeAmendmentDto, @Origin() origin: RequestOrigin): Promise<AmendmentDetailDto> {
    return this.amendments.propose(member, id, body, origin);
  }

  @Get('amendments/:amendmentId')
  @ApiOkResponse({ type: AmendmentDetailDto, description: 'The amendment with its diff against the base passage' })
  get(@CurrentMember() member: AuthenticatedMember, @Param('amendmentId', uuid()) amendmentId: string): Promise<AmendmentDetailDto> {
    return this.amendments.get(member, amendmentId);
  }

  @Get('amendments/:amendmentId/preview')
  @ApiOkResponse({ type: AmendmentPreviewDto, description: 'What the recommendation will read if the amendment is adopted now' })
  preview(@CurrentMember() member: AuthenticatedMember, @Param('amendmentId', uuid()) amendmentId: string): Promise<AmendmentPreviewDto> {
    return this.amendments.preview(member, amendmentId);
  }

  @Post('amendments/:amendmentId/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AmendmentDetailDto, description: 'Its authors withdraw an open amendment, with a reason (kept, audited)' })
  withdraw(@CurrentMember() member: AuthenticatedMember, @Param('amendmentId', uuid()) amendmentId: string, @Body() body: CloseAmendmentDto, @Origin() origin: RequestOrigin): Promise<AmendmentDetailDto> {
    return this.amendments.withdraw(member, amendmentId, body.reason, origin);
  }

  @Post('amendments/:amendmentId/decline')
  @HttpCode(HttpStatus.OK)
  @AllowedWhen((member) => amendmentPolicy.mayDecline(member))
  @ApiOkResponse({ type: AmendmentDetailDto, description: 'A coordinator declines an open amendment, with a reason (kept, audited)' })
  decline(@CurrentMember() member: AuthenticatedMember, @Param('amendmentId', uuid()) amendmentId: string, @Body() body: CloseAmendmentDto, @Origin() origin: RequestOrigin): Promise<AmendmentDetailDto> {
    return this.amendments.decline(member, amendmentId, body.reason, origin);
  }

  @Post('amendments/:amendmentId/authors')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AmendmentDetailDto, description: 'An author invites a member of the network to edit the amendment with them' })
  invite(@CurrentMember() member: AuthenticatedMember, @Param('amendmentId', uuid()) amendmentId: string, @Body() body: InviteAuthorDto, @Origin() origin: RequestOrigin): Promise<AmendmentDetailDto> {
    return this.amendments.invite(member, amendmentId, body.memberId, origin);
  }
}
