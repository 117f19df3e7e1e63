import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// An echoed id lands in logs and response headers, so only a short, inert token is accepted.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function genRequestId(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  if (typeof sent === 'string' && SAFE_ID.test(sent)) return sent;
  return randomUUID();
}
