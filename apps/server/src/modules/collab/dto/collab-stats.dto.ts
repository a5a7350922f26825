import { ApiProperty } from '@nestjs/swagger';

export class ClusterStatsDto {
  @ApiProperty({ enum: ['single', 'cluster'], description: 'single: no REDIS_URL' }) mode: 'single' | 'cluster';
  @ApiProperty({ enum: ['connected', 'degraded'], nullable: true, type: String }) link: 'connected' | 'degraded' | null;
  @ApiProperty({ description: 'Other instances heard within CLUSTER_INSTANCE_TIMEOUT_MS' }) peers: number;
  @ApiProperty({ description: 'Catch-up requests this instance sent (one per document it opened, and per document at each heal)' }) catchUpRequests: number;
  @ApiProperty({ description: 'Catch-up requests of other instances this instance answered' }) catchUpAnswers: number;
  @ApiProperty({ description: 'Updates of other instances applied here and not yet known to be stored' }) unstoredPeerUpdates: number;
}

export class CollabStatsDto {
  @ApiProperty({ description: 'Documents held in memory' }) liveDocuments: number;
  @ApiProperty({ description: 'Open collaboration connections' }) connections: number;
  @ApiProperty({ description: 'Bytes of edits applied but not yet stored' }) queuedBytes: number;
  @ApiProperty({ enum: ['healthy', 'unavailable'] }) storage: 'healthy' | 'unavailable';
  @ApiProperty({ description: 'Compactions that failed since the start (the log is kept and retried)' }) compactionFailures: number;
  @ApiProperty({ description: 'Why the last compaction failed, with its document id', nullable: true, type: String }) lastCompactionError: string | null;
  @ApiProperty({ description: 'Frames handled since the start' }) framesHandled: number;
  @ApiProperty({ description: 'Longest time one frame held the event loop, in milliseconds' }) longestFrameMs: number;
  @ApiProperty({ type: ClusterStatsDto }) cluster: ClusterStatsDto;
}
