import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DocumentsService } from './documents.service';
import { RecommendationDetailDto, RecommendationSummaryDto } from './dto/recommendation-response.dto';

@ApiTags('recommendations')
@Controller('recommendations')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @ApiOkResponse({ type: RecommendationSummaryDto, isArray: true })
  list(): Promise<RecommendationSummaryDto[]> {
    return this.documents.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: RecommendationDetailDto })
  @ApiNotFoundResponse({ description: 'No recommendation with this id' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<RecommendationDetailDto> {
    return this.documents.get(id);
  }
}
