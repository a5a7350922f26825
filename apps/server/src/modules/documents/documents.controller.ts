import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowedWhen, type AuthenticatedMember, CurrentMember, Origin, type RequestOrigin } from '../auth/authenticated-member';
import { documentPolicy } from './document.policy';
import { DocumentsService } from './documents.service';
import { ChangeRecommendationStatusDto, CreateRecommendationDto, RecommendationListQueryDto } from './dto/recommendation-request.dto';
import { RecommendationDetailDto, RecommendationSummaryDto } from './dto/recommendation-response.dto';

@ApiTags('recommendations')
@Controller('recommendations')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @ApiOkResponse({ type: RecommendationSummaryDto, isArray: true, description: "Your network's recommendations, optionally filtered" })
  list(@CurrentMember() member: AuthenticatedMember, @Query() filter: RecommendationListQueryDto): Promise<RecommendationSummaryDto[]> {
    return this.documents.list(member, filter);
  }

  @Get(':id')
  @ApiOkResponse({ type: RecommendationDetailDto })
  @ApiNotFoundResponse({ description: 'No recommendation with this id in your network' })
  get(@CurrentMember() member: AuthenticatedMember, @Param('id', new ParseUUIDPipe()) id: string): Promise<RecommendationDetailDto> {
    return this.documents.get(member, id);
  }

  @Post()
  @AllowedWhen((member) => documentPolicy.mayCreate(member))
  @ApiCreatedResponse({ type: RecommendationDetailDto, description: 'Editors (in their working groups) and coordinators' })
  create(@CurrentMember() member: AuthenticatedMember, @Body() body: CreateRecommendationDto, @Origin() origin: RequestOrigin): Promise<RecommendationDetailDto> {
    return this.documents.create(member, body, origin);
  }

  @Patch(':id/status')
  @AllowedWhen((member) => documentPolicy.mayChangeStatus(member))
  @ApiOkResponse({ type: RecommendationDetailDto, description: 'Coordinators; only between draft and in review (409 STATUS_NOT_SET_BY_HAND otherwise)' })
  changeStatus(
    @CurrentMember() member: AuthenticatedMember,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ChangeRecommendationStatusDto,
    @Origin() origin: RequestOrigin,
  ): Promise<RecommendationDetailDto> {
    return this.documents.changeStatus(member, id, body, origin);
  }

  @Delete(':id')
  @AllowedWhen((member) => documentPolicy.mayDelete(member))
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Coordinators' })
  delete(@CurrentMember() member: AuthenticatedMember, @Param('id', new ParseUUIDPipe()) id: string, @Origin() origin: RequestOrigin): Promise<void> {
    return this.documents.delete(member, id, origin);
  }
}
