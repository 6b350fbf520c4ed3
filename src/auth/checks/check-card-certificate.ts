// D9: the professional assertion is signed with a professional card. These checks take the card
// certificate from the assertion's x5c header and refuse it (invalid_grant) unless it is a signing
// certificate, within its validity period, chaining to a trusted professional-card CA, and naming
// the professional in its subject serialNumber (2.5.4.5).
import { X509Certificate } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { KEY_USAGE, keyUsageBits, subjectAttribute } from '../der.ts';
import { InvalidGrant } from '../oauth-errors.ts';

const MAX_CHAIN = 5;
const SERIAL_NUMBER = '2.5.4.5';

export interface CardChain {
  readonly card: X509Certificate;
  readonly intermediates: readonly X509Certificate[];
}

/** JWS x5c (RFC 7515 4.1.6): the card certificate first, then intermediates, each base64 DER. */
export function readCardChain(assertion: string): CardChain {
  let x5c: unknown;
  try {
    x5c = decodeProtectedHeader(assertion).x5c;
  } catch {
    throw new InvalidGrant('professional_assertion is not a compact JWS');
  }
  if (!Array.isArray(x5c) || x5c.length === 0) {
    throw new InvalidGrant('professional_assertion has no x5c header; put the card certificate (base64 DER) first, then any intermediate CA certificates');
  }
  if (x5c.length > MAX_CHAIN) throw new InvalidGrant(`professional_assertion x5c holds ${x5c.length} certificates; at most ${MAX_CHAIN} are accepted`);
  const certificates = x5c.map((entry: unknown, i) => {
    if (typeof entry !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(entry)) {
      throw new InvalidGrant(`professional_assertion x5c[${i}] must be a base64 (not base64url) DER certificate`);
    }
    try {
      return new X509Certificate(Buffer.from(entry, 'base64'));
    } catch {
      throw new InvalidGrant(`professional_assertion x5c[${i}] is not an X.509 certificate`);
    }
  });
  return { card: certificates[0]!, intermediates: certificates.slice(1) };
}

/** A card certificate is an end-entity certificate for signatures, not a CA. */
export function checkCardIsSigningCertificate(card: X509Certificate): void {
  if (card.ca) throw new InvalidGrant('the first x5c certificate is a CA certificate; it must be the professional card certificate');
  const usage = readField(() => keyUsageBits(card.raw), 'keyUsage extension');
  if (usage !== undefined && !(usage & (KEY_USAGE.digitalSignature | KEY_USAGE.nonRepudiation))) {
    throw new InvalidGrant('the card certificate does not allow digital signatures (keyUsage); sign with the card\'s signing key');
  }
}

export function checkCardValidity(card: X509Certificate, now: Date): void {
  if (now < card.validFromDate) throw new InvalidGrant(`the professional card is not valid until ${card.validFromDate.toISOString()}`);
  if (now > card.validToDate) throw new InvalidGrant(`the professional card expired at ${card.validToDate.toISOString()}; the professional needs a renewed card`);
}

/** The card was issued by a trusted professional-card CA, directly or through the x5c intermediates. */
export function checkCardChainsToTrustedCa(chain: CardChain, trusted: readonly X509Certificate[], now: Date): void {
  let current = chain.card;
  const unused = [...chain.intermediates];
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    if (trusted.some((ca) => issuedBy(current, ca) && within(ca, now))) return;
    const i = unused.findIndex((c) => c.ca && issuedBy(current, c));
    if (i < 0) break;
    current = unused.splice(i, 1)[0]!;
    if (!within(current, now)) throw new InvalidGrant(`the intermediate certificate '${oneLine(current.subject)}' is outside its validity period`);
  }
  throw new InvalidGrant(`the professional card does not chain to a trusted professional-card CA (last issuer: '${oneLine(current.issuer)}'); include any intermediate certificates in x5c`);
}

/** The card names the professional the assertion speaks for. */
export function checkCardNamesProfessional(card: X509Certificate, professionalId: string): void {
  const serials = readField(() => subjectAttribute(card.raw, SERIAL_NUMBER), 'subject');
  if (serials.length !== 1) throw new InvalidGrant('the card certificate subject must carry exactly one serialNumber (2.5.4.5), the professional id');
  if (serials[0] !== professionalId) {
    throw new InvalidGrant(`professional_assertion iss '${professionalId}' is not the card holder; the card's subject serialNumber is '${serials[0]}'`);
  }
}

/** A field our small DER reader could not follow is a malformed card, not a server error. */
function readField<T>(read: () => T, what: string): T {
  try {
    return read();
  } catch {
    throw new InvalidGrant(`the card certificate's ${what} cannot be read`);
  }
}

function issuedBy(child: X509Certificate, issuer: X509Certificate): boolean {
  return child.checkIssued(issuer) && child.verify(issuer.publicKey);
}

function within(certificate: X509Certificate, now: Date): boolean {
  return now >= certificate.validFromDate && now <= certificate.validToDate;
}

function oneLine(name: string): string {
  return name.replace(/\n/g, ', ');
}
