import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import { type ValidationArguments, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

/** Whether to believe the proxy at `address`, `hop` steps from this server (proxy-addr's and Express's trust function). */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * Turns TRUST_PROXY into the trust function that Express (`trust proxy`, hence `request.ip`) and
 * the websocket admission both use, so the throttles and the logs see one client address.
 * `false`: no proxy (X-Forwarded-For is ignored); `true`: every proxy; `2`: that many hops;
 * otherwise a comma-separated list of addresses, subnets or proxy-addr's names (`loopback`, ...).
 * Throws on a value it cannot read.
 */
export function compileProxyTrust(setting: string): ProxyTrust {
  const value = setting.trim().toLowerCase();
  if (value === 'false' || value === '0') return () => false;
  if (value === 'true') return () => true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  const list = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (list.length === 0) throw new Error('an empty list');
  return proxyAddr.compile(list);
}

/** The client's address as TRUST_PROXY tells it: the socket's peer, or what trusted proxies forwarded. */
export function clientAddress(request: IncomingMessage, trust: ProxyTrust): string {
  try {
    return proxyAddr(request, trust);
  } catch {
    return request.socket.remoteAddress ?? 'unknown';
  }
}

@ValidatorConstraint({ name: 'trustProxy' })
export class TrustProxyConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      compileProxyTrust(value);
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(_args?: ValidationArguments): string {
    return 'TRUST_PROXY must be false, true, a hop count, or a comma-separated list of addresses and subnets (e.g. 10.0.0.0/8,loopback)';
  }
}
