import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowedWhen, type AuthenticatedMember, CurrentMember, Origin, type RequestOrigin } from '../auth/authenticated-member';
import { commentPolicy } from './comment.policy';
import { CommentsService } from './comments.service';
import { CreateThreadDto, EditCommentDto, HideCommentDto, MentionableQueryDto, ReactionParamsDto, ReplyDto, ThreadListQueryDto } from './dto/comment-requests.dto';
import { CommentThreadDto, MentionableMemberDto } from './dto/comment-responses.dto';

const uuid = () => new ParseUUIDPipe();

/**
 * Comment threads of one recommendation. Who may do what is the comment policy's answer, asked
 * by the service; another network's recommendation is not found (404).
 */
@ApiTags('comments')
@ApiNotFoundResponse({ description: 'No such recommendation in your network, or no such thread or comment on it' })
@Controller('recommendations/:id')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get('threads')
  @ApiOkResponse({ type: CommentThreadDto, isArray: true, description: 'The threads, oldest first; filter open (default), resolved, mine, mentioning-me or all' })
  list(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Query() query: ThreadListQueryDto): Promise<CommentThreadDto[]> {
    return this.comments.list(member, id, query.filter);
  }

  @Post('threads')
  @ApiCreatedResponse({ type: CommentThreadDto, description: 'Starts a thread on a passage with its first comment; every role may' })
  create(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Body() body: CreateThreadDto, @Origin() origin: RequestOrigin): Promise<CommentThreadDto> {
    return this.comments.createThread(member, id, body, origin);
  }

  @Get('threads/:threadId')
  @ApiOkResponse({ type: CommentThreadDto })
  get(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Param('threadId', uuid()) threadId: string): Promise<CommentThreadDto> {
    return this.comments.get(member, id, threadId);
  }

  @Post('threads/:threadId/comments')
  @ApiCreatedResponse({ type: CommentThreadDto, description: 'Replies; the answer is the whole thread' })
  reply(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Param('threadId', uuid()) threadId: string, @Body() body: ReplyDto): Promise<CommentThreadDto> {
    return this.comments.reply(member, id, threadId, body);
  }

  @Patch('threads/:threadId/comments/:commentId')
  @ApiOkResponse({ type: CommentThreadDto, description: 'The author edits their comment (marked edited); others get 403 NOT_COMMENT_AUTHOR' })
  edit(
    @CurrentMember() member: AuthenticatedMember,
    @Param('id', uuid()) id: string,
    @Param('threadId', uuid()) threadId: string,
    @Param('commentId', uuid()) commentId: string,
    @Body() body: EditCommentDto,
  ): Promise<CommentThreadDto> {
    return this.comments.edit(member, id, threadId, commentId, body);
  }

  @Delete('threads/:threadId/comments/:commentId')
  @ApiOkResponse({ type: CommentThreadDto, description: 'The author deletes their comment; a tombstone stays in the thread' })
  delete(
    @CurrentMember() member: AuthenticatedMember,
    @Param('id', uuid()) id: string,
    @Param('threadId', uuid()) threadId: string,
    @Param('commentId', uuid()) commentId: string,
    @Origin() origin: RequestOrigin,
  ): Promise<CommentThreadDto> {
    return this.comments.delete(member, id, threadId, commentId, origin);
  }

  @Post('threads/:threadId/comments/:commentId/hide')
  @HttpCode(HttpStatus.OK)
  @AllowedWhen((member) => commentPolicy.mayModerate(member))
  @ApiOkResponse({ type: CommentThreadDto, description: 'Coordinators hide a comment, giving a reason (audited)' })
  hide(
    @CurrentMember() member: AuthenticatedMember,
    @Param('id', uuid()) id: string,
    @Param('threadId', uuid()) threadId: string,
    @Param('commentId', uuid()) commentId: string,
    @Body() body: HideCommentDto,
    @Origin() origin: RequestOrigin,
  ): Promise<CommentThreadDto> {
    return this.comments.hide(member, id, threadId, commentId, body.reason, origin);
  }

  @Put('threads/:threadId/comments/:commentId/reactions/:emoji')
  @ApiOkResponse({ type: CommentThreadDto, description: 'Adds your reaction (one of each emoji per member; repeating is harmless)' })
  react(@CurrentMember() member: AuthenticatedMember, @Param() params: ReactionParamsDto): Promise<CommentThreadDto> {
    return this.comments.react(member, params.id, params.threadId, params.commentId, params.emoji, true);
  }

  @Delete('threads/:threadId/comments/:commentId/reactions/:emoji')
  @ApiOkResponse({ type: CommentThreadDto, description: 'Removes your reaction' })
  unreact(@CurrentMember() member: AuthenticatedMember, @Param() params: ReactionParamsDto): Promise<CommentThreadDto> {
    return this.comments.react(member, params.id, params.threadId, params.commentId, params.emoji, false);
  }

  @Post('threads/:threadId/resolve')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CommentThreadDto, description: 'Resolves the thread (audited); resolving a resolved thread changes nothing' })
  resolve(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Param('threadId', uuid()) threadId: string, @Origin() origin: RequestOrigin): Promise<CommentThreadDto> {
    return this.comments.setStatus(member, id, threadId, 'resolved', origin);
  }

  @Post('threads/:threadId/reopen')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CommentThreadDto, description: 'Reopens a resolved thread (audited)' })
  reopen(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Param('threadId', uuid()) threadId: string, @Origin() origin: RequestOrigin): Promise<CommentThreadDto> {
    return this.comments.setStatus(member, id, threadId, 'open', origin);
  }

  @Get('mentionable-members')
  @ApiOkResponse({ type: MentionableMemberDto, isArray: true, description: 'For @ autocomplete: members of your network whose name (or a word of it) starts with the prefix; at most 10' })
  mentionable(@CurrentMember() member: AuthenticatedMember, @Param('id', uuid()) id: string, @Query() query: MentionableQueryDto): Promise<MentionableMemberDto[]> {
    return this.comments.mentionable(member, id, query.prefix ?? '');
  }
}
