// D9: professional-card CAs the operator trusts in the database (`kansio ca add`), besides the
// PEM files in <dataDir>/trust/card-ca that the server reads at start. The token endpoint reads
// this table on each professional statement, so a CA added or removed counts without a restart.
import { X509Certificate } from 'node:crypto';
import type { Queryable } from './queryable.ts';

export interface CardCaRow {
  readonly fingerprint: string;
  readonly subject: string;
  readonly pem: string;
  readonly notAfter: string;
  readonly addedAt: string;
}

interface Row { fingerprint: string; subject: string; pem: string; not_after: Date; added_at: Date }
const toRow = (r: Row): CardCaRow => ({ fingerprint: r.fingerprint, subject: r.subject, pem: r.pem, notAfter: r.not_after.toISOString(), addedAt: r.added_at.toISOString() });

export async function listCardCas(db: Queryable): Promise<CardCaRow[]> {
  const r = await db.query<Row>({ name: 'card-ca-list', text: 'select fingerprint, subject, pem, not_after, added_at from trusted_card_ca order by added_at, fingerprint' });
  return r.rows.map(toRow);
}

export async function getCardCa(db: Queryable, fingerprint: string): Promise<CardCaRow | undefined> {
  const r = await db.query<Row>({ name: 'card-ca-get', text: 'select fingerprint, subject, pem, not_after, added_at from trusted_card_ca where fingerprint = $1', values: [fingerprint] });
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

export async function insertCardCa(tx: Queryable, ca: Omit<CardCaRow, 'addedAt'>, addedAt: string): Promise<void> {
  await tx.query({
    name: 'card-ca-insert',
    text: 'insert into trusted_card_ca (fingerprint, subject, pem, not_after, added_at) values ($1, $2, $3, $4, $5)',
    values: [ca.fingerprint, ca.subject, ca.pem, ca.notAfter, addedAt],
  });
}

export async function deleteCardCa(tx: Queryable, fingerprint: string): Promise<void> {
  await tx.query({ name: 'card-ca-delete', text: 'delete from trusted_card_ca where fingerprint = $1', values: [fingerprint] });
}

// Parsed certificates by fingerprint: a token request parses none it has seen before.
const parsed = new Map<string, X509Certificate>();

/** The CAs trusted in the database, parsed; one small query per professional statement. */
export async function trustedCardCasInDb(db: Queryable): Promise<X509Certificate[]> {
  const r = await db.query<{ fingerprint: string; pem: string }>({ name: 'card-ca-trusted', text: 'select fingerprint, pem from trusted_card_ca' });
  return r.rows.map((row) => {
    let cert = parsed.get(row.fingerprint);
    if (!cert) parsed.set(row.fingerprint, (cert = new X509Certificate(row.pem)));
    return cert;
  });
}
