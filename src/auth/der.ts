// Just enough DER (X.690) to issue the demo CA and professional cards and to read a card's
// subject attributes and key usage. Node's crypto.X509Certificate does the rest (chains,
// signatures, validity); @peculiar/x509 would need a reflect-metadata polyfill that is not installed.

const enc = (tag: number, content: Uint8Array): Buffer => Buffer.concat([Buffer.from([tag]), length(content.length), content]);

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const der = {
  seq: (...items: Uint8Array[]): Buffer => enc(0x30, Buffer.concat(items)),
  set: (...items: Uint8Array[]): Buffer => enc(0x31, Buffer.concat(items)),
  bool: (value: boolean): Buffer => enc(0x01, Buffer.from([value ? 0xff : 0])),
  /** A non-negative INTEGER from its big-endian magnitude. */
  uint(magnitude: Uint8Array | number): Buffer {
    let bytes = typeof magnitude === 'number' ? Buffer.from([magnitude]) : Buffer.from(magnitude);
    while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return enc(0x02, bytes);
  },
  oid(dotted: string): Buffer {
    const arcs = dotted.split('.').map(Number);
    const out = [40 * arcs[0]! + arcs[1]!];
    for (const arc of arcs.slice(2)) {
      const base128: number[] = [arc & 0x7f];
      for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) base128.unshift(0x80 | (v & 0x7f));
      out.push(...base128);
    }
    return enc(0x06, Buffer.from(out));
  },
  utf8: (s: string): Buffer => enc(0x0c, Buffer.from(s, 'utf8')),
  printable: (s: string): Buffer => enc(0x13, Buffer.from(s, 'ascii')),
  octets: (bytes: Uint8Array): Buffer => enc(0x04, bytes),
  /** A named-bit BIT STRING: the first byte counts the unused trailing bits (X.690 11.2.2). */
  bits(bytes: Uint8Array): Buffer {
    const last = bytes[bytes.length - 1] ?? 0;
    let unused = 0;
    while (unused < 7 && last !== 0 && !(last & (1 << unused))) unused++;
    return enc(0x03, Buffer.concat([Buffer.from([unused]), bytes]));
  },
  /** A BIT STRING that wraps whole bytes (signatures, public keys). */
  bytesAsBits: (bytes: Uint8Array): Buffer => enc(0x03, Buffer.concat([Buffer.from([0]), bytes])),
  /** UTCTime up to 2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
  time(date: Date): Buffer {
    const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
    const year = date.getUTCFullYear();
    return year >= 1950 && year < 2050 ? enc(0x17, Buffer.from(iso.slice(2), 'ascii')) : enc(0x18, Buffer.from(iso, 'ascii'));
  },
  explicit: (n: number, content: Uint8Array): Buffer => enc(0xa0 + n, content),
  implicitPrimitive: (n: number, content: Uint8Array): Buffer => enc(0x80 + n, content),
};

export interface Element {
  readonly tag: number;
  /** The content octets. */
  readonly value: Buffer;
  /** The whole element: tag, length and content. */
  readonly raw: Buffer;
}

/** The elements of a constructed value's content, in order. Throws on malformed input. */
export function children(content: Buffer): Element[] {
  const out: Element[] = [];
  let i = 0;
  while (i < content.length) {
    const start = i;
    const tag = content[i++]!;
    let len = content[i++];
    if (len === undefined) throw new Error('truncated DER');
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4) throw new Error('unsupported DER length');
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + content[i++]!;
    }
    if (i + len > content.length) throw new Error('truncated DER');
    out.push({ tag, value: content.subarray(i, i + len), raw: content.subarray(start, i + len) });
    i += len;
  }
  return out;
}

export function decodeOid(value: Buffer): string {
  const arcs: number[] = [];
  let v = 0;
  for (const byte of value) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (arcs.length === 0) arcs.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}

/** The fields of a certificate's TBSCertificate after the version: serial, signature, issuer, validity, subject, key, extensions. */
export function tbsParts(certificateDer: Buffer): Element[] {
  const [certificate] = children(certificateDer);
  const [tbs] = children(certificate!.value);
  const parts = children(tbs!.value);
  // The version field [0] is present for v2 and v3 certificates.
  return parts[0]?.tag === 0xa0 ? parts.slice(1) : parts;
}

/** The string values of one attribute type (by OID) in a certificate's subject. */
export function subjectAttribute(certificateDer: Buffer, oid: string): string[] {
  const subject = tbsParts(certificateDer)[4];
  if (!subject) return [];
  const values: string[] = [];
  for (const rdn of children(subject.value)) {
    for (const atv of children(rdn.value)) {
      const [type, value] = children(atv.value);
      if (type && value && decodeOid(type.value) === oid) values.push(value.value.toString('utf8'));
    }
  }
  return values;
}

/** The keyUsage extension's bits as a number (bit 0 = digitalSignature = 0x80 of the first byte), or undefined. */
export function keyUsageBits(certificateDer: Buffer): number | undefined {
  const extensions = tbsParts(certificateDer).find((e) => e.tag === 0xa3);
  if (!extensions) return undefined;
  for (const ext of children(children(extensions.value)[0]!.value)) {
    const parts = children(ext.value);
    if (decodeOid(parts[0]!.value) !== '2.5.29.15') continue;
    const bitString = children(parts[parts.length - 1]!.value)[0]!;
    return (bitString.value[1] ?? 0) << 8 | (bitString.value[2] ?? 0);
  }
  return undefined;
}

/** keyUsage bits as keyUsageBits returns them (RFC 5280 4.2.1.3). */
export const KEY_USAGE = { digitalSignature: 0x8000, nonRepudiation: 0x4000, keyCertSign: 0x0400, cRLSign: 0x0200 } as const;
