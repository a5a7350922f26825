import { ApiProperty } from '@nestjs/swagger';

export class CollabStatsDto {
  @ApiProperty({ description: 'Documents held in memory' }) liveDocuments: number;
  @ApiProperty({ description: 'Open collaboration connections' }) connections: number;
  @ApiProperty({ description: 'Bytes of edits applied but not yet stored' }) queuedBytes: number;
  @ApiProperty({ enum: ['healthy', 'unavailable'] }) storage: 'healthy' | 'unavailable';
  @ApiProperty({ description: 'Compactions that failed since the start (the log is kept and retried)' }) compactionFailures: number;
  @ApiProperty({ description: 'Why the last compaction failed, with its document id', nullable: true, type: String }) lastCompactionError: string | null;
  @ApiProperty({ description: 'Frames handled since the start' }) framesHandled: number;
  @ApiProperty({ description: 'Longest time one frame held the event loop, in milliseconds' }) longestFrameMs: number;
}
