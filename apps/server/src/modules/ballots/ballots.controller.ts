import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowedWhen, type AuthenticatedMember, CurrentMember, type MemberContext, Origin, type RequestOrigin } from '../auth/authenticated-member';
import { ballotPolicy } from './ballot.policy';
import { BallotManagementNotAllowedException, NotYourPartnersVoteException } from './ballots.exception';
import { BallotsService } from './ballots.service';
import { CastVoteDto, CloseBallotDto, ExtendBallotDto, OpenBallotDto, OutcomeStatementDto } from './dto/ballot-requests.dto';
import { BallotDto, BallotSummaryDto, BallotVerificationDto, ParticipationDto } from './dto/ballot-responses.dto';

const uuid = () => new ParseUUIDPipe();
const mayManage = (member: MemberContext) => ballotPolicy.mayManage(member);
const mayVote = (member: MemberContext) => ballotPolicy.mayVote(member);

/**
 * Partner ballots. Every member of the network sees them; coordinators open, extend and close
 * them; a partner's delegate (or its substitute while the delegate has not voted) casts the
 * partner's one vote. Another network's ballot is not found.
 */
@ApiTags('ballots')
@Controller('ballots')
export class BallotsController {
  constructor(private readonly ballots: BallotsService) {}

  @Get()
  @ApiOkResponse({ type: BallotSummaryDto, isArray: true, description: 'Open ballots first, then the newest; for delegates with their partner’s vote' })
  list(@CurrentMember() member: AuthenticatedMember): Promise<BallotSummaryDto[]> {
    return this.ballots.list(member);
  }

  @Post()
  @AllowedWhen(mayManage, () => new BallotManagementNotAllowedException())
  @ApiCreatedResponse({ type: BallotDto, description: 'Opens a ballot; on a recommendation, freezes its text and records the version voted on' })
  @ApiForbiddenResponse({ description: 'Only coordinators open ballots' })
  open(@CurrentMember() member: AuthenticatedMember, @Body() body: OpenBallotDto, @Origin() origin: RequestOrigin): Promise<BallotDto> {
    return this.ballots.open(member, body, origin);
  }

  @Get('participation')
  @AllowedWhen(mayManage, () => new BallotManagementNotAllowedException())
  @ApiOkResponse({ type: ParticipationDto, isArray: true, description: 'Per partner: ballots it could vote in and voted in, comments and amendments made' })
  participation(@CurrentMember() member: AuthenticatedMember): Promise<ParticipationDto[]> {
    return this.ballots.participation(member);
  }

  @Get(':id')
  @ApiOkResponse({ type: BallotDto })
  @ApiNotFoundResponse({ description: 'No such ballot in your network' })
  get(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string): Promise<BallotDto> {
    return this.ballots.get(member, id);
  }

  @Put(':id/vote')
  @AllowedWhen(mayVote, () => new NotYourPartnersVoteException())
  @ApiOkResponse({ type: BallotDto, description: 'Casts or changes your partner’s vote until the deadline' })
  @ApiForbiddenResponse({ description: 'Not a delegate or substitute, a partner not eligible, or a substitute after the delegate voted' })
  @ApiNotFoundResponse({ description: 'No such ballot in your network' })
  vote(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Body() body: CastVoteDto, @Origin() origin: RequestOrigin): Promise<BallotDto> {
    return this.ballots.cast(member, id, body.choice, origin);
  }

  @Post(':id/extend')
  @HttpCode(HttpStatus.OK)
  @AllowedWhen(mayManage, () => new BallotManagementNotAllowedException())
  @ApiOkResponse({ type: BallotDto, description: 'Moves the deadline later, before it passes, with a reason' })
  extend(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Body() body: ExtendBallotDto, @Origin() origin: RequestOrigin): Promise<BallotDto> {
    return this.ballots.extend(member, id, body.deadline, body.reason, origin);
  }

  @Post(':id/close')
  @HttpCode(HttpStatus.OK)
  @AllowedWhen(mayManage, () => new BallotManagementNotAllowedException())
  @ApiOkResponse({ type: BallotDto, description: 'Closes before the deadline, only when every eligible partner has voted; stores the result' })
  close(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Body() body: CloseBallotDto, @Origin() origin: RequestOrigin): Promise<BallotDto> {
    return this.ballots.closeEarly(member, id, body.outcomeStatement, origin);
  }

  @Put(':id/outcome')
  @AllowedWhen(mayManage, () => new BallotManagementNotAllowedException())
  @ApiOkResponse({ type: BallotDto, description: 'Writes the short outcome statement of a closed ballot' })
  outcome(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Body() body: OutcomeStatementDto, @Origin() origin: RequestOrigin): Promise<BallotDto> {
    return this.ballots.writeOutcome(member, id, body.statement, origin);
  }

  @Get(':id/verify')
  @ApiOkResponse({ type: BallotVerificationDto, description: 'Recomputes the stored result from its votes and rule, its hash and its link to the version voted on' })
  verify(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string): Promise<BallotVerificationDto> {
    return this.ballots.verify(member, id);
  }
}
