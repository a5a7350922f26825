import { ApiProperty } from '@nestjs/swagger';
import { EXPORT_KINDS, type EditionView, type ExportFileView, type ExportKind, type PublishingCapabilities } from '@accord/contracts';

export class ExportFileDto implements ExportFileView {
  @ApiProperty({ enum: EXPORT_KINDS }) kind: ExportKind;
  @ApiProperty({ example: 'ec-net-recommendation-2026-04-edition-1.pdf' }) fileName: string;
  @ApiProperty() mediaType: string;
  @ApiProperty({ description: 'SHA-256 of the stored bytes (hex)' }) sha256: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ description: 'How long rendering took at publication, in milliseconds' }) renderMs: number;
  @ApiProperty({ description: 'Public address of the file (no sign-in)' }) url: string;
}

export class BallotSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() result: string;
  @ApiProperty() resultHash: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) tallies: Record<string, number>;
  @ApiProperty({ type: String, isArray: true, description: 'The partners that voted' }) partners: string[];
}

export class PublisherDto {
  @ApiProperty() name: string;
  @ApiProperty() partner: string;
}

export class EditionDto implements EditionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'EC-NET Recommendation 2026/04, edition 1' }) label: string;
  @ApiProperty({ example: 'EC-NET Recommendation' }) series: string;
  @ApiProperty({ example: '2026/04' }) number: string;
  @ApiProperty() edition: number;
  @ApiProperty() title: string;
  @ApiProperty() language: string;
  @ApiProperty({ type: String, isArray: true }) languages: string[];
  @ApiProperty() versionNumber: number;
  @ApiProperty({ description: 'SHA-256 of the canonical JSON of the text' }) contentHash: string;
  @ApiProperty({ description: 'The version chain hash of the published version' }) chainHash: string;
  @ApiProperty({ type: BallotSummaryDto, nullable: true, description: 'The adopting ballot, when Accord knows it' }) ballot: BallotSummaryDto | null;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ type: PublisherDto }) publisher: PublisherDto;
  @ApiProperty({ type: String, nullable: true, description: 'For errata: what the correction fixes' }) erratumReason: string | null;
  @ApiProperty({ description: 'Public page of this edition' }) publicUrl: string;
  @ApiProperty({ type: ExportFileDto, isArray: true }) exports: ExportFileDto[];
  @ApiProperty({ description: 'True when the PDFs are missing because no Chromium was installed at publication' }) pdfMissing: boolean;
}

export class PublishingCapabilitiesDto implements PublishingCapabilities {
  @ApiProperty({ description: 'Whether this server can print PDFs (a Chromium is installed)' }) pdfAvailable: boolean;
  @ApiProperty({ description: 'Whether you may publish (a coordinator of the lead partner)' }) canPublish: boolean;
}

export class HashMatchDto {
  @ApiProperty() label: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: EXPORT_KINDS }) kind: ExportKind;
  @ApiProperty() fileName: string;
  @ApiProperty() publicUrl: string;
  @ApiProperty() fileUrl: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
}

export class HashVerificationDto {
  @ApiProperty() sha256: string;
  @ApiProperty({ description: 'True when a published file has exactly this hash' }) match: boolean;
  @ApiProperty({ type: HashMatchDto, isArray: true }) matches: HashMatchDto[];
}
