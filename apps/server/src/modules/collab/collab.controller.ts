import { Controller, Get } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowedWhen } from '../auth/authenticated-member';
import { networkPolicy } from '../networks/network.policy';
import { CollabService } from './collab.service';
import { CollabStatsDto } from './dto/collab-stats.dto';

@ApiTags('collab')
@Controller('collab')
export class CollabController {
  constructor(private readonly collab: CollabService) {}

  /** Instance-wide counts (all networks): for coordinators, who run the service, not for every member. */
  @Get('stats')
  @AllowedWhen(networkPolicy.canManage)
  @ApiOkResponse({ type: CollabStatsDto })
  @ApiForbiddenResponse({ description: 'Only coordinators' })
  stats(): CollabStatsDto {
    return this.collab.stats();
  }
}
