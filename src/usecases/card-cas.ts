// Issue 10 onboarding, D9: the operator's trusted professional-card CAs. Kept in the database so
// that every server sharing it trusts a CA from the commit on, without a restart; the PEM files
// in <dataDir>/trust/card-ca stay trusted as before (read at start). add, list and remove are
// one small use case each, side by side, since they share the certificate checks.
import { X509Certificate } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import type { Queryable } from '../store/queryable.ts';
import { NotFound } from '../domain/errors.ts';
import { deleteCardCa, getCardCa, insertCardCa, listCardCas as list, type CardCaRow } from '../store/card-cas.ts';
import { auditAdminChange, authorise, NATIONAL_OPERATOR, refuseProblem, type AdminActor } from './admin-audit.ts';

export interface AddCardCaProps {
  /** One CA certificate, PEM. */
  readonly pem: string;
  readonly actor: AdminActor;
  readonly now: string;
}

/** Colon-separated upper-case hex, however the operator typed it. */
export function normaliseFingerprint(text: string): string {
  const hex = text.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return hex.match(/../g)?.join(':') ?? '';
}

function parseCaCertificate(pem: string, now: string): X509Certificate {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length !== 1) refuseProblem({ field: 'pem', message: blocks.length === 0 ? 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)' : `holds ${blocks.length} certificates; add one CA at a time` });
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(blocks[0]!);
  } catch (error) {
    refuseProblem({ field: 'pem', message: `is not a readable X.509 certificate (${(error as Error).message})` });
    throw error;
  }
  if (!cert.ca) refuseProblem({ field: 'pem', message: `'${cert.subject.replace(/\n/g, ', ')}' is not a CA certificate (basicConstraints cA is not true): trust the CA that issues the cards, not a card` });
  if (new Date(cert.validTo) <= new Date(now)) refuseProblem({ field: 'pem', message: `the CA certificate expired on ${new Date(cert.validTo).toISOString()}` });
  return cert;
}

export async function addCardCa(tx: Tx, props: AddCardCaProps): Promise<{ ca: Omit<CardCaRow, 'addedAt'>; change: 'add' | 'unchanged' }> {
  authorise(props.actor, { entity: 'card-ca' });
  const cert = parseCaCertificate(props.pem, props.now);
  const ca = { fingerprint: cert.fingerprint256, subject: cert.subject, pem: cert.toString(), notAfter: new Date(cert.validTo).toISOString() };
  if (await getCardCa(tx, ca.fingerprint)) return { ca, change: 'unchanged' };
  await insertCardCa(tx, ca, props.now);
  await auditAdminChange(tx, {
    actor: props.actor, now: props.now, organisationOid: NATIONAL_OPERATOR,
    admin: { entity: 'card-ca', id: ca.fingerprint, change: 'add' },
    detail: `trusted professional-card CA '${ca.subject.replace(/\n/g, ', ')}' (D9), valid until ${ca.notAfter}`,
  });
  return { ca, change: 'add' };
}

export async function removeCardCa(tx: Tx, props: { fingerprint: string; actor: AdminActor; now: string }): Promise<void> {
  authorise(props.actor, { entity: 'card-ca' });
  const fingerprint = normaliseFingerprint(props.fingerprint);
  if (fingerprint.length !== 95) refuseProblem({ field: 'fingerprint', message: 'must be the SHA-256 fingerprint that kansio ca list shows (32 hex bytes)' });
  const ca = await getCardCa(tx, fingerprint);
  if (!ca) throw NotFound.of(`no CA with fingerprint ${fingerprint} is trusted in the database (CAs in the data folder's trust/card-ca are removed by deleting the file and restarting)`);
  await deleteCardCa(tx, fingerprint);
  await auditAdminChange(tx, {
    actor: props.actor, now: props.now, organisationOid: NATIONAL_OPERATOR,
    admin: { entity: 'card-ca', id: fingerprint, change: 'remove' },
    detail: `no longer trusts professional-card CA '${ca.subject.replace(/\n/g, ', ')}' (D9)`,
  });
}

export function listCardCas(db: Queryable): Promise<CardCaRow[]> {
  return list(db);
}
