/** Published editions and exports, as the server sends them and the web app shows them. */
export const EXPORT_KINDS = ['pdf', 'docx', 'markdown', 'html', 'dossier-json', 'dossier-pdf'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** What a member may export of the current text (marked "draft, not adopted"). */
export const DRAFT_EXPORT_FORMATS = ['pdf', 'docx', 'markdown', 'html'] as const;
export type DraftExportFormat = (typeof DRAFT_EXPORT_FORMATS)[number];

export const ERRATUM_REASON_MAX_CHARACTERS = 500;
export const ERRATUM_REASON_MIN_CHARACTERS = 3;

export interface ExportFileView {
  kind: ExportKind;
  fileName: string;
  mediaType: string;
  sha256: string;
  size: number;
  renderMs: number;
  /** Public address of the stored file. */
  url: string;
}

export interface EditionView {
  id: string;
  /** "EC-NET Recommendation 2026/04, edition 1". */
  label: string;
  series: string;
  number: string;
  edition: number;
  title: string;
  language: string;
  languages: string[];
  versionNumber: number;
  contentHash: string;
  chainHash: string;
  ballot: { id: string; result: string; resultHash: string; tallies: Record<string, number>; partners: string[] } | null;
  publishedAt: string;
  publisher: { name: string; partner: string };
  erratumReason: string | null;
  publicUrl: string;
  exports: ExportFileView[];
  pdfMissing: boolean;
}

export interface PublishingCapabilities {
  /** Whether the server can print PDFs (a Chromium is installed). */
  pdfAvailable: boolean;
  /** Whether the signed-in member may publish (a coordinator of the lead partner). */
  canPublish: boolean;
}
