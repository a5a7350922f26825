import 'reflect-metadata';
import { DOCUMENT_FRAGMENT, plainCommentBody, type CommentBody, type CommentThreadView, type DocumentEvent, type MemberRole } from '@accord/contracts';
import { createThreadAnchor, renderFragment, resolveThreadAnchor } from '@accord/editor';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type AppConfig, validateConfig } from '../../apps/server/src/config/app-config';
import { databaseOptions } from '../../apps/server/src/database/database-options';
import { seedDemoNetwork } from '../../apps/server/src/database/seed/demo-seeder';
import { AuditRepository } from '../../apps/server/src/modules/audit/audit.repository';
import { AuditService } from '../../apps/server/src/modules/audit/audit.service';
import type { AuthenticatedMember, RequestOrigin } from '../../apps/server/src/modules/auth/authenticated-member';
import { CommentsRepository } from '../../apps/server/src/modules/comments/comments.repository';
import { CommentsService } from '../../apps/server/src/modules/comments/comments.service';
import { RecommendationRepository } from '../../apps/server/src/modules/documents/recommendation.repository';
import { InProcessDocumentEventBus } from '../../apps/server/src/modules/events/document-event-bus';
import { MailRepository } from '../../apps/server/src/modules/mail/mail.repository';
import { MailService } from '../../apps/server/src/modules/mail/mail.service';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const ORIGIN: RequestOrigin = { remoteAddress: '127.0.0.1', userAgent: 'db-test', acceptLanguage: null };
const MICRO_GRANTS = 'Open micro-grants for citizen-led European projects';
const TWINNING = 'Town twinning 2.0: year-round exchanges for young people';

describe('comment threads on PostgreSQL with the real migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let service: CommentsService;
  let recommendations: RecommendationRepository;
  let bus: InProcessDocumentEventBus;
  const members = new Map<string, AuthenticatedMember>();
  const documents = new Map<string, string>();

  const as = (email: string): AuthenticatedMember => members.get(email)!;
  const commenter = () => as('commenter@demo.accord.example');
  const editor = () => as('editor@demo.accord.example');
  const coordinator = () => as('coordinator@demo.accord.example');
  const delegate = () => as('delegate@demo.accord.example');

  /** A real anchor on the stored text of a recommendation, made as the editor makes it. */
  async function anchorOn(documentId: string, phrase: string) {
    const [{ state }]: { state: Buffer }[] = await dataSource.query(`SELECT state FROM document WHERE id = $1`, [documentId]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
    const rendered = renderFragment(fragment);
    let from = -1;
    rendered.doc.descendants((node, pos) => {
      if (from < 0 && node.isText && node.text?.includes(phrase)) from = pos + node.text.indexOf(phrase);
    });
    const anchor = createThreadAnchor(fragment, rendered, from, from + phrase.length);
    doc.destroy();
    const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    return { start: base64(anchor.start), end: base64(anchor.end), quotedText: anchor.quotedText, stateVector: base64(anchor.stateVector) };
  }

  const mention = (member: AuthenticatedMember, before: string): CommentBody => ({
    type: 'doc',
    content: [{ type: 'paragraph', content: [{ type: 'text', text: before }, { type: 'mention', attrs: { memberId: member.memberId, label: member.displayName } }] }],
  });

  async function startThread(author: AuthenticatedMember, title = TWINNING, phrase = 'year-round', body: CommentBody = plainCommentBody('A question about this.')): Promise<CommentThreadView> {
    return service.createThread(author, documents.get(title)!, { anchor: await anchorOn(documents.get(title)!, phrase), body: body as unknown as Record<string, unknown> }, ORIGIN);
  }

  const auditCount = async (action: string, subjectId: string): Promise<number> =>
    Number((await dataSource.query(`SELECT count(*) FROM audit_event WHERE action = $1 AND subject_id = $2`, [action, subjectId]))[0].count);

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(databaseOptions(database.url));
    await dataSource.initialize();
    await dataSource.transaction((manager) => seedDemoNetwork(manager));
    // The validated configuration class, as the app builds it (no SMTP_URL: mails go to the outbox).
    const config = new ConfigService<AppConfig, true>({ ...validateConfig({ PUBLIC_URL: 'http://accord.test' }) });
    recommendations = new RecommendationRepository(dataSource);
    bus = new InProcessDocumentEventBus();
    service = new CommentsService(new CommentsRepository(dataSource), recommendations, new AuditService(new AuditRepository(dataSource)), new MailService(new MailRepository(dataSource), config), bus, config);
    const rows: { id: string; network_id: string; partner_id: string; display_name: string; email: string; roles: MemberRole[] }[] = await dataSource.query(
      `SELECT id, network_id, partner_id, display_name, email, roles FROM member`,
    );
    for (const row of rows) {
      const groups: { working_group_id: string }[] = await dataSource.query(`SELECT working_group_id FROM working_group_member WHERE member_id = $1`, [row.id]);
      members.set(row.email, {
        memberId: row.id,
        networkId: row.network_id,
        partnerId: row.partner_id,
        displayName: row.display_name,
        email: row.email,
        roles: row.roles,
        workingGroupIds: groups.map((group) => group.working_group_id),
        language: null,
        sessionId: 'db-test',
        csrfToken: null,
      });
    }
    for (const row of (await dataSource.query(`SELECT id, title FROM recommendation`)) as { id: string; title: string }[]) documents.set(row.title, row.id);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('seeds the micro-grants draft with an open, a resolved and a detached thread, stances and a mention', async () => {
    const documentId = documents.get(MICRO_GRANTS)!;
    const threads = await service.list(editor(), documentId, 'all');
    expect(threads.map((thread) => thread.status)).toEqual(['open', 'resolved', 'open']);
    expect(threads[0].stances.map((entry) => [entry.partner?.name, entry.for, entry.against, entry.neutral])).toEqual(
      expect.arrayContaining([expect.arrayContaining([1, 0, 0]), expect.arrayContaining([0, 1, 0]), expect.arrayContaining([0, 0, 1])]),
    );
    expect(threads[0].comments[1].body?.content[0].content?.some((node) => node.type === 'mention')).toBe(true);
    expect(await service.unreadCount(commenter())).toBe(1);
    expect((await recommendations.openThreadCounts(commenter().networkId)).get(documentId)).toBe(2);

    // The anchors resolve on the stored text as the editor will resolve them.
    const [{ state }]: { state: Buffer }[] = await dataSource.query(`SELECT state FROM document WHERE id = $1`, [documentId]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
    const resolved = threads.map((thread) =>
      resolveThreadAnchor(fragment, renderFragment(fragment), { start: Buffer.from(thread.anchor.start, 'base64'), end: Buffer.from(thread.anchor.end, 'base64'), quotedText: thread.anchor.quotedText }),
    );
    doc.destroy();
    expect(resolved.map((resolution) => resolution.status)).toEqual(['attached', 'attached', 'detached']);
    expect(resolved[0]).toMatchObject({ text: 'EUR 5,000' });
    expect(resolved[2]).toEqual({ status: 'detached', quotedText: threads[2].anchor.quotedText });
  });

  it('starts a thread with its first comment and the version of the text, audited and announced', async () => {
    // An edit in the update log, as the collaboration server stores one: the thread is about the text after it.
    const [{ state }]: { state: Buffer }[] = await dataSource.query(`SELECT state FROM document WHERE id = $1`, [documents.get(TWINNING)]);
    const edited = new Y.Doc();
    Y.applyUpdate(edited, state);
    const before = Y.encodeStateVector(edited);
    ((edited.getXmlFragment(DOCUMENT_FRAGMENT).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Draft: ');
    const [{ id: logged }]: { id: string }[] = await dataSource.query(`INSERT INTO document_update (document_id, data) VALUES ($1, $2) RETURNING id`, [
      documents.get(TWINNING),
      Buffer.from(Y.encodeStateAsUpdate(edited, before)),
    ]);
    edited.destroy();
    const events: DocumentEvent[] = [];
    const stop = bus.subscribe(documents.get(TWINNING)!, (event) => event.kind === 'comment-thread' && events.push(event));
    const thread = await startThread(commenter(), TWINNING, 'year-round', plainCommentBody('Who pays for the mentors?'));
    stop();
    expect(thread.anchor.quotedText).toBe('year-round');
    expect(thread.createdBy).toMatchObject({ memberId: commenter().memberId, displayName: commenter().displayName });
    expect(thread.comments).toHaveLength(1);
    const [{ state_vector: stored }]: { state_vector: Buffer }[] = await dataSource.query(`SELECT state_vector FROM comment WHERE thread_id = $1`, [thread.id]);
    expect(stored.toString('base64')).toBe(thread.anchor.stateVector);
    expect(thread.anchor.textVersion).toBe(Number(logged));
    expect(thread.comments[0]).toMatchObject({ textVersion: Number(logged), stateVector: thread.anchor.stateVector });
    expect(await auditCount('comment-thread.created', thread.id)).toBe(1);
    expect(events.map((event) => [event.action, event.thread.id])).toEqual([['thread.created', thread.id]]);
  });

  it('notifies a mentioned member and the thread starter on a reply, and mails them unless they opted out', async () => {
    const thread = await startThread(commenter(), TWINNING, 'job shadowing', mention(editor(), 'What do you think, '));
    const editorInbox = await service.notifications(editor(), true);
    expect(editorInbox[0]).toMatchObject({ kind: 'mention', threadId: thread.id, actorName: commenter().displayName, recommendationTitle: TWINNING });
    const mailsTo = async (email: string) => (await dataSource.query(`SELECT subject, body FROM mail_message WHERE recipient = $1 ORDER BY created_at`, [email])) as { subject: string; body: string }[];
    expect((await mailsTo(editor().email)).at(-1)?.subject).toBe(`${commenter().displayName} mentioned you on “${TWINNING}”`);

    await service.reply(editor(), documents.get(TWINNING)!, thread.id, { body: plainCommentBody('Good idea.') as unknown as Record<string, unknown>, stance: 'for' });
    expect((await service.notifications(commenter(), true)).find((notice) => notice.threadId === thread.id)).toMatchObject({ kind: 'reply', preview: 'Good idea.' });
    const repliesMailed = (await mailsTo(commenter().email)).length;
    expect(repliesMailed).toBeGreaterThan(0);

    await service.setCommentEmails(commenter(), false);
    await service.reply(delegate(), documents.get(TWINNING)!, thread.id, { body: plainCommentBody('Also from Ptuj: yes.') as unknown as Record<string, unknown> });
    expect((await service.notifications(commenter(), true)).filter((notice) => notice.threadId === thread.id)).toHaveLength(2);
    expect(await mailsTo(commenter().email)).toHaveLength(repliesMailed);
    await service.setCommentEmails(commenter(), true);

    const unread = await service.unreadCount(commenter());
    expect(await service.markRead(commenter(), null)).toBe(unread);
    expect(await service.unreadCount(commenter())).toBe(0);
  });

  it('writes the mail in the recipient’s language', async () => {
    await dataSource.query(`UPDATE member SET language = 'sl' WHERE id = $1`, [delegate().memberId]);
    await startThread(commenter(), TWINNING, 'mentor', mention(delegate(), 'Vprašanje za '));
    const [mail]: { subject: string }[] = await dataSource.query(`SELECT subject FROM mail_message WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1`, [delegate().email]);
    expect(mail.subject).toBe(`${commenter().displayName} vas je omenil(a) v priporočilu »${TWINNING}«`);
  });

  it('keeps one reaction per member and emoji, and removes it again', async () => {
    const thread = await startThread(editor());
    const [comment] = thread.comments;
    const documentId = documents.get(TWINNING)!;
    await service.react(commenter(), documentId, thread.id, comment.id, '👍', true);
    await service.react(commenter(), documentId, thread.id, comment.id, '👍', true);
    const reacted = await service.react(delegate(), documentId, thread.id, comment.id, '👍', true);
    expect(reacted.comments[0].reactions).toEqual([{ emoji: '👍', count: 2, memberIds: [commenter().memberId, delegate().memberId] }]);
    const removed = await service.react(commenter(), documentId, thread.id, comment.id, '👍', false);
    expect(removed.comments[0].reactions).toEqual([{ emoji: '👍', count: 1, memberIds: [delegate().memberId] }]);
  });

  it('lets only the author edit (marked) and delete (tombstone); coordinators hide with a reason, audited', async () => {
    const thread = await startThread(commenter());
    const documentId = documents.get(TWINNING)!;
    const [first] = thread.comments;
    await expect(service.edit(editor(), documentId, thread.id, first.id, { body: plainCommentBody('Not mine') as unknown as Record<string, unknown> })).rejects.toMatchObject({ code: 'NOT_COMMENT_AUTHOR' });
    const edited = await service.edit(commenter(), documentId, thread.id, first.id, { body: plainCommentBody('Reworded.') as unknown as Record<string, unknown>, stance: 'neutral' });
    expect(edited.comments[0]).toMatchObject({ body: plainCommentBody('Reworded.'), stance: 'neutral' });
    expect(edited.comments[0].editedAt).not.toBeNull();

    const replied = await service.reply(editor(), documentId, thread.id, { body: plainCommentBody('Off-topic remark') as unknown as Record<string, unknown>, stance: 'against' });
    const reply = replied.comments[1];
    const hidden = await service.hide(coordinator(), documentId, thread.id, reply.id, 'Off-topic for this passage', ORIGIN);
    expect(hidden.comments[1]).toMatchObject({ body: null, stance: null, hidden: { byName: coordinator().displayName, reason: 'Off-topic for this passage' } });
    expect(hidden.stances.reduce((sum, entry) => sum + entry.against, 0)).toBe(0);
    expect(await auditCount('comment.hidden', reply.id)).toBe(1);
    await expect(service.edit(editor(), documentId, thread.id, reply.id, { body: plainCommentBody('Again') as unknown as Record<string, unknown> })).rejects.toMatchObject({ code: 'COMMENT_REMOVED' });

    const deleted = await service.delete(commenter(), documentId, thread.id, first.id, ORIGIN);
    expect(deleted.comments).toHaveLength(2);
    expect(deleted.comments[0]).toMatchObject({ id: first.id, body: null, stance: null });
    expect(deleted.comments[0].deletedAt).not.toBeNull();
    expect(await auditCount('comment.deleted', first.id)).toBe(1);
    const [{ body }]: { body: unknown }[] = await dataSource.query(`SELECT body FROM comment WHERE id = $1`, [first.id]);
    expect(body).toBeNull();
  });

  it('resolves and reopens, filters open, resolved, mine and mentioning-me, and counts open threads', async () => {
    const documentId = documents.get(TWINNING)!;
    const before = (await recommendations.openThreadCounts(editor().networkId)).get(documentId) ?? 0;
    const thread = await startThread(delegate(), TWINNING, 'joint event', mention(as('delegate.zala@demo.accord.example'), 'Zala? '));
    expect((await recommendations.openThreadCounts(editor().networkId)).get(documentId)).toBe(before + 1);
    const resolved = await service.setStatus(editor(), documentId, thread.id, 'resolved', ORIGIN);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedByName: editor().displayName });
    expect((await recommendations.openThreadCounts(editor().networkId)).get(documentId) ?? 0).toBe(before);
    expect((await service.list(editor(), documentId, 'open')).some((candidate) => candidate.id === thread.id)).toBe(false);
    expect((await service.list(editor(), documentId, 'resolved')).map((candidate) => candidate.id)).toContain(thread.id);
    expect((await service.list(delegate(), documentId, 'mine')).map((candidate) => candidate.id)).toContain(thread.id);
    expect((await service.list(editor(), documentId, 'mine')).map((candidate) => candidate.id)).not.toContain(thread.id);
    expect((await service.list(as('delegate.zala@demo.accord.example'), documentId, 'mentioning-me')).map((candidate) => candidate.id)).toEqual([thread.id]);
    expect(await auditCount('comment-thread.resolved', thread.id)).toBe(1);

    // Editing the mention away takes the thread out of "mentioning me".
    const zala = as('delegate.zala@demo.accord.example');
    await service.edit(delegate(), documentId, thread.id, thread.comments[0].id, { body: plainCommentBody('Zala?') as unknown as Record<string, unknown> });
    expect(await service.list(zala, documentId, 'mentioning-me')).toEqual([]);

    const reopened = await service.setStatus(commenter(), documentId, thread.id, 'open', ORIGIN);
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, resolvedByName: null });
    expect(await auditCount('comment-thread.reopened', thread.id)).toBe(1);
  });

  it('keeps every one of many concurrent replies, each notifying the thread starter once', async () => {
    const thread = await startThread(commenter());
    const documentId = documents.get(TWINNING)!;
    const repliers = [editor(), delegate(), coordinator(), as('substitute@demo.accord.example'), as('editor.pordenone@demo.accord.example'), as('delegate.pordenone@demo.accord.example')];
    await Promise.all(repliers.flatMap((member) => [1, 2].map((n) => service.reply(member, documentId, thread.id, { body: plainCommentBody(`${member.displayName} #${n}`) as unknown as Record<string, unknown> }))));
    const after = await service.get(commenter(), documentId, thread.id);
    expect(after.comments).toHaveLength(1 + repliers.length * 2);
    expect(new Set(after.comments.map((comment) => comment.id)).size).toBe(after.comments.length);
    const [{ count }]: { count: string }[] = await dataSource.query(`SELECT count(*) FROM notification WHERE thread_id = $1 AND member_id = $2 AND kind = 'reply'`, [thread.id, commenter().memberId]);
    expect(Number(count)).toBe(repliers.length * 2);
  });

  it('resolves a thread once when several members resolve it at the same moment', async () => {
    const thread = await startThread(editor());
    const documentId = documents.get(TWINNING)!;
    const events: DocumentEvent[] = [];
    const stop = bus.subscribe(documentId, (event) => event.kind === 'comment-thread' && events.push(event));
    const resolvers = [commenter(), delegate(), coordinator(), as('substitute@demo.accord.example'), as('delegate.zala@demo.accord.example')];
    const results = await Promise.all(resolvers.map((member) => service.setStatus(member, documentId, thread.id, 'resolved', ORIGIN)));
    stop();
    expect(results.every((result) => result.status === 'resolved')).toBe(true);
    expect(new Set(results.map((result) => result.resolvedByName)).size).toBe(1);
    expect(await auditCount('comment-thread.resolved', thread.id)).toBe(1);
    expect(events.filter((event) => event.action === 'thread.resolved')).toHaveLength(1);
  });

  it('refuses a script link, an over-long comment and a mention of someone outside the network, with clear codes', async () => {
    const documentId = documents.get(TWINNING)!;
    const anchor = await anchorOn(documentId, 'mentor');
    const scripted = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] };
    await expect(service.createThread(commenter(), documentId, { anchor, body: scripted }, ORIGIN)).rejects.toMatchObject({ code: 'COMMENT_BODY_INVALID' });
    await expect(service.createThread(commenter(), documentId, { anchor, body: plainCommentBody('x'.repeat(4001)) as unknown as Record<string, unknown> }, ORIGIN)).rejects.toMatchObject({
      code: 'COMMENT_TOO_LONG',
      message: 'A comment may have at most 4000 characters; this one has 4001. Shorten it or split it into two replies.',
    });
    const stranger = { ...editor(), memberId: '00000000-0000-4000-8000-000000000001', displayName: 'Stranger' };
    await expect(service.createThread(commenter(), documentId, { anchor, body: mention(stranger, 'Hi ') as unknown as Record<string, unknown> }, ORIGIN)).rejects.toMatchObject({ code: 'MENTION_UNKNOWN_MEMBER' });
    await expect(service.createThread(commenter(), documentId, { anchor: { ...anchor, start: Buffer.from([255, 255, 255]).toString('base64') }, body: plainCommentBody('x') as unknown as Record<string, unknown> }, ORIGIN)).rejects.toMatchObject({ code: 'ANCHOR_INVALID' });
  });

  it('answers another network with "not found" for threads, and suggests only own-network members for mentions', async () => {
    const outsider = { ...coordinator(), networkId: '00000000-0000-4000-8000-0000000000ff' };
    await expect(service.list(outsider, documents.get(TWINNING)!, 'all')).rejects.toMatchObject({ code: 'RECOMMENDATION_NOT_FOUND' });
    await expect(service.mentionable(outsider, documents.get(TWINNING)!, 'Ma')).rejects.toMatchObject({ code: 'RECOMMENDATION_NOT_FOUND' });
    const suggestions = await service.mentionable(commenter(), documents.get(TWINNING)!, 'ma');
    expect(suggestions.map((member) => member.displayName)).toEqual(['Maja Kranjc', 'Marco Zanin']);
    // A word inside the name matches too, and LIKE wildcards are taken literally.
    expect((await service.mentionable(commenter(), documents.get(TWINNING)!, 'kran')).map((member) => member.displayName)).toEqual(['Maja Kranjc']);
    expect(await service.mentionable(commenter(), documents.get(TWINNING)!, '%')).toEqual([]);
  });
});
