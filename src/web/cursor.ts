// Paging through the audit trail on a page: an opaque cursor in the URL names a position in the
// trail (time, lane, sequence), never a person.
import type { AuditPosition } from '../store/audit.ts';
import { PageError } from './render.ts';

export function encodeCursor(p: AuditPosition): string {
  return Buffer.from(JSON.stringify([p.recordedAt, p.lane, p.seq])).toString('base64url');
}

export function decodeCursor(value: string | undefined): AuditPosition | undefined {
  if (!value) return undefined;
  try {
    const [recordedAt, lane, seq] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (typeof recordedAt === 'string' && !Number.isNaN(Date.parse(recordedAt)) && Number.isInteger(lane) && typeof seq === 'string' && /^\d{1,19}$/.test(seq)) {
      return { recordedAt, lane: lane as number, seq };
    }
  } catch { /* refused below */ }
  throw new PageError(400, 'errors.badRequest');
}
