import { MANUAL_RECOMMENDATION_STATUSES, type ManualRecommendationStatus } from '@accord/contracts';
import { encodeProsemirrorJsonAsUpdate } from '@accord/editor';
import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '../audit/audit.service';
import type { AuthenticatedMember, MemberContext, RequestOrigin } from '../auth/authenticated-member';
import { documentPolicy } from './document.policy';
import { NotInWorkingGroupException, RecommendationNotFoundException, StatusNotSetByHandException, WorkingGroupNotFoundException, RecommendationPublishedException } from './documents.exception';
import type { ChangeRecommendationStatusDto, CreateRecommendationDto, RecommendationListQueryDto } from './dto/recommendation-request.dto';
import type { DocumentAccessDto, RecommendationDetailDto, RecommendationSummaryDto } from './dto/recommendation-response.dto';
import { RecommendationRepository, type RecommendationRow } from './recommendation.repository';

@Injectable()
export class DocumentsService {
  constructor(
    private readonly recommendations: RecommendationRepository,
    private readonly audit: AuditService,
  ) {}

  async list(member: MemberContext, filter: RecommendationListQueryDto): Promise<RecommendationSummaryDto[]> {
    const [rows, openThreads] = await Promise.all([this.recommendations.list(member.networkId, filter), this.recommendations.openThreadCounts(member.networkId)]);
    return rows.flatMap((row) => {
      const access = documentPolicy.access(member, row.recommendation);
      return access ? [mapSummary(row, access, openThreads.get(row.recommendation.id) ?? 0)] : [];
    });
  }

  async get(member: MemberContext, id: string): Promise<RecommendationDetailDto> {
    const row = await this.recommendations.findWithContent(member.networkId, id);
    const access = row ? documentPolicy.access(member, row.recommendation) : null;
    // Another network's recommendation is "not found", not "forbidden": its existence is not told.
    if (!row || !access) throw new RecommendationNotFoundException(id);
    const openThreads = await this.recommendations.openThreadCounts(member.networkId, [id]);
    return { ...mapSummary(row, access, openThreads.get(id) ?? 0), content: row.content ?? null };
  }

  async create(member: AuthenticatedMember, body: CreateRecommendationDto, origin: RequestOrigin): Promise<RecommendationDetailDto> {
    const groupNetwork = await this.recommendations.workingGroupNetwork(body.workingGroupId);
    if (groupNetwork !== member.networkId) throw new WorkingGroupNotFoundException(body.workingGroupId);
    if (!documentPolicy.canCreateIn(member, { networkId: groupNetwork, id: body.workingGroupId })) throw new NotInWorkingGroupException();
    const content = { type: 'doc', content: [{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: body.title }] }] };
    const id = await this.recommendations.create(member.networkId, body, encodeProsemirrorJsonAsUpdate(content), content);
    await this.audit.record({ networkId: member.networkId, actor: actorOf(member), action: 'recommendation.created', subject: { type: 'recommendation', id }, detail: { title: body.title }, remoteAddress: origin.remoteAddress });
    return this.get(member, id);
  }

  /** Moves a recommendation between the statuses set by hand; decided ones (ballots, editions) stay. */
  async changeStatus(member: AuthenticatedMember, id: string, body: ChangeRecommendationStatusDto, origin: RequestOrigin): Promise<RecommendationDetailDto> {
    const row = await this.recommendations.findWithContent(member.networkId, id);
    if (!row || !documentPolicy.access(member, row.recommendation)) throw new RecommendationNotFoundException(id);
    const from = row.recommendation.status;
    if (!isManualStatus(from)) throw new StatusNotSetByHandException();
    if (from !== body.status) {
      if (!(await this.recommendations.changeStatus(member.networkId, id, from, body.status))) throw new StatusNotSetByHandException();
      await this.audit.record({ networkId: member.networkId, actor: actorOf(member), action: 'recommendation.status-changed', subject: { type: 'recommendation', id }, detail: { from, to: body.status }, remoteAddress: origin.remoteAddress });
    }
    return this.get(member, id);
  }

  async delete(member: AuthenticatedMember, id: string, origin: RequestOrigin): Promise<void> {
    const row = await this.recommendations.findWithContent(member.networkId, id);
    if (!row) throw new RecommendationNotFoundException(id);
    // Its editions are public and immutable: the database would refuse too (foreign key).
    if (row.recommendation.status === 'published') throw new RecommendationPublishedException();
    if (!(await this.recommendations.delete(member.networkId, id))) throw new RecommendationNotFoundException(id);
    await this.audit.record({ networkId: member.networkId, actor: actorOf(member), action: 'recommendation.deleted', subject: { type: 'recommendation', id }, detail: { title: row.recommendation.title }, remoteAddress: origin.remoteAddress });
  }
}

function mapSummary({ recommendation, lastEditedAt }: RecommendationRow, access: DocumentAccessDto, openThreadCount: number): RecommendationSummaryDto {
  return {
    id: recommendation.id,
    title: recommendation.title,
    theme: recommendation.theme,
    level: recommendation.level,
    status: recommendation.status,
    language: recommendation.language,
    workingGroup: { id: recommendation.workingGroup.id, name: recommendation.workingGroup.name, kind: recommendation.workingGroup.kind },
    lastEditedAt: lastEditedAt ? lastEditedAt.toISOString() : null,
    createdAt: recommendation.createdAt.toISOString(),
    access,
    openThreadCount,
  };
}

function isManualStatus(status: string): status is ManualRecommendationStatus {
  return (MANUAL_RECOMMENDATION_STATUSES as readonly string[]).includes(status);
}
