// A professional-card certificate authority and the cards it issues (D9). Production trusts the
// national card CA; demo mode and tests use these to issue their own. EC P-384, ECDSA with SHA-384.
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type JsonWebKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { der, KEY_USAGE, children, tbsParts } from './der.ts';

export interface CardAuthority {
  readonly name: string;
  readonly certPem: string;
  readonly certificate: X509Certificate;
  /** The CA's private key as a JWK (keep it secret; mode 0600 on disk). */
  readonly privateJwk: JWK;
  /** For an intermediate CA: its certificate and those above it, up to but not including the root (PEM). */
  readonly chainPem: readonly string[];
}

export interface ProfessionalCard {
  readonly professionalId: string;
  /** The card certificate, PEM. */
  readonly certPem: string;
  /** Intermediate certificates between the card and the trusted CA, PEM (none for a demo card). */
  readonly chainPem: readonly string[];
  /** The card's private key as a JWK; on a real card it never leaves the chip. */
  readonly privateJwk: JWK;
}

export interface SystemKey {
  readonly alg: 'ES384' | 'RS384';
  readonly kid: string;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

const OID = {
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

function yearsAfter(date: Date, years: number): Date {
  const d = new Date(date);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/** A self-signed EC P-384 CA certificate and key, valid for 10 years. */
export function createCardAuthority(name: string, now: Date = new Date()): CardAuthority {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const subject = der.seq(rdn(OID.commonName, der.utf8(name)));
  const certificate = issue({
    subject,
    issuer: subject,
    publicKey,
    signingKey: privateKey,
    notBefore: now,
    notAfter: yearsAfter(now, 10),
    extensions: [
      extension(OID.basicConstraints, true, der.seq(der.bool(true))),
      extension(OID.keyUsage, true, der.bits(usageBytes(KEY_USAGE.keyCertSign | KEY_USAGE.cRLSign))),
      extension(OID.subjectKeyIdentifier, false, der.octets(keyIdentifier(publicKey))),
    ],
  });
  return { name, certPem: certificate.toString(), certificate, privateJwk: privateKey.export({ format: 'jwk' }) as JWK, chainPem: [] };
}

/** An intermediate CA under parent (as national card CAs have), valid 5 years. */
export function createIntermediateAuthority(parent: CardAuthority, name: string, now: Date = new Date()): CardAuthority {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const certificate = issue({
    subject: der.seq(rdn(OID.commonName, der.utf8(name))),
    issuer: subjectOf(parent.certificate),
    publicKey,
    signingKey: createPrivateKey({ key: parent.privateJwk as JsonWebKey, format: 'jwk' }),
    notBefore: now,
    notAfter: yearsAfter(now, 5),
    extensions: [
      extension(OID.basicConstraints, true, der.seq(der.bool(true), der.uint(0))),
      extension(OID.keyUsage, true, der.bits(usageBytes(KEY_USAGE.keyCertSign | KEY_USAGE.cRLSign))),
      extension(OID.subjectKeyIdentifier, false, der.octets(keyIdentifier(publicKey))),
      extension(OID.authorityKeyIdentifier, false, der.seq(der.implicitPrimitive(0, keyIdentifier(parent.certificate.publicKey)))),
    ],
  });
  const certPem = certificate.toString();
  return { name, certPem, certificate, privateJwk: privateKey.export({ format: 'jwk' }) as JWK, chainPem: [certPem, ...parent.chainPem] };
}

/** A CA read back from its PEM certificate, private JWK and (for an intermediate) the chain above it. */
export function loadCardAuthority(certPem: string, privateJwk: JWK, chainPem: readonly string[] = []): CardAuthority {
  const certificate = new X509Certificate(certPem);
  const key = createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' });
  if (!certificate.checkPrivateKey(key)) throw new Error('the card CA key does not belong to the card CA certificate');
  const name = certificate.subject.match(/CN=(.*)/)?.[1] ?? certificate.subject;
  return { name, certPem, certificate, privateJwk, chainPem };
}

/**
 * A professional card: an EC P-384 key and a certificate with subject CN = the name and
 * serialNumber = the professional id, issued by the CA, valid 3 years (or notBefore..notAfter).
 * Its chainPem holds the intermediates to send in x5c when the CA is an intermediate.
 */
export function issueProfessionalCard(
  ca: CardAuthority,
  card: { professionalId: string; name: string; notBefore?: Date; notAfter?: Date },
): ProfessionalCard {
  // X.520 serialNumber is a PrintableString.
  if (!/^[A-Za-z0-9 '()+,\-./:=?]+$/.test(card.professionalId)) {
    throw new Error(`professional id '${card.professionalId}' must be printable ASCII (letters, digits, . - : and the like)`);
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const notBefore = card.notBefore ?? new Date();
  const caKey = createPrivateKey({ key: ca.privateJwk as JsonWebKey, format: 'jwk' });
  const certificate = issue({
    subject: der.seq(rdn(OID.commonName, der.utf8(card.name)), rdn(OID.serialNumber, der.printable(card.professionalId))),
    issuer: subjectOf(ca.certificate),
    publicKey,
    signingKey: caKey,
    notBefore,
    notAfter: card.notAfter ?? yearsAfter(notBefore, 3),
    extensions: [
      extension(OID.basicConstraints, true, der.seq()),
      extension(OID.keyUsage, true, der.bits(usageBytes(KEY_USAGE.digitalSignature | KEY_USAGE.nonRepudiation))),
      extension(OID.subjectKeyIdentifier, false, der.octets(keyIdentifier(publicKey))),
      extension(OID.authorityKeyIdentifier, false, der.seq(der.implicitPrimitive(0, keyIdentifier(ca.certificate.publicKey)))),
    ],
  });
  const privateJwk = { ...(privateKey.export({ format: 'jwk' }) as JWK), alg: 'ES384' };
  return { professionalId: card.professionalId, certPem: certificate.toString(), chainPem: ca.chainPem, privateJwk };
}

/** A client data system's key pair for private_key_jwt, with kid = the JWK thumbprint (RFC 7638). */
export async function createSystemKey(alg: 'ES384' | 'RS384'): Promise<SystemKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    alg,
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), alg, kid, use: 'sig' },
    publicJwk: { ...publicJwk, alg, kid, use: 'sig' },
  };
}

function issue(p: { subject: Buffer; issuer: Buffer; publicKey: KeyObject; signingKey: KeyObject; notBefore: Date; notAfter: Date; extensions: Buffer[] }): X509Certificate {
  const algorithm = der.seq(der.oid(OID.ecdsaWithSha384));
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = der.seq(
    der.explicit(0, der.uint(2)),
    der.uint(serial),
    algorithm,
    p.issuer,
    der.seq(der.time(p.notBefore), der.time(p.notAfter)),
    p.subject,
    p.publicKey.export({ type: 'spki', format: 'der' }),
    der.explicit(3, der.seq(...p.extensions)),
  );
  const signature = sign('sha384', tbs, { key: p.signingKey, dsaEncoding: 'der' });
  return new X509Certificate(der.seq(tbs, algorithm, der.bytesAsBits(signature)));
}

function rdn(type: string, value: Buffer): Buffer {
  return der.set(der.seq(der.oid(type), value));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.seq(der.oid(oid), ...(critical ? [der.bool(true)] : []), der.octets(value));
}

function usageBytes(bits: number): Buffer {
  return bits & 0xff ? Buffer.from([bits >> 8, bits & 0xff]) : Buffer.from([bits >> 8]);
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = children(publicKey.export({ type: 'spki', format: 'der' }))[0]!;
  const bits = children(spki.value)[1]!.value.subarray(1);
  return createHash('sha1').update(bits).digest();
}

/** The subject Name of a certificate, DER, exactly as encoded (the card's issuer field must match it). */
function subjectOf(certificate: X509Certificate): Buffer {
  return tbsParts(certificate.raw)[4]!.raw;
}
