import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowedWhen, type AuthenticatedMember, CurrentMember } from '../auth/authenticated-member';
import { networkPolicy } from '../networks/network.policy';
import { MailMessageDto } from './dto/mail-message.dto';
import { MailService } from './mail.service';

@ApiTags('mail')
@Controller('mail')
export class MailController {
  constructor(private readonly mail: MailService) {}

  @Get('outbox')
  @AllowedWhen(networkPolicy.canManage)
  @ApiOkResponse({ type: MailMessageDto, isArray: true, description: "Mail sent to the network's members, newest first (coordinators)" })
  outbox(@CurrentMember() actor: AuthenticatedMember): Promise<MailMessageDto[]> {
    return this.mail.outbox(actor.networkId);
  }
}
