// Small fixture builders for ITI-65 bundles, so tests read like the rules:
//   aDocument().forClient(code).inTask('child-protection').phase('2').build()
import { randomUUID } from 'node:crypto';
import type { Bundle, DocumentReference, Extension, List, Patient, Reference } from '@medplum/fhirtypes';
import { EXTENSIONS, MHD_EXTENSIONS, SYSTEMS } from '../../src/fhir/extensions.ts';
import { serviceTaskCode, type ServiceTaskKey } from '../../src/domain/codes/index.ts';
import { makeIdentityCode } from '../../src/domain/identity-code.ts';

let nextIndividual = 900;
/** A fresh synthetic identity code (individual numbers 900-999, birth dates varying). */
export function aPersonCode(birthDate = '1980-05-17'): string {
  const n = nextIndividual++;
  if (nextIndividual > 999) nextIndividual = 900;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + Math.floor(Math.random() * 300)));
  return makeIdentityCode(date.toISOString().slice(0, 10), n);
}

export function aMinorCode(): string {
  return aPersonCode('2015-02-01');
}

/** A minimal valid one-page PDF. */
export function pdfBytes(text = 'Kansio test document'): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export class DocumentBuilder {
  private clientCode = aPersonCode();
  private typeSystem: string = SYSTEMS.documentType;
  private typeCode = '1005';
  private task: ServiceTaskKey = 'families-with-children';
  private phaseCode = '2';
  private content: Buffer = Buffer.from(JSON.stringify({ text: 'Palvelutarpeen arvio' }));
  private contentType = 'application/json';
  private extensions: Extension[] = [];
  private replacesId: string | undefined;
  private created = '2026-03-01T10:00:00+02:00';
  private master: string | undefined;
  private custodian: string | undefined;
  private relationshipContent: Record<string, unknown> | undefined;
  private group: string | undefined;
  private description: string | undefined;

  forClient(code: string): this { this.clientCode = code; return this; }
  ofType(code: string): this { this.typeSystem = SYSTEMS.documentType; this.typeCode = code; return this; }
  inTask(task: ServiceTaskKey): this { this.task = task; return this; }
  phase(phase: 'legacy' | '1' | '2' | '3'): this {
    this.phaseCode = phase;
    if (phase === '1' || phase === 'legacy') { this.content = pdfBytes(); this.contentType = 'application/pdf'; }
    return this;
  }
  withPdf(text?: string): this { this.content = pdfBytes(text); this.contentType = 'application/pdf'; return this; }
  withJson(value: unknown): this { this.content = Buffer.from(JSON.stringify(value)); this.contentType = 'application/json'; return this; }
  createdAt(iso: string): this { this.created = iso; return this; }
  replaces(versionId: string): this { this.replacesId = versionId; return this; }
  masterIdentifier(value: string): this { this.master = value; return this; }
  custodianOid(oid: string): this { this.custodian = oid; return this; }
  delayedUntil(date: string, reason = 'waiting for the hearing'): this {
    this.extensions.push({ url: EXTENSIONS.displayDelayedUntil.url, valueDate: date }, { url: EXTENSIONS.restrictionReason.url, valueString: reason });
    return this;
  }
  specialContent(reason = 'safety of the client'): this {
    this.extensions.push({ url: EXTENSIONS.specialContent.url, valueBoolean: true }, { url: EXTENSIONS.restrictionReason.url, valueString: reason });
    return this;
  }
  hiddenFromGuardians(reason = 'the child asked that the guardians are not told'): this {
    this.extensions.push({ url: EXTENSIONS.hiddenFromGuardians.url, valueBoolean: true }, { url: EXTENSIONS.restrictionReason.url, valueString: reason });
    return this;
  }
  /** V4: the author's decision to show this adoption counselling or parenthood investigation document. */
  portalOptIn(): this {
    this.extensions.push({ url: EXTENSIONS.portalOptIn.url, valueBoolean: true });
    return this;
  }
  /** The document's title (DocumentReference.description), which the portal's list shows. */
  described(text: string): this { this.description = text; return this; }
  /** A client relationship document (group 1505 code 1) with its structured content. */
  clientRelationship(content: Record<string, unknown> = { start: '2025-01-01', worker: { name: 'Sanna Sosiaalityöntekijä', phone: '+358 40 123 4567' } }): this {
    this.typeSystem = SYSTEMS.documentGroup;
    this.typeCode = '1';
    this.relationshipContent = content;
    return this.withJson(content);
  }
  /** S8: a matter document (group 1505 code 2) with its clients, join and leave times, and parties. */
  matter(content: { clients: { identifier: string; joined: string; left?: string | null }[]; parties?: string[]; title?: string }): this {
    this.group = '2';
    return this.withJson(content);
  }
  /** S8: the document belongs to the matter whose matter document has this set id. */
  inMatter(matterSetId: string): this {
    this.extensions.push({ url: EXTENSIONS.matter.url, valueIdentifier: { system: SYSTEMS.rfc3986, value: `urn:uuid:${matterSetId}` } });
    return this;
  }
  /**
   * S7: names a producer unit on the client relationship content (schema property `producers`),
   * from `start` until `end` (open-ended when left out). Makes the document a client relationship
   * document with the default content first, if it is not one yet.
   */
  producer(unit: string, start: string, end?: string | null): this {
    if (!this.relationshipContent) this.clientRelationship();
    const content = this.relationshipContent!;
    const producers = [...((content.producers as unknown[] | undefined) ?? []), { unit, start, ...(end !== undefined ? { end } : {}) }];
    return this.clientRelationship({ ...content, producers });
  }

  resource(): DocumentReference {
    return {
      resourceType: 'DocumentReference',
      status: 'current',
      extension: [{ url: EXTENSIONS.phase.url, valueCode: this.phaseCode }, ...this.extensions],
      ...(this.description ? { description: this.description } : {}),
      ...(this.master ? { masterIdentifier: { system: 'urn:ietf:rfc:3986', value: this.master } } : {}),
      type: { coding: [this.group ? { system: SYSTEMS.documentGroup, code: this.group } : { system: this.typeSystem, code: this.typeCode }] },
      subject: { identifier: { system: SYSTEMS.identityCode, value: this.clientCode } },
      date: this.created,
      ...(this.custodian ? { custodian: { identifier: { system: SYSTEMS.organisation, value: this.custodian } } } : {}),
      ...(this.replacesId ? { relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${this.replacesId}` } }] } : {}),
      content: [{ attachment: { contentType: this.contentType, data: this.content.toString('base64') } }],
      context: { practiceSetting: { coding: [{ system: SYSTEMS.serviceTask, code: serviceTaskCode(this.task) }] } },
    };
  }

  build(): Bundle {
    return provideBundle([this.resource()]);
  }
}

export function aDocument(): DocumentBuilder {
  return new DocumentBuilder();
}

/**
 * An MHD SubmissionSet List for a client: code submissionset, sourceId, date and subject, with
 * entry items naming the given fullUrls.
 */
export function aSubmissionSet(subject: Reference<Patient> | Reference | undefined, items: readonly string[] = [], sourceOid = '1.2.246.10.1'): List {
  return {
    resourceType: 'List', status: 'current', mode: 'working',
    code: { coding: [{ system: 'https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes', code: 'submissionset' }] },
    extension: [{ url: MHD_EXTENSIONS.sourceId, valueIdentifier: { value: `urn:oid:${sourceOid}` } }],
    date: '2026-03-01T10:00:00+02:00',
    ...(subject ? { subject: subject as Reference<Patient> } : {}),
    entry: items.map((reference) => ({ item: { reference } })),
  };
}

/** An ITI-65 transaction bundle with a SubmissionSet (subject: the first document's) and the given DocumentReferences. */
export function provideBundle(documents: DocumentReference[]): Bundle {
  const urls = documents.map(() => `urn:uuid:${randomUUID()}`);
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: `urn:uuid:${randomUUID()}`, resource: aSubmissionSet(documents[0]?.subject, urls), request: { method: 'POST', url: 'List' } },
      ...documents.map((resource, i) => ({ fullUrl: urls[i]!, resource, request: { method: 'POST' as const, url: 'DocumentReference' } })),
    ],
  };
}
