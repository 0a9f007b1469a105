import { serialize } from 'cookie';
import type { Response } from 'express';
import type { Config } from '../config.js';

/** The cabinet's session: HttpOnly (no script can read it), SameSite=Lax, Secure behind HTTPS. */
export function setSessionCookie(res: Response, config: Config['session'], token: string, expires: Date): void {
  res.append(
    'Set-Cookie',
    serialize(config.cookieName, token, { httpOnly: true, sameSite: 'lax', secure: config.secureCookie, path: '/', expires }),
  );
}

export function clearSessionCookie(res: Response, config: Config['session']): void {
  res.append(
    'Set-Cookie',
    serialize(config.cookieName, '', { httpOnly: true, sameSite: 'lax', secure: config.secureCookie, path: '/', expires: new Date(0) }),
  );
}
