import type { JSONContent } from '@accord/editor';
import { INTL_LOCALES, pickLanguage, type Language } from '@accord/i18n';
import { translate } from '../../../common/i18n/translator';
import type { BallotRecord } from '../decision-record';

/** Everything a renderer needs about one text: an edition, or the current draft. */
export interface EditionDocument {
  networkName: string;
  title: string;
  /** "EC-NET Recommendation 2026/04"; null for a draft. */
  numberLabel: string | null;
  editionNumber: number | null;
  /** BCP 47 tag of the text's language. */
  language: string;
  languages: string[];
  /** ISO date-time of publication, or of the draft export. */
  date: string;
  publisher: string | null;
  contentHash: string;
  chainHash: string | null;
  versionNumber: number | null;
  ballot: BallotRecord | null;
  erratumReason: string | null;
  /** A draft export: marked "draft, not adopted" everywhere. */
  draft: boolean;
  /** The text, with links already limited to http(s) and mailto. */
  content: JSONContent;
}

/** The language the colophon and the marks around the text are written in: the text's own where Accord speaks it. */
export function labelLanguage(document: Pick<EditionDocument, 'language'>): Language {
  return pickLanguage([document.language]) ?? 'en';
}

export function formatDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[language], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
}

export function tallyText(tallies: Record<string, number>): string {
  return Object.entries(tallies)
    .map(([option, count]) => `${option} ${count}`)
    .join(', ');
}

/** The colophon as label and value pairs, in the order every export prints them. */
export function colophonOf(document: EditionDocument): { label: string; value: string }[] {
  const language = labelLanguage(document);
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(language, key, params);
  const rows: { label: string; value: string }[] = [{ label: t('server.publishing.colophon.network'), value: document.networkName }];
  if (document.draft) {
    rows.push({ label: t('server.publishing.colophon.status'), value: t('server.publishing.draftMark') });
  } else {
    rows.push({ label: t('server.publishing.colophon.number'), value: document.numberLabel ?? '' });
    rows.push({ label: t('server.publishing.colophon.edition'), value: String(document.editionNumber ?? '') });
  }
  if (document.erratumReason) rows.push({ label: t('server.publishing.colophon.correction'), value: document.erratumReason });
  rows.push({ label: t(document.draft ? 'server.publishing.colophon.exported' : 'server.publishing.colophon.published'), value: formatDate(document.date, language) });
  if (document.publisher) rows.push({ label: t('server.publishing.colophon.publisher'), value: document.publisher });
  rows.push({ label: t('server.publishing.colophon.languages'), value: document.languages.join(', ') });
  rows.push({ label: t('server.publishing.colophon.textHash'), value: document.contentHash });
  if (document.chainHash) rows.push({ label: t('server.publishing.colophon.chainHash'), value: `${document.chainHash} (${t('server.publishing.colophon.version', { number: document.versionNumber ?? 0 })})` });
  rows.push({
    label: t('server.publishing.colophon.ballot'),
    value: document.ballot
      ? t('server.publishing.colophon.ballotResult', { result: document.ballot.result, tallies: tallyText(document.ballot.tallies), hash: document.ballot.resultHash })
      : t(document.draft ? 'server.publishing.colophon.notAdopted' : 'server.publishing.colophon.ballotUnknown'),
  });
  return rows;
}
