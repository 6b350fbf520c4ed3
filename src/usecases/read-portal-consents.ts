// D5, D7, D8 in the portal: the consent service records of the person on screen (current
// versions, in force or not), read and audited in one transaction like any other read.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import { appendAudit } from '../store/audit.ts';
import { findConsents, type StoredConsent } from '../store/consents.ts';
import { portalAuditActor, type PortalViewer } from './portal-context.ts';

export async function readPortalConsents(tx: Tx, props: { readonly viewer: PortalViewer; readonly now: string }): Promise<StoredConsent[]> {
  const { records } = await findConsents(tx, { personKey: props.viewer.personKey, count: 500, offset: 0 });
  await appendAudit(tx, {
    eventId: randomUUID(), recordedAt: props.now, action: 'consent-read', transaction: 'portal-consents', outcome: 'success', ...portalAuditActor(props.viewer),
    consents: records.map((c) => ({ consentId: c.consentId, version: c.version, kind: c.kind })),
  });
  return records;
}
