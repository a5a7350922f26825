import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowedWhen, type AuthenticatedMember, CurrentMember } from '../auth/authenticated-member';
import { networkPolicy } from '../networks/network.policy';
import { AuditService } from './audit.service';
import { AuditEventDto } from './dto/audit-event.dto';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @AllowedWhen(networkPolicy.canManage)
  @ApiOkResponse({ type: AuditEventDto, isArray: true, description: "The network's audit log, newest first (coordinators)" })
  list(@CurrentMember() actor: AuthenticatedMember): Promise<AuditEventDto[]> {
    return this.audit.list(actor.networkId);
  }
}
