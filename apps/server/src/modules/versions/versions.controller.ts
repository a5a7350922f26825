import { Body, Controller, Get, HttpCode, HttpStatus, Injectable, Param, ParseIntPipe, ParseUUIDPipe, Patch, Post, Query, type PipeTransform } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { MemberRole } from '@accord/contracts';
import { AllowedWhen, type AuthenticatedMember, CurrentMember, Origin, type RequestOrigin, type MemberContext } from '../auth/authenticated-member';
import { NameVersionDto, VersionCompareParamsDto, VersionListQueryDto } from './dto/version-requests.dto';
import { VersionComparisonDto, VersionDetailDto, VersionPageDto, VersionSummaryDto, VersionVerificationDto } from './dto/version-responses.dto';
import { VersionNotFoundException } from './versions.exception';
import { VersionsService } from './versions.service';

const uuid = () => new ParseUUIDPipe();
/** Versions are numbered in a PostgreSQL integer: a larger number names no version (404), never a failed query. */
const LARGEST_VERSION_NUMBER = 2_147_483_647;

@Injectable()
class VersionNumberPipe implements PipeTransform<string, Promise<number>> {
  private readonly integer = new ParseIntPipe();

  async transform(value: string): Promise<number> {
    const number = Number(await this.integer.transform(value, { type: 'param' }));
    if (number > LARGEST_VERSION_NUMBER) throw new VersionNotFoundException(number);
    return number;
  }
}

const versionNumber = () => new VersionNumberPipe();
/** Only roles that can edit some text may name or restore; the document policy then decides per recommendation. */
const EDITING_ROLES: readonly MemberRole[] = ['coordinator', 'editor'];
const mayEditSomeText = (member: MemberContext) => member.roles.some((role) => EDITING_ROLES.includes(role));

/**
 * Version history of a recommendation. Everyone who can read the text sees its history; editors
 * (the document policy's canEdit) name and restore; another network's recommendation is not found.
 */
@ApiTags('versions')
@ApiNotFoundResponse({ description: 'No such recommendation in your network, or no such version of it' })
@Controller('recommendations/:id/versions')
export class VersionsController {
  constructor(private readonly versions: VersionsService) {}

  @Get()
  @ApiOkResponse({ type: VersionPageDto, description: 'The timeline, newest first, a page at a time' })
  list(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Query() query: VersionListQueryDto): Promise<VersionPageDto> {
    return this.versions.list(member, id, query.before ?? null, query.limit);
  }

  @Post()
  @AllowedWhen(mayEditSomeText)
  @ApiCreatedResponse({ type: VersionSummaryDto, description: 'Names the current state: a new version of kind "named"' })
  name(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Body() body: NameVersionDto): Promise<VersionSummaryDto> {
    return this.versions.name(member, id, body.name);
  }

  @Get(':number')
  @ApiOkResponse({ type: VersionDetailDto })
  get(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Param('number', versionNumber()) number: number): Promise<VersionDetailDto> {
    return this.versions.get(member, id, number);
  }

  @Patch(':number')
  @AllowedWhen(mayEditSomeText)
  @ApiOkResponse({ type: VersionSummaryDto, description: 'Renames a version (the name is the only thing about a version that can change)' })
  rename(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Param('number', versionNumber()) number: number, @Body() body: NameVersionDto): Promise<VersionSummaryDto> {
    return this.versions.rename(member, id, number, body.name);
  }

  @Get(':number/compare/:to')
  @ApiOkResponse({ type: VersionComparisonDto, description: 'Compares version :number with version :to, or with the current text (:to = current): both texts as TipTap JSON and the changes by block and word, with the authors of inserted text where known' })
  compare(@CurrentMember() member: AuthenticatedMember, @Param() params: VersionCompareParamsDto): Promise<VersionComparisonDto> {
    return this.versions.compare(member, params.id, params.number, params.to === 'current' ? 'current' : Number(params.to));
  }

  @Get(':number/verify')
  @ApiOkResponse({ type: VersionVerificationDto, description: 'Recomputes the hashes of every version up to this one and says whether the chain is intact' })
  verify(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Param('number', versionNumber()) number: number): Promise<VersionVerificationDto> {
    return this.versions.verify(member, id, number);
  }

  @Post(':number/restore')
  @HttpCode(HttpStatus.OK)
  @AllowedWhen(mayEditSomeText)
  @ApiOkResponse({ type: VersionSummaryDto, description: 'Restores the version as a new change on top of the current text (kept as a version first); the answer is the new version of kind "restore"' })
  restore(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Param('number', versionNumber()) number: number, @Origin() origin: RequestOrigin): Promise<VersionSummaryDto> {
    return this.versions.restore(member, id, number, origin);
  }
}
