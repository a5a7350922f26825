import { escapeHtmlText as text, type JSONContent } from '@accord/editor';
import { translate } from '../../../common/i18n/translator';
import type { AmendmentRecord, BallotRecord } from '../decision-record';
import { formatDate, labelLanguage, tallyText, type EditionDocument } from './edition-document';
import { colophonHtml, EDITION_STYLE_HASH, editionBodyHtml, editionHeaderHtml } from './standalone-html';
import { EDITION_CSS } from './edition-styles';

export const DOSSIER_FORMAT = 'accord-decision-dossier/1';

export interface ChainLinkRecord {
  number: number;
  contentHash: string;
  previousHash: string | null;
  chainHash: string;
}

export interface EarlierEditionRecord {
  edition: number;
  publishedAt: string;
  contentHash: string;
  chainHash: string;
  erratumReason: string | null;
  exports: { kind: string; fileName: string; sha256: string }[];
}

/** The decision dossier as JSON: one file that proves the decision. Its shape is docs/decision-dossier.schema.json. */
export interface DecisionDossier {
  format: typeof DOSSIER_FORMAT;
  network: { name: string; slug: string };
  recommendation: { id: string; title: string; language: string };
  edition: {
    label: string;
    series: string;
    number: string;
    edition: number;
    publishedAt: string;
    publisher: { name: string; partner: string };
    languages: string[];
    erratumReason: string | null;
    versionNumber: number;
  };
  text: { contentHash: string; content: JSONContent };
  adoptingBallotId: string | null;
  amendments: AmendmentRecord[];
  ballots: BallotRecord[];
  outcomeStatements: string[];
  hashes: {
    algorithm: 'SHA-256';
    contentHash: string;
    versionChain: ChainLinkRecord[];
    ballotResults: { ballotId: string; resultHash: string }[];
    exports: { kind: string; fileName: string; sha256: string }[];
    earlierEditions: EarlierEditionRecord[];
  };
}

export interface DossierInput {
  document: EditionDocument;
  networkSlug: string;
  recommendationId: string;
  label: string;
  series: string;
  number: string;
  editionNumber: number;
  publisherName: string;
  publisherPartner: string;
  versionNumber: number;
  adoptingBallot: BallotRecord | null;
  ballots: BallotRecord[];
  amendments: AmendmentRecord[];
  versionChain: ChainLinkRecord[];
  exports: { kind: string; fileName: string; sha256: string }[];
  earlierEditions: EarlierEditionRecord[];
}

export function decisionDossierOf(input: DossierInput): DecisionDossier {
  const { document } = input;
  const ballots = input.adoptingBallot && !input.ballots.some((ballot) => ballot.id === input.adoptingBallot!.id) ? [...input.ballots, input.adoptingBallot] : input.ballots;
  return {
    format: DOSSIER_FORMAT,
    network: { name: document.networkName, slug: input.networkSlug },
    recommendation: { id: input.recommendationId, title: document.title, language: document.language },
    edition: {
      label: input.label,
      series: input.series,
      number: input.number,
      edition: input.editionNumber,
      publishedAt: document.date,
      publisher: { name: input.publisherName, partner: input.publisherPartner },
      languages: document.languages,
      erratumReason: document.erratumReason,
      versionNumber: input.versionNumber,
    },
    text: { contentHash: document.contentHash, content: document.content },
    adoptingBallotId: input.adoptingBallot?.id ?? null,
    amendments: input.amendments,
    ballots,
    outcomeStatements: ballots.flatMap((ballot) => (ballot.outcomeStatement ? [ballot.outcomeStatement] : [])),
    hashes: {
      algorithm: 'SHA-256',
      contentHash: document.contentHash,
      versionChain: input.versionChain,
      ballotResults: ballots.map((ballot) => ({ ballotId: ballot.id, resultHash: ballot.resultHash })),
      exports: input.exports,
      earlierEditions: input.earlierEditions,
    },
  };
}

/** The catalogue keys of the words the dossier records in English (outcomes, results, choices). */
const RECORDED_WORDS: Record<'outcomes' | 'results' | 'choices', Record<string, Parameters<typeof translate>[1]>> = {
  outcomes: {
    open: 'server.publishing.dossier.outcomes.open',
    'under-vote': 'server.publishing.dossier.outcomes.under-vote',
    adopted: 'server.publishing.dossier.outcomes.adopted',
    withdrawn: 'server.publishing.dossier.outcomes.withdrawn',
    declined: 'server.publishing.dossier.outcomes.declined',
    rejected: 'server.publishing.dossier.outcomes.rejected',
  },
  results: { adopted: 'server.publishing.dossier.results.adopted', rejected: 'server.publishing.dossier.results.rejected' },
  choices: { for: 'server.publishing.dossier.choices.for', against: 'server.publishing.dossier.choices.against', abstain: 'server.publishing.dossier.choices.abstain' },
};

/** The dossier as a printable HTML file (the PDF's source): the text, then the decision and every hash. */
export function dossierHtml(dossier: DecisionDossier, document: EditionDocument): string {
  const language = labelLanguage(document);
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(language, key, params);
  const none = `<p>${text(t('server.publishing.dossier.none'))}</p>`;
  /** A recorded word (an outcome, a choice) in the edition's language; a word without a key stays as recorded. */
  const word = (group: keyof typeof RECORDED_WORDS, value: string) => {
    const key = RECORDED_WORDS[group][value];
    return key ? t(key) : value;
  };
  const ballots = dossier.ballots.length
    ? dossier.ballots
        .map(
          (ballot) => `<section><h3>${text(ballot.question)}</h3>
<dl><dt>${text(t('server.publishing.dossier.rule'))}</dt><dd>${text(ballot.rule.description)}</dd>
<dt>${text(t('server.publishing.dossier.result'))}</dt><dd>${text(word('results', ballot.result))} (${text(tallyText(ballot.tallies))})</dd>
<dt>${text(t('server.publishing.dossier.quorum'))}</dt><dd>${text(t(ballot.quorumReached ? 'server.publishing.dossier.quorumReached' : 'server.publishing.dossier.quorumMissed', { quorum: ballot.rule.quorum }))}</dd>
<dt>${text(t('server.publishing.dossier.closed'))}</dt><dd>${text(formatDate(ballot.closedAt, language))}</dd>
<dt>${text(t('server.publishing.dossier.resultHash'))}</dt><dd class="hash">${text(ballot.resultHash)}</dd></dl>
<table><caption>${text(t('server.publishing.dossier.votes'))}</caption><thead><tr><th scope="col">${text(t('server.publishing.dossier.partner'))}</th><th scope="col">${text(t('server.publishing.dossier.choice'))}</th><th scope="col">${text(t('server.publishing.dossier.castBy'))}</th></tr></thead>
<tbody>${ballot.votes.map((vote) => `<tr><td>${text(vote.partnerName)}</td><td>${text(word('choices', vote.choice))}</td><td>${text(vote.castBy)}</td></tr>`).join('')}</tbody></table>
${ballot.outcomeStatement ? `<p>${text(ballot.outcomeStatement)}</p>` : ''}</section>`,
        )
        .join('\n')
    : none;
  const amendments = dossier.amendments.length
    ? `<ul>${dossier.amendments.map((amendment) => `<li>${text(amendment.title)}: ${text(word('outcomes', amendment.outcome))}</li>`).join('')}</ul>`
    : none;
  const chain = `<table><caption>${text(t('server.publishing.dossier.versionChain'))}</caption><thead><tr><th scope="col">${text(t('server.publishing.dossier.versionNumber'))}</th><th scope="col">${text(t('server.publishing.colophon.textHash'))}</th><th scope="col">${text(t('server.publishing.colophon.chainHash'))}</th></tr></thead><tbody>${dossier.hashes.versionChain
    .map((link) => `<tr><td>${link.number}</td><td class="hash">${link.contentHash}</td><td class="hash">${link.chainHash}</td></tr>`)
    .join('')}</tbody></table>`;
  const files = dossier.hashes.exports.length
    ? `<table><caption>${text(t('server.publishing.dossier.files'))}</caption><tbody>${dossier.hashes.exports.map((file) => `<tr><th scope="row">${text(file.fileName)}</th><td class="hash">${file.sha256}</td></tr>`).join('')}</tbody></table>`
    : '';
  return `<!doctype html>
<html lang="${text(document.language)}">
<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${EDITION_STYLE_HASH}"><title>${text(t('server.publishing.dossier.title', { label: dossier.edition.label }))}</title><style>${EDITION_CSS}</style></head>
<body><main>
<h1>${text(t('server.publishing.dossier.title', { label: dossier.edition.label }))}</h1>
<section><h2>${text(t('server.publishing.dossier.text'))}</h2>${editionHeaderHtml(document, 2).replace(/<h2 /, '<h3 ').replace(/<\/h2>/, '</h3>')}<article class="edition-text" lang="${text(document.language)}">${demote(editionBodyHtml(document))}</article></section>
<section><h2>${text(t('server.publishing.dossier.ballots'))}</h2>${ballots}</section>
<section><h2>${text(t('server.publishing.dossier.amendments'))}</h2>${amendments}</section>
<section><h2>${text(t('server.publishing.dossier.hashes'))}</h2>${chain}${files}</section>
${colophonHtml(document)}
</main></body></html>
`;
}

/** The text's headings one level down, under the dossier's own. */
function demote(html: string): string {
  return html.replace(/<(\/?)h([1-5])(\s|>)/g, (_match, slash: string, level: string, after: string) => `<${slash}h${Number(level) + 1}${after}`);
}
