import type { MemberRole } from '@accord/contracts';
import type { Language } from '@accord/i18n';
import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

/** Who is acting, as every policy sees them: the member, their network, roles and working groups. */
export interface MemberContext {
  memberId: string;
  networkId: string;
  partnerId: string;
  displayName: string;
  email: string;
  roles: readonly MemberRole[];
  workingGroupIds: readonly string[];
  /** The language the member chose for Accord; null until they choose (their browser's then applies). */
  language: Language | null;
}

/** A member resolved from a session cookie or a collaboration token. */
export interface AuthenticatedMember extends MemberContext {
  sessionId: string;
  csrfToken: string | null;
}

export type RequestWithMember = Request & { member?: AuthenticatedMember };

const PUBLIC_ROUTE = 'accord:public-route';
const ALLOWED_WHEN = 'accord:allowed-when';
const REFUSAL = 'accord:allowed-when-refusal';

export type RouteCheck = (member: MemberContext) => boolean;

/** A route anyone may call without a session (sign-in, invitation links, health). CSRF still applies. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * A role gate checked before the body is validated, with a check from the domain's policy
 * (e.g. `networkPolicy.canManage`). Record-level checks stay in the services.
 */
export const AllowedWhen = (check: RouteCheck, refusal?: () => Error): MethodDecorator => {
  const setCheck = SetMetadata(ALLOWED_WHEN, check);
  const setRefusal = SetMetadata(REFUSAL, refusal);
  return (target, key, descriptor) => {
    setCheck(target, key, descriptor);
    // The domain's own sentence ("only coordinators open ballots"), instead of the general one.
    if (refusal) setRefusal(target, key, descriptor);
  };
};

export const ROUTE_METADATA = { PUBLIC_ROUTE, ALLOWED_WHEN, REFUSAL } as const;

/** The signed-in member of a non-public route. */
export const CurrentMember = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedMember => {
  const member = context.switchToHttp().getRequest<RequestWithMember>().member;
  if (!member) throw new Error('CurrentMember used on a public route');
  return member;
});

/** Where a request came from, for the audit log and the sign-in throttle. */
export interface RequestOrigin {
  remoteAddress: string;
  userAgent: string | null;
  /** The Accept-Language header: the language for someone who is not signed in. */
  acceptLanguage: string | null;
}

export const Origin = createParamDecorator((_data: unknown, context: ExecutionContext): RequestOrigin => {
  const request = context.switchToHttp().getRequest<Request>();
  return { remoteAddress: request.ip ?? request.socket.remoteAddress ?? 'unknown', userAgent: request.headers['user-agent'] ?? null, acceptLanguage: request.headers['accept-language'] ?? null };
});
