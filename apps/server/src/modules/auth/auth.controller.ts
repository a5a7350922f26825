import { CSRF_COOKIE, SESSION_COOKIE } from '@accord/contracts';
import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppConfig } from '../../config/app-config';
import { AuthService } from './auth.service';
import { type AuthenticatedMember, CurrentMember, Origin, Public, type RequestOrigin, type RequestWithMember } from './authenticated-member';
import { CollabTokenDto, SessionStateDto, SignedInMemberDto, SignInResultDto } from './dto/session-response.dto';
import { ChooseLanguageDto, RequestPasswordResetDto, SetPasswordDto, SignInDto } from './dto/sign-in.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  @Public()
  @Get('session')
  @ApiOkResponse({ type: SessionStateDto, description: 'The signed-in member (or null) and, in demo mode, the demo accounts' })
  async session(@Req() request: RequestWithMember, @Res({ passthrough: true }) response: Response): Promise<SessionStateDto> {
    // Re-issues the readable CSRF cookie, so a page that lost it can still send changes.
    if (request.member?.csrfToken) {
      response.cookie(CSRF_COOKIE, request.member.csrfToken, { httpOnly: false, sameSite: 'lax', secure: this.config.get('COOKIE_SECURE', { infer: true }), path: '/' });
    }
    return { member: request.member ? await this.auth.describe(request.member) : null, demoAccounts: this.auth.demoAccounts() };
  }

  @Public()
  @Post('sign-in')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SignInResultDto })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins for the account or the address' })
  async signIn(@Body() body: SignInDto, @Origin() origin: RequestOrigin, @Res({ passthrough: true }) response: Response): Promise<SignInResultDto> {
    const session = await this.auth.signIn(body.email, body.password, origin);
    const secure = this.config.get('COOKIE_SECURE', { infer: true });
    response.cookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: session.expiresAt });
    response.cookie(CSRF_COOKIE, session.csrfToken, { httpOnly: false, sameSite: 'lax', secure, path: '/', expires: session.expiresAt });
    return { member: session.member, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  }

  @Post('sign-out')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  async signOut(@CurrentMember() member: AuthenticatedMember, @Origin() origin: RequestOrigin, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.signOut(member, origin);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  @Put('session/language')
  @ApiOkResponse({ type: SignedInMemberDto, description: 'The signed-in member, with the language now stored on them' })
  chooseLanguage(@CurrentMember() member: AuthenticatedMember, @Body() body: ChooseLanguageDto): Promise<SignedInMemberDto> {
    return this.auth.chooseLanguage(member, body.language);
  }

  @Post('collab-token')
  @ApiOkResponse({ type: CollabTokenDto, description: 'A short-lived token for non-browser collaboration clients' })
  @HttpCode(HttpStatus.OK)
  collabToken(@CurrentMember() member: AuthenticatedMember, @Origin() origin: RequestOrigin): Promise<CollabTokenDto> {
    return this.auth.issueCollabToken(member, origin);
  }

  @Public()
  @Post('invitations/accept')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The password is set; sign in with it' })
  acceptInvitation(@Body() body: SetPasswordDto, @Origin() origin: RequestOrigin): Promise<void> {
    return this.auth.setPasswordWithToken(body.token, body.password, 'invitation', origin);
  }

  @Public()
  @Post('password-reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiNoContentResponse({ description: 'If the address has an account, a reset link is mailed' })
  requestPasswordReset(@Body() body: RequestPasswordResetDto, @Origin() origin: RequestOrigin): Promise<void> {
    return this.auth.requestPasswordReset(body.email, origin);
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  resetPassword(@Body() body: SetPasswordDto, @Origin() origin: RequestOrigin): Promise<void> {
    return this.auth.setPasswordWithToken(body.token, body.password, 'password_reset', origin);
  }
}
