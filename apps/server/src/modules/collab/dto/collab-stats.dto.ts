import { ApiProperty } from '@nestjs/swagger';

export class CollabStatsDto {
  @ApiProperty({ description: 'Documents held in memory' }) liveDocuments: number;
  @ApiProperty({ description: 'Open collaboration connections' }) connections: number;
  @ApiProperty({ description: 'Bytes of edits applied but not yet stored' }) queuedBytes: number;
  @ApiProperty({ enum: ['healthy', 'unavailable'] }) storage: 'healthy' | 'unavailable';
}
