import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedMember, CurrentMember } from '../auth/authenticated-member';
import { CommentsService } from './comments.service';
import { MarkNotificationsReadDto, NotificationListQueryDto, NotificationPreferencesDto } from './dto/comment-requests.dto';
import { MarkedReadDto, NotificationDto, NotificationPreferencesResponseDto, UnreadCountDto } from './dto/comment-responses.dto';

/** The signed-in member's own inbox: mentions and replies to threads they started. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly comments: CommentsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationDto, isArray: true, description: 'Your latest 100 notifications, newest first' })
  list(@CurrentMember() member: AuthenticatedMember, @Query() query: NotificationListQueryDto): Promise<NotificationDto[]> {
    return this.comments.notifications(member, query.unread === true);
  }

  @Get('unread-count')
  @ApiOkResponse({ type: UnreadCountDto, description: 'The number on the bell' })
  async unreadCount(@CurrentMember() member: AuthenticatedMember): Promise<UnreadCountDto> {
    return { unread: await this.comments.unreadCount(member) };
  }

  @Post('read')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: MarkedReadDto, description: 'Marks the given notifications of yours read, or all of them when ids is absent' })
  async markRead(@CurrentMember() member: AuthenticatedMember, @Body() body: MarkNotificationsReadDto): Promise<MarkedReadDto> {
    return { marked: await this.comments.markRead(member, body.ids ?? null) };
  }

  @Get('preferences')
  @ApiOkResponse({ type: NotificationPreferencesResponseDto })
  async preferences(@CurrentMember() member: AuthenticatedMember): Promise<NotificationPreferencesResponseDto> {
    return { commentEmails: await this.comments.commentEmails(member) };
  }

  @Put('preferences')
  @ApiOkResponse({ type: NotificationPreferencesResponseDto, description: 'Turns the e-mails about mentions and replies on or off (the inbox keeps them)' })
  async setPreferences(@CurrentMember() member: AuthenticatedMember, @Body() body: NotificationPreferencesDto): Promise<NotificationPreferencesResponseDto> {
    return { commentEmails: await this.comments.setCommentEmails(member, body.commentEmails) };
  }
}
