import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CollabService } from './collab.service';
import { CollabStatsDto } from './dto/collab-stats.dto';

@ApiTags('collab')
@Controller('collab')
export class CollabController {
  constructor(private readonly collab: CollabService) {}

  @Get('stats')
  @ApiOkResponse({ type: CollabStatsDto })
  stats(): CollabStatsDto {
    return this.collab.stats();
  }
}
