import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '@accord/contracts';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { CsrfTokenException, NotAllowedException, NotSignedInException } from './auth.exception';
import { AuthService } from './auth.service';
import { ROUTE_METADATA, type RequestWithMember, type RouteCheck } from './authenticated-member';
import { parseCookies } from './secret-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs before every REST route, in this order: who is it (session cookie; 401 unless the route
 * is public), did the Accord page send it (double-submit CSRF token on every state-changing
 * request; 403), and does the route's role gate let this member through (403). There is no
 * switch that turns this off.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<RequestWithMember>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(ROUTE_METADATA.PUBLIC_ROUTE, targets) === true;

    const cookies = parseCookies(request.headers.cookie);
    const sessionToken = cookies[SESSION_COOKIE];
    const session = sessionToken ? await this.auth.resolveBrowserSession(sessionToken) : null;
    if (session) request.member = session;
    if (!session && !isPublic) throw new NotSignedInException();

    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      const sent = typeof header === 'string' ? header : '';
      const expected = session?.csrfToken ?? cookies[CSRF_COOKIE] ?? '';
      if (!sent || !expected || !sameString(sent, expected) || (cookies[CSRF_COOKIE] !== undefined && cookies[CSRF_COOKIE] !== sent)) throw new CsrfTokenException();
    }

    const check = this.reflector.get<RouteCheck | undefined>(ROUTE_METADATA.ALLOWED_WHEN, context.getHandler());
    if (check && (!session || !check(session))) {
      const refusal = this.reflector.get<(() => Error) | undefined>(ROUTE_METADATA.REFUSAL, context.getHandler());
      throw session && refusal ? refusal() : new NotAllowedException();
    }
    return true;
  }
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
