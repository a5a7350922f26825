import type { StructuralDiff } from '@accord/editor';
import { ApiProperty } from '@nestjs/swagger';
import { VERSION_KINDS, type VersionKind } from '../document-version.entity';

export class ContributorDto {
  @ApiProperty() memberId: string;
  @ApiProperty() displayName: string;
  @ApiProperty() partnerId: string;
  @ApiProperty() partnerName: string;
}

export class VersionSummaryDto {
  @ApiProperty({ description: 'Numbered from 1 per document' }) number: number;
  @ApiProperty({ enum: VERSION_KINDS }) kind: VersionKind;
  @ApiProperty({ type: String, nullable: true, description: 'For kind "event": what happened, e.g. "ballot opened"' }) eventLabel: string | null;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: ContributorDto, nullable: true, description: 'Who made it (named and restore versions); null for automatic ones' }) createdBy: ContributorDto | null;
  @ApiProperty({ type: ContributorDto, isArray: true, description: 'Members whose edits (by the server’s record of their connections) reached the text since the version before' })
  contributors: ContributorDto[];
  @ApiProperty() wordsAdded: number;
  @ApiProperty() wordsRemoved: number;
  @ApiProperty({ description: 'SHA-256 of the canonical JSON of the text (hex)' }) contentHash: string;
  @ApiProperty({ description: 'SHA-256(previous chain hash + content hash) (hex)' }) chainHash: string;
  @ApiProperty({ description: 'The first 12 hex digits of the chain hash, for display' }) shortHash: string;
  @ApiProperty({ type: Number, nullable: true, description: 'For kind "restore": the version restored' }) restoredFrom: number | null;
}

export class VersionPageDto {
  @ApiProperty({ type: VersionSummaryDto, isArray: true, description: 'Newest first' }) versions: VersionSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Pass as `before` for the next page; null on the last page' }) nextBefore: number | null;
}

export class VersionDetailDto extends VersionSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The text as TipTap JSON' }) content: Record<string, unknown>;
}

export class ComparedTextDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Null for the current text' }) number: number | null;
  @ApiProperty() contentHash: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) content: Record<string, unknown>;
}

export class VersionComparisonDto {
  @ApiProperty({ type: ComparedTextDto }) from: ComparedTextDto;
  @ApiProperty({ type: ComparedTextDto }) to: ComparedTextDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The structural diff (libs/editor structural-diff.ts): the document tree with each block equal, inserted, deleted, modified or moved, and word runs inside changed text blocks; author keys are member ids',
  })
  diff: StructuralDiff;
  @ApiProperty({ type: ContributorDto, isArray: true, description: 'The members the diff names' }) authors: ContributorDto[];
  @ApiProperty() wordsAdded: number;
  @ApiProperty() wordsRemoved: number;
}

export class VersionVerificationDto {
  @ApiProperty() number: number;
  @ApiProperty({ description: 'True when every version up to this one recomputes to its stored hashes' }) intact: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'The first version that does not' }) brokenAt: number | null;
  @ApiProperty({ type: String, nullable: true, enum: ['state', 'content', 'chain'], description: 'What did not match: the stored Yjs state, the content hash, or the chain link' })
  reason: 'state' | 'content' | 'chain' | null;
  @ApiProperty({ description: 'The stored chain hash of this version' }) chainHash: string;
  @ApiProperty({ description: 'The chain hash recomputed from the content of every version up to this one' }) recomputedChainHash: string;
}
