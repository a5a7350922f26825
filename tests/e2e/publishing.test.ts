import type { RecommendationSummary } from '@accord/contracts';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemberSession, seedOtherNetwork, signIn, signInAs, sql } from '../fixtures/accounts';
import { ConfirmingClient } from '../fixtures/collab-client';
import { pdfInfo, pdfStructure, pdfText, zipEntry } from '../fixtures/file-readers';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';
import { DEMO_ERRATUM_REASON, DEMO_PUBLISHED_TITLE } from '../../apps/server/src/database/seed/demo-editions';

const ADOPTED = 'Answering euroscepticism with local evidence';

interface ExportFile {
  kind: string;
  fileName: string;
  sha256: string;
  size: number;
  renderMs: number;
  url: string;
}
interface Edition {
  label: string;
  number: string;
  edition: number;
  contentHash: string;
  erratumReason: string | null;
  ballot: { result: string; resultHash: string; tallies: Record<string, number>; partners: string[] } | null;
  publicUrl: string;
  exports: ExportFile[];
  pdfMissing: boolean;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('publishing: editions, exports, public pages, verify and errata', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let coordinator: MemberSession;
  let editor: MemberSession;
  let commenter: MemberSession;
  let otherLeadCoordinator: MemberSession;
  let adoptedId: string;
  let draftId: string;
  let first: Edition;

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.httpUrl}${path}`, { headers });
  const bytesOf = async (path: string) => Buffer.from(await (await get(path)).arrayBuffer());

  beforeAll(async () => {
    database = await createTestDatabase();
    // The demo's published recommendation too: edition 1 and an erratum, rendered at start.
    server = await startServer({ databaseUrl: database.url, env: { SEED_DEMO_EDITIONS: 'true' } });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    editor = await signInAs(server.httpUrl, 'editor');
    commenter = await signInAs(server.httpUrl, 'commenter');
    const other = await seedOtherNetwork(database.url);
    otherLeadCoordinator = await signIn(server.httpUrl, other.coordinator.email, other.coordinator.password);
    const list = await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations');
    adoptedId = list.find((row) => row.title === ADOPTED)!.id;
    draftId = list.find((row) => row.status === 'draft')!.id;
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('seeds a published demo recommendation with two editions, the second an erratum', async () => {
    const published = (await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations')).find((row) => row.title === DEMO_PUBLISHED_TITLE)!;
    expect(published.status).toBe('published');
    const editions = await coordinator.json<Edition[]>('GET', `/api/recommendations/${published.id}/editions`);
    expect(editions.map((edition) => [edition.edition, edition.erratumReason])).toEqual([
      [1, null],
      [2, DEMO_ERRATUM_REASON],
    ]);
    expect(editions.every((edition) => edition.exports.length === 6)).toBe(true);
    // Edition 1 is the text the demo's closed ballot voted on, with that ballot's sealed result.
    const [voted] = await sql<{ voted_content_hash: string; result_hash: string }>(database.url, `SELECT b.voted_content_hash, r.result_hash FROM ballot b JOIN ballot_result r ON r.ballot_id = b.id WHERE b.document_id = $1`, [published.id]);
    expect(editions[0].contentHash).toBe(voted.voted_content_hash);
    expect(editions[0].ballot).toMatchObject({ result: 'adopted', resultHash: voted.result_hash, tallies: { for: 7, against: 1, abstain: 2 } });
    expect(editions[0].ballot!.partners).toHaveLength(10);
    const firstPage = await (await get(editions[0].publicUrl)).text();
    expect(firstPage).toContain('Result: adopted (for 7, against 1, abstain 2).');
    expect(firstPage).toContain(voted.result_hash);
    const dossier = JSON.parse((await bytesOf(editions[0].exports.find((file) => file.kind === 'dossier-json')!.url)).toString('utf8')) as { ballots: { votes: { castBy: string }[]; resultHash: string }[]; adoptingBallotId: string; outcomeStatements: string[] };
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('docs/decision-dossier.schema.json', 'utf8')) as object);
    expect(validate(dossier), JSON.stringify(validate.errors)).toBe(true);
    expect(dossier.ballots).toHaveLength(1);
    expect(dossier.ballots[0].votes).toHaveLength(10);
    expect(dossier.ballots[0].votes.every((vote) => /\(delegate\)$/.test(vote.castBy))).toBe(true);
    expect(dossier.outcomeStatements).toHaveLength(1);
    const index = await (await get('/p/ec-net')).text();
    expect(index).toContain(DEMO_PUBLISHED_TITLE);
    const changes = await (await get(`${editions[1].publicUrl}/changes`)).text();
    // The shared structural diff, in the history view's markup: the words changed, with spoken markers.
    // The word diff splits at the dash: "2020–" is kept, the year after it changed.
    expect(changes).toMatch(/2020–<del class="diff-del"><span class="visually-hidden">\[deleted: <\/span>2021<span/);
    expect(changes).toMatch(/<ins class="diff-ins"><span class="visually-hidden">\[inserted: <\/span>2022<span/);
    expect(changes).toContain('1 word added, 1 word removed');
  });

  it('answers 404 for public addresses of anything not published', async () => {
    for (const path of ['/p/no-such-network', `/p/ec-net/${draftId}`, '/p/ec-net/2026-99', '/p/ec-net/2026-99/editions/1', '/p/ec-net/2026-9', '/p/other-net/2026-01', '/p/ec-net/2026-01/editions/0']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
    }
  });

  it('lets only the lead partner’s coordinators publish, and only adopted texts', async () => {
    expect((await editor.request('POST', `/api/recommendations/${adoptedId}/editions`, {})).status).toBe(403);
    expect((await commenter.request('POST', `/api/recommendations/${adoptedId}/editions`, {})).status).toBe(403);
    // A coordinator of another partner (not the lead partner) may not publish.
    const [pordenone] = await sql<{ id: string }>(database.url, `UPDATE member SET roles = '{coordinator}' WHERE email = 'editor.pordenone@demo.accord.example' RETURNING id`);
    expect(pordenone).toBeDefined();
    const nonLead = await signIn(server.httpUrl, 'editor.pordenone@demo.accord.example', 'demo-editor-pordenone');
    const refused = await nonLead.request('POST', `/api/recommendations/${adoptedId}/editions`, {});
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('PUBLISHING_NOT_ALLOWED');
    // Another network's coordinator does not even find it.
    expect((await otherLeadCoordinator.request('POST', `/api/recommendations/${adoptedId}/editions`, {})).status).toBe(404);
    const notAdopted = await coordinator.request('POST', `/api/recommendations/${draftId}/editions`, {});
    expect(notAdopted.status).toBe(409);
    expect(((await notAdopted.json()) as { code: string }).code).toBe('RECOMMENDATION_NOT_ADOPTED');
    expect((await coordinator.request('POST', `/api/recommendations/${adoptedId}/editions`, { versionNumber: 'x' })).status).toBe(400);
    expect((await coordinator.request('POST', `/api/recommendations/${adoptedId}/editions`, { versionNumber: 99999 })).status).toBe(404);
    expect((await coordinator.request('POST', `/api/recommendations/${adoptedId}/editions`, {}, { csrf: false })).status).toBe(403);
    expect((await coordinator.json<Edition[]>('GET', `/api/recommendations/${adoptedId}/editions`)).length).toBe(0);
  });

  it('publishes edition 1 with a number, the version hash and every export, and moves the text to published', async () => {
    first = await coordinator.json<Edition>('POST', `/api/recommendations/${adoptedId}/editions`, {});
    expect(first.label).toMatch(/^EC-NET Recommendation \d{4}\/\d{2}, edition 1$/);
    expect(first.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.exports.map((file) => file.kind).sort()).toEqual(['docx', 'dossier-json', 'dossier-pdf', 'html', 'markdown', 'pdf']);
    expect(first.pdfMissing).toBe(false);
    const detail = await coordinator.json<RecommendationSummary>('GET', `/api/recommendations/${adoptedId}`);
    expect(detail.status).toBe('published');
    // Published once: a second publication is refused, and deleting it too.
    expect((await coordinator.request('POST', `/api/recommendations/${adoptedId}/editions`, {})).status).toBe(409);
    expect((await coordinator.request('DELETE', `/api/recommendations/${adoptedId}`)).status).toBe(409);
    expect((await coordinator.request('DELETE', `/api/recommendations/${adoptedId}/editions`)).status).toBe(404);
    expect((await coordinator.request('PATCH', `/api/recommendations/${adoptedId}/editions`, {})).status).toBe(404);
    // Every member sees the editions.
    expect((await commenter.json<Edition[]>('GET', `/api/recommendations/${adoptedId}/editions`)).map((edition) => edition.label)).toEqual([first.label]);
    expect((await otherLeadCoordinator.request('GET', `/api/recommendations/${adoptedId}/editions`)).status).toBe(404);
  });

  it('serves the public page without a session: plain HTML, lang, Open Graph, the hash, download links and a CSP without script', async () => {
    const slug = first.number.replace('/', '-');
    const response = await get(`/p/ec-net/${slug}`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`<meta property="og:title" content="${ADOPTED}: ${first.label}">`);
    expect(html).toContain('property="og:type" content="article"');
    expect(html).toContain(first.contentHash);
    expect(html).toContain(first.label.replace(/, edition 1$/, ''));
    expect(html).toContain('The ballot that adopted this text is not recorded in Accord.');
    for (const file of first.exports) expect(html).toContain(`href="${file.url}"`);
    const index = await (await get('/p/ec-net')).text();
    expect(index).toContain(`href="/p/ec-net/${slug}"`);
    expect(index).toContain(ADOPTED);
    // Own address of edition 1, and the style sheet the CSP allows.
    expect((await get(first.publicUrl)).status).toBe(200);
    expect((await get('/p/_assets/edition.css')).headers.get('content-type')).toMatch(/text\/css/);
  });

  it('downloads each export exactly as stored: its SHA-256 is the one listed', async () => {
    for (const file of first.exports) {
      const response = await get(file.url);
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(sha256(bytes), file.kind).toBe(file.sha256);
      expect(bytes.length).toBe(file.size);
      expect(response.headers.get('x-content-sha256')).toBe(file.sha256);
      expect(response.headers.get('content-disposition')).toContain(`filename="${file.fileName}"`);
      // Served from storage, never re-rendered: a second download is the same bytes.
      expect(sha256(await bytesOf(file.url))).toBe(file.sha256);
    }
    expect((await get(first.exports[0].url.replace(/[^/]+$/, 'other.pdf'))).status).toBe(404);
  });

  it('makes a tagged PDF with title, language, headings, colophon and page numbers', async () => {
    const pdf = await bytesOf(first.exports.find((file) => file.kind === 'pdf')!.url);
    const info = pdfInfo(pdf);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toContain(`Title:           ${ADOPTED}: ${first.label}`);
    const structure = pdfStructure(pdf);
    expect(structure).toMatch(/^\s+H1/m);
    expect(structure).toMatch(/^\s+L /m);
    expect(pdf.toString('latin1')).toContain('/Lang (en)');
    // Lines break where the page does: compare words, and hashes without any white space.
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain(ADOPTED);
    expect(text).toContain('Colophon');
    expect(text.replace(/ /g, '')).toContain(first.contentHash);
    expect(text).toMatch(/Page 1 of \d/);
  });

  it('makes a DOCX with Word headings, a list and the colophon table, in the text’s language', async () => {
    const docx = await bytesOf(first.exports.find((file) => file.kind === 'docx')!.url);
    const xml = zipEntry(docx, 'word/document.xml');
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toMatch(/<w:numPr>/);
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain(first.contentHash);
    expect(xml).toContain(ADOPTED);
    expect(zipEntry(docx, 'word/styles.xml')).toContain('w:lang w:val="en"');
  });

  it('makes Markdown and HTML whose headings round-trip', async () => {
    const headings = [ADOPTED, 'Colophon'];
    const markdown = (await bytesOf(first.exports.find((file) => file.kind === 'markdown')!.url)).toString('utf8');
    expect(markdown).toMatch(/^---\ntitle: "Answering euroscepticism with local evidence"\nlang: "en"\n/);
    const markdownHeadings = [...markdown.matchAll(/^#{1,3} (.+)$/gm)].map((match) => match[1].replace(/\\(.)/g, '$1'));
    expect(markdownHeadings).toEqual(headings);
    const html = (await bytesOf(first.exports.find((file) => file.kind === 'html')!.url)).toString('utf8');
    expect(html).toMatch(/<html lang="en">/);
    expect([...html.matchAll(/<h[1-3][^>]*>([^<]+)<\/h[1-3]>/g)].map((match) => match[1])).toEqual(headings);
    expect(html).not.toMatch(/<script/i);
  });

  it('writes a decision dossier that validates against docs/decision-dossier.schema.json', async () => {
    const dossier = JSON.parse((await bytesOf(first.exports.find((file) => file.kind === 'dossier-json')!.url)).toString('utf8')) as Record<string, unknown> & { hashes: { exports: { sha256: string }[]; versionChain: unknown[] } };
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('docs/decision-dossier.schema.json', 'utf8')) as object);
    expect(validate(dossier), JSON.stringify(validate.errors)).toBe(true);
    expect(dossier).toMatchObject({ format: 'accord-decision-dossier/1', adoptingBallotId: null, ballots: [], amendments: [], edition: { label: first.label } });
    expect(dossier.hashes.versionChain.length).toBeGreaterThan(0);
    const pdfHash = first.exports.find((file) => file.kind === 'pdf')!.sha256;
    expect(dossier.hashes.exports.map((file) => file.sha256)).toContain(pdfHash);
    const dossierPdf = pdfText(await bytesOf(first.exports.find((file) => file.kind === 'dossier-pdf')!.url));
    expect(dossierPdf).toContain('Decision dossier');
    expect(dossierPdf.replace(/\s+/g, '')).toContain(pdfHash);
  });

  it('verifies a downloaded file’s hash, by the API and on the public page', async () => {
    const pdf = first.exports.find((file) => file.kind === 'pdf')!;
    const found = (await (await get(`/api/public/verify?sha256=${pdf.sha256.toUpperCase()}`)).json()) as { match: boolean; matches: { fileName: string; label: string }[] };
    expect(found).toMatchObject({ match: true, matches: [{ fileName: pdf.fileName, label: first.label }] });
    const tampered = Buffer.from(await bytesOf(pdf.url));
    tampered[tampered.length - 10] ^= 1;
    expect(((await (await get(`/api/public/verify?sha256=${sha256(tampered)}`)).json()) as { match: boolean }).match).toBe(false);
    expect((await get('/api/public/verify?sha256=abc')).status).toBe(400);
    expect((await get('/api/public/verify')).status).toBe(400);
    const page = await (await get(`/p/ec-net/verify?sha256=${pdf.sha256}`)).text();
    expect(page).toContain('This hash matches a published file');
    expect(page).toContain(pdf.fileName);
    expect(await (await get(`/p/ec-net/verify?sha256=${'0'.repeat(64)}`)).text()).toContain('No published file has this hash');
    expect(await (await get(`/p/ec-net/verify?sha256=<script>`)).text()).not.toContain('<script>');
  });

  it('exports drafts for members, marked draft, not adopted', async () => {
    const markdown = await commenter.request('GET', `/api/recommendations/${draftId}/draft-exports/markdown`);
    expect(markdown.status).toBe(200);
    expect(await markdown.text()).toContain('DRAFT, NOT ADOPTED');
    const pdf = await commenter.request('GET', `/api/recommendations/${draftId}/draft-exports/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdfText(Buffer.from(await pdf.arrayBuffer())).toLowerCase()).toContain('draft, not adopted');
    const docx = await commenter.request('GET', `/api/recommendations/${draftId}/draft-exports/docx`);
    expect(zipEntry(Buffer.from(await docx.arrayBuffer()), 'word/document.xml')).toContain('DRAFT, NOT ADOPTED');
    expect((await commenter.request('GET', `/api/recommendations/${draftId}/draft-exports/exe`)).status).toBe(400);
    expect((await otherLeadCoordinator.request('GET', `/api/recommendations/${draftId}/draft-exports/html`)).status).toBe(404);
    expect((await get(`/api/recommendations/${draftId}/draft-exports/html`)).status).toBe(401);
  });

  it('publishes an erratum as edition 2 with its reason; both editions stay reachable and the public diff shows the change', async () => {
    const unchanged = await coordinator.request('POST', `/api/recommendations/${adoptedId}/editions/errata`, { reason: 'Nothing changed' });
    expect(unchanged.status).toBe(409);
    expect(((await unchanged.json()) as { code: string }).code).toBe('ERRATUM_UNCHANGED');
    expect((await coordinator.request('POST', `/api/recommendations/${adoptedId}/editions/errata`, { reason: 'x' })).status).toBe(400);
    expect((await editor.request('POST', `/api/recommendations/${adoptedId}/editions/errata`, { reason: 'A typo' })).status).toBe(403);
    expect((await coordinator.request('POST', `/api/recommendations/${draftId}/editions/errata`, { reason: 'A typo' })).status).toBe(409);

    const client = new ConfirmingClient(server.wsUrl, adoptedId, await coordinator.collabToken());
    await client.synced();
    client.appendParagraph('Corrected: the yearly account is due by 31 March.');
    await client.waitFor(() => client.allSaved);
    client.destroy();

    // Ten at once, while the first renders its files: one edition 2, nine refused as unchanged, none
    // failing (publications queue in the process instead of each holding a pooled connection).
    const parallel = await Promise.all(Array.from({ length: 10 }, () => coordinator.request('POST', `/api/recommendations/${adoptedId}/editions/errata`, { reason: 'Adds the missing deadline' })));
    expect(parallel.map((response) => response.status).sort()).toEqual([201, ...Array.from({ length: 9 }, () => 409)]);
    const second = (await parallel.find((response) => response.status === 201)!.json()) as Edition;
    expect(second.label).toBe(first.label.replace(/edition 1$/, 'edition 2'));
    expect(second.number).toBe(first.number);
    expect(second.erratumReason).toBe('Adds the missing deadline');
    expect(second.contentHash).not.toBe(first.contentHash);

    const slug = first.number.replace('/', '-');
    const latest = await (await get(`/p/ec-net/${slug}`)).text();
    expect(latest).toContain('Corrected: the yearly account is due by 31 March.');
    expect(latest).toContain('Correction: Adds the missing deadline');
    expect(latest).toContain(`href="${first.publicUrl}"`);
    const earlier = await (await get(first.publicUrl)).text();
    expect(earlier).toContain('This is an earlier edition; the latest is edition 2.');
    expect(earlier).not.toContain('Corrected: the yearly account');
    // Edition 1's files are still the same bytes.
    expect(sha256(await bytesOf(first.exports[0].url))).toBe(first.exports[0].sha256);

    const changes = await get(`${second.publicUrl}/changes`);
    expect(changes.status).toBe(200);
    const diff = await changes.text();
    expect(diff).toMatch(/<p class="diff-block diff-block--insert">.*Corrected: the yearly account is due by 31 March\./);
    expect(diff).not.toMatch(/<del class="diff-del"><span/);
    expect((await get(`${first.publicUrl}/changes`)).status).toBe(404);
    const dossier = JSON.parse((await bytesOf(second.exports.find((file) => file.kind === 'dossier-json')!.url)).toString('utf8')) as { hashes: { earlierEditions: { edition: number; contentHash: string }[] } };
    expect(dossier.hashes.earlierEditions).toMatchObject([{ edition: 1, contentHash: first.contentHash }]);
  });
});
