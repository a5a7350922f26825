import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowedWhen, type AuthenticatedMember, CurrentMember, Origin, Public, type RequestOrigin } from '../auth/authenticated-member';
import { DraftExportParamsDto, PublishEditionDto, PublishErratumDto, VerifyQueryDto } from './dto/publishing-requests.dto';
import { EditionDto, HashVerificationDto, PublishingCapabilitiesDto } from './dto/publishing-responses.dto';
import { publishingPolicy } from './publishing.policy';
import { PublishingService } from './publishing.service';

const uuid = () => new ParseUUIDPipe();

/**
 * Editions of a recommendation: listed for every member, published by the lead partner's
 * coordinators (the first edition, then errata). There is no route that changes or deletes an
 * edition. Draft exports are for every member who can read the text.
 */
@ApiTags('publishing')
@Controller()
export class PublishingController {
  constructor(private readonly publishing: PublishingService) {}

  @Get('publishing/capabilities')
  @ApiOkResponse({ type: PublishingCapabilitiesDto, description: 'Whether this server can render PDFs, and whether you may publish' })
  capabilities(@CurrentMember() member: AuthenticatedMember): Promise<PublishingCapabilitiesDto> {
    return this.publishing.capabilities(member);
  }

  @Get('recommendations/:id/editions')
  @ApiNotFoundResponse({ description: 'No such recommendation in your network' })
  @ApiOkResponse({ type: EditionDto, isArray: true, description: 'Every edition, oldest first, with its files and their hashes' })
  list(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string): Promise<EditionDto[]> {
    return this.publishing.listEditions(member, id);
  }

  @Post('recommendations/:id/editions')
  @AllowedWhen(publishingPolicy.mayPublish)
  @ApiCreatedResponse({ type: EditionDto, description: 'Publishes edition 1 of an adopted recommendation: numbered, rendered once (PDF, DOCX, Markdown, HTML, decision dossier) and immutable' })
  @ApiForbiddenResponse({ description: 'Only coordinators of the lead partner publish (PUBLISHING_NOT_ALLOWED)' })
  @ApiConflictResponse({ description: 'The recommendation is not adopted (RECOMMENDATION_NOT_ADOPTED)' })
  publish(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Body() body: PublishEditionDto, @Origin() origin: RequestOrigin): Promise<EditionDto> {
    return this.publishing.publishFirst(member, id, body.versionNumber, origin);
  }

  @Post('recommendations/:id/editions/errata')
  @AllowedWhen(publishingPolicy.mayPublish)
  @ApiCreatedResponse({ type: EditionDto, description: 'Publishes a correction: the next edition of the same number, from a new version, with its reason' })
  @ApiForbiddenResponse({ description: 'Only coordinators of the lead partner publish (PUBLISHING_NOT_ALLOWED)' })
  @ApiConflictResponse({ description: 'Not published yet (RECOMMENDATION_NOT_PUBLISHED), or the text equals the latest edition (ERRATUM_UNCHANGED)' })
  publishErratum(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Body() body: PublishErratumDto, @Origin() origin: RequestOrigin): Promise<EditionDto> {
    return this.publishing.publishErratum(member, id, body.versionNumber, body.reason, origin);
  }

  @Get('recommendations/:id/draft-exports/:format')
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/markdown', 'text/html')
  @ApiOkResponse({ description: 'The current text as a file marked "draft, not adopted" (rendered now, not stored)' })
  async draftExport(@CurrentMember() member: AuthenticatedMember, @Param() params: DraftExportParamsDto, @Res() response: Response): Promise<void> {
    const file = await this.publishing.draftExport(member, params.id, params.format);
    response.setHeader('Content-Type', file.mediaType);
    response.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    response.send(file.bytes);
  }

  @Get('public/verify')
  @Public()
  @ApiOkResponse({ type: HashVerificationDto, description: 'Anyone: which published file, if any, has this SHA-256' })
  verify(@Query() query: VerifyQueryDto): Promise<HashVerificationDto> {
    return this.publishing.verify(query.sha256);
  }
}
