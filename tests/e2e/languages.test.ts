import { CollabCloseCode, type RecommendationSummary, type SignedInMember } from '@accord/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { anonymousCsrf, type MemberSession, postSignIn, signInAs, sql } from '../fixtures/accounts';
import { closed, eventually } from '../fixtures/collab-client';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

interface Mail {
  recipient: string;
  subject: string;
  body: string;
}

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The server speaks the reader's language: the member's saved choice, else the request's
 * Accept-Language, else English. Codes stay the same in every language.
 */
describe('languages: what the server writes for people', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  /** Chose Slovenian (PUT /api/auth/session/language). */
  let slovenian: MemberSession;
  /** Never chose a language. */
  let english: MemberSession;
  let coordinator: MemberSession;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    slovenian = await signInAs(server.httpUrl, 'editor');
    english = await signInAs(server.httpUrl, 'commenter');
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    const chosen = await slovenian.json<SignedInMember>('PUT', '/api/auth/session/language', { language: 'sl' });
    expect(chosen.language).toBe('sl');
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('stores the choice on the member and returns it with the session', async () => {
    const session = await slovenian.json<{ member: SignedInMember }>('GET', '/api/auth/session');
    expect(session.member.language).toBe('sl');
    const fresh = await english.json<{ member: SignedInMember }>('GET', '/api/auth/session');
    expect(fresh.member.language).toBeNull();
    const refused = await english.request('PUT', '/api/auth/session/language', { language: 'xx' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('writes error sentences in the member’s language, with the same code', async () => {
    const inSlovenian = await slovenian.request('GET', `/api/recommendations/${MISSING_ID}`);
    const inEnglish = await english.request('GET', `/api/recommendations/${MISSING_ID}`);
    expect(inSlovenian.status).toBe(404);
    expect(inEnglish.status).toBe(404);
    expect(await inSlovenian.json()).toEqual({ statusCode: 404, code: 'RECOMMENDATION_NOT_FOUND', message: `Priporočila z oznako ${MISSING_ID} ni. Preverite povezavo ali se vrnite na seznam.` });
    expect(await inEnglish.json()).toEqual({ statusCode: 404, code: 'RECOMMENDATION_NOT_FOUND', message: `There is no recommendation with id ${MISSING_ID}. Check the link or go back to the list.` });
  });

  it('lets the saved choice win over Accept-Language', async () => {
    const response = await fetch(`${server.httpUrl}/api/recommendations/${MISSING_ID}`, { headers: { cookie: slovenian.cookie, 'accept-language': 'en-GB,en;q=0.9' } });
    expect(((await response.json()) as { message: string }).message).toMatch(/^Priporočila z oznako/);
  });

  it('writes validation problems in the member’s language, with Slovenian plural forms', async () => {
    const workingGroupId = (await listRecommendations(slovenian)).find((recommendation) => recommendation.access.canEdit)!.workingGroup.id;
    const body = { title: 'ab', theme: 'solidarity', level: 'local', workingGroupId };
    const inSlovenian = (await (await slovenian.request('POST', '/api/recommendations', body)).json()) as { code: string; message: string };
    expect(inSlovenian.code).toBe('VALIDATION_FAILED');
    // 3 is a "few" number in Slovenian: "3 znake", not "3 znakov".
    expect(inSlovenian.message).toBe('Preverite, kaj ste poslali: title mora imeti vsaj 3 znake');
    const asCoordinator = (await (await coordinator.request('POST', '/api/recommendations', body)).json()) as { code: string; message: string };
    expect(asCoordinator).toMatchObject({ code: 'VALIDATION_FAILED', message: 'Check what you sent: title must have at least 3 characters' });
  });

  it('refuses a recommendation language tag longer than BCP 47 allows, and takes an ordinary one', async () => {
    const workingGroupId = (await listRecommendations(coordinator)).find((recommendation) => recommendation.access.canEdit)!.workingGroup.id;
    const body = { title: 'Language tag check', theme: 'solidarity', level: 'local', workingGroupId };
    const tooLong = await coordinator.request('POST', '/api/recommendations', { ...body, language: `en${'-abcdefgh'.repeat(4000)}` });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { message: string }).message).toBe('Check what you sent: language may have at most 35 characters');
    const regional = await coordinator.json<{ language: string }>('POST', '/api/recommendations', { ...body, language: 'sl-SI' });
    expect(regional.language).toBe('sl-SI');
  });

  it('answers someone not signed in in their Accept-Language, else in English', async () => {
    const slovenianBrowser = await postSignIn(server.httpUrl, 'nobody@demo.accord.example', 'wrong-password', { 'accept-language': 'sl-SI,sl;q=0.9,en;q=0.8' });
    expect(slovenianBrowser.status).toBe(401);
    expect(await slovenianBrowser.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'E-poštni naslov ali geslo je napačno. Preverite oboje ali ponastavite geslo.' });
    const otherBrowser = await postSignIn(server.httpUrl, 'nobody@demo.accord.example', 'wrong-password', { 'accept-language': 'de-DE,de;q=0.9' });
    expect(await otherBrowser.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'The e-mail address or the password is wrong. Check both, or reset your password.' });
  });

  it('sends close reasons in the member’s language, at admission and afterwards', async () => {
    const refusal = async (session: MemberSession) => {
      const socket = new WebSocket(`${server.wsUrl}/${MISSING_ID}?token=${encodeURIComponent(await session.collabToken())}`);
      return closed(socket);
    };
    expect(await refusal(slovenian)).toEqual({ code: CollabCloseCode.documentNotFound, reason: 'Dokumenta s to oznako ni' });
    expect(await refusal(english)).toEqual({ code: CollabCloseCode.documentNotFound, reason: 'No document with this id' });

    // Signing out ends the member's open connections, with the reason in their language.
    const document: RecommendationSummary = (await listRecommendations(slovenian))[0];
    const leaving = await signInAs(server.httpUrl, 'editor');
    const socket = new WebSocket(`${server.wsUrl}/${document.id}?token=${encodeURIComponent(await leaving.collabToken())}`);
    const closing = closed(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('message', () => resolve());
      socket.once('error', reject);
    });
    expect((await leaving.request('POST', '/api/auth/sign-out')).status).toBe(204);
    expect(await closing).toEqual({ code: CollabCloseCode.unauthenticated, reason: 'Vaša seja je končana; znova se prijavite' });
  });

  it('writes the invitation mail in the invitee’s language: the coordinator’s choice, else the partner’s working language', async () => {
    const network = await coordinator.json<{ partners: { id: string; workingLanguage: string }[] }>('GET', '/api/network');
    const ptuj = network.partners.find((partner) => partner.workingLanguage === 'sl')!;
    const pordenone = network.partners.find((partner) => partner.workingLanguage === 'it')!;
    const invite = (email: string, partnerId: string, language?: string) =>
      coordinator.json('POST', '/api/network/invitations', { email, displayName: 'Nika Zupan', partnerId, roles: ['editor', 'commenter'], workingGroupIds: [], ...(language ? { language } : {}) });
    await invite('nika.ptuj@demo.accord.example', ptuj.id);
    await invite('nika.chosen@demo.accord.example', pordenone.id, 'sl');
    await invite('nika.pordenone@demo.accord.example', pordenone.id);

    const outbox = await coordinator.json<Mail[]>('GET', '/api/mail/outbox');
    const mailTo = (recipient: string) => outbox.find((mail) => mail.recipient === recipient)!;
    for (const recipient of ['nika.ptuj@demo.accord.example', 'nika.chosen@demo.accord.example']) {
      expect(mailTo(recipient).subject).toBe('Vabilo v mrežo EC-NET: European Citizenship Network of Towns');
      expect(mailTo(recipient).body).toMatch(/^Pozdravljeni, Nika Zupan!\n\nMaja Kranjc vas vabi, da v Accordu z mrežo EC-NET: European Citizenship Network of Towns pišete priporočila \(vloge: Urednik, Komentator\)\./);
      expect(mailTo(recipient).body).toContain('#/invitation/');
    }
    expect(mailTo('nika.pordenone@demo.accord.example').subject).toBe('You are invited to EC-NET: European Citizenship Network of Towns');
    expect(mailTo('nika.pordenone@demo.accord.example').body).toContain('(roles: Editor, Commenter)');

    // The invitee's language is kept as their choice: Accord speaks it to them once they sign in.
    const stored = await sql<{ email: string; language: string | null }>(database.url, `SELECT email, language FROM member WHERE email LIKE 'nika.%' ORDER BY email`);
    expect(stored).toEqual([
      { email: 'nika.chosen@demo.accord.example', language: 'sl' },
      { email: 'nika.pordenone@demo.accord.example', language: 'en' },
      { email: 'nika.ptuj@demo.accord.example', language: 'sl' },
    ]);
  });

  it('writes the password reset mail in the member’s language', async () => {
    const response = await fetch(`${server.httpUrl}/api/auth/password-reset`, {
      method: 'POST',
      headers: { ...anonymousCsrf().headers, 'content-type': 'application/json' },
      body: JSON.stringify({ email: slovenian.result.member.email }),
    });
    expect(response.status).toBe(202);
    let mail: Mail | undefined;
    await eventually(async () => {
      mail = (await coordinator.json<Mail[]>('GET', '/api/mail/outbox')).find((candidate) => candidate.recipient === slovenian.result.member.email);
      return mail !== undefined;
    }, 'the reset mail');
    expect(mail!.subject).toBe('Ponastavitev gesla za Accord');
    // 60 minutes: "V 60 minutah", the Slovenian "other" form.
    expect(mail!.body).toContain('V 60 minutah odprite to povezavo');
    // The outbox never shows a reset link; it says so in the mail's language.
    expect(mail!.body).toContain('[povezava skrita: dobi jo le prejemnik]');
  });
});
