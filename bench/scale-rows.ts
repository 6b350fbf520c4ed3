// The rows of the scale load (bench/scale.ts) as binary COPY data and audit bodies: area A's
// values encoded once, the send formats BinaryCopy has no method for, and the store and search
// records' bodies, byte for byte what canonicalJson makes of the records the real use cases write.
import { AUDIT_LANES, canonicalJson } from '../src/store/audit.ts';
import { encoded } from '../src/store/copy-binary.ts';
import type { AuditDocument, AuditRecord } from '../src/domain/audit-record.ts';
import { serviceTaskCode } from '../src/domain/codes/index.ts';
import { DOCUMENT_GROUP_SYSTEM, DOCUMENT_TYPE_SYSTEM, CLIENT_RELATIONSHIP_GROUP_CODE } from '../src/domain/codes/document-types.ts';
import { MIME_TYPE_SUFFICIENT, SYSTEMS } from '../src/fhir/extensions.ts';
import { AREA_A } from './world.ts';

const DAY_MS = 86_400_000;
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const UUID_OID = 2950;
const TASK = serviceTaskCode('families-with-children');
const STORE_BECAUSE_L5 = { rule: 'L5', detail: 'a connecting system may store' };

// ---- Binary COPY encodings the BinaryCopy writer has no method for. BinaryCopy.raw copies
// the bytes at once, so one scratch buffer each serves every row (no garbage per value).

const TIMESTAMP = Buffer.alloc(8);
export function timestamptz(ms: number): Buffer {
  TIMESTAMP.writeBigInt64BE(BigInt(ms - PG_EPOCH_MS) * 1000n);
  return TIMESTAMP;
}

/** A date's send format is an int4 of days since 2000-01-01. */
export function dateDays(ms: number): number {
  return Math.floor((ms - PG_EPOCH_MS) / DAY_MS);
}

/** Each lane number as a smallint's send format. */
export const LANE = Array.from({ length: AUDIT_LANES }, (_, lane) => { const b = Buffer.alloc(2); b.writeInt16BE(lane); return b; });

/** uuid[] with one element, in array_send's layout: dimensions, no nulls, element type, length, lower bound, the element. */
const UUID_ARRAY = Buffer.alloc(40);
[1, 0, UUID_OID, 1, 1, 16].forEach((v, i) => UUID_ARRAY.writeInt32BE(v, i * 4));
export function uuidArrayOfOne(uuid: string): Buffer {
  UUID_ARRAY.write(uuid.replaceAll('-', ''), 24, 'hex');
  return UUID_ARRAY;
}

export const A = {
  controller: encoded(AREA_A.controllerOid), unit: encoded(AREA_A.unitOid), task: encoded(TASK), phase: encoded('2'), current: encoded('current'),
  typeSystem: encoded(DOCUMENT_TYPE_SYSTEM), groupSystem: encoded(DOCUMENT_GROUP_SYSTEM), type: encoded('1005'), group: encoded(CLIENT_RELATIONSHIP_GROUP_CODE),
  professional: encoded(AREA_A.professionalId), given: encoded(AREA_A.givenName), family: encoded(AREA_A.familyName), json: encoded('application/json'),
  formatSystem: encoded(SYSTEMS.formatCode), formatCode: encoded(MIME_TYPE_SUFFICIENT), system: encoded(AREA_A.clientId), sourceId: encoded(`urn:oid:${AREA_A.controllerOid}`),
  worker: encoded('Sanna Sosiaalityöntekijä'), success: encoded('success'), store: encoded('store'), search: encoded('search'),
};
const PROFESSIONAL = { id: AREA_A.professionalId, name: `${AREA_A.givenName} ${AREA_A.familyName}`, title: 'sosiaalityöntekijä', organisationOid: AREA_A.unitOid };
const SYSTEM = { id: AREA_A.clientId, name: AREA_A.systemName };

export const PERSON_COLUMNS = 'person (person_key, fhir_id, identity_code, birth_date, created_at)';
export const RELATIONSHIP_COLUMNS = 'client_relationship (person_key, controller_oid, service_task, source_set_id, unit_oid, start_date, worker_name, worker_phone)';
export const DOCUMENT_COLUMNS = `document (person_key, version_id, set_id, version_number, controller_oid, unit_oid, service_task, type_system, type_code, phase, status,
  author_professional_id, author_given, author_family, author_organisation_oid, created_at, stored_at, content_type, format_system, format_code,
  content_sha256, content_sha1, content_size, submission_set_id)`;
export const SUBMISSION_SET_COLUMNS = 'submission_set (person_key, submission_set_id, system_id, controller_oid, source_id, submitted_at, stored_at, document_version_ids)';
export const AUDIT_COLUMNS = 'audit_event (lane, seq, recorded_at, event_id, action, outcome, person_key, organisation_oid, body, prev_hash, hash)';

// ---- Audit bodies: canonicalJson's text, from templates compiled by canonicalJson itself.

const OPEN = (field: string): string => `\u0000${field}\u0000`;

/**
 * A record's canonical JSON with some fields left open. canonicalJson orders keys by name and
 * never by value, so the text around the open fields is the same for every record: compiled once
 * from a record holding placeholders, a body is then a few string joins instead of a walk of the
 * record (a third of the load's Node time otherwise). `json` fields take JSON text as it is.
 */
class BodyTemplate {
  private readonly parts: string[];
  private readonly json: ReadonlySet<string>;
  constructor(record: object, json: readonly string[] = []) {
    this.parts = canonicalJson(record).split(/"\\u0000(\w+)\\u0000"/);
    this.json = new Set(json);
  }

  fill(values: Readonly<Record<string, string>>): string {
    let text = this.parts[0]!;
    for (let i = 1; i < this.parts.length; i += 2) {
      const field = this.parts[i]!;
      const value = values[field];
      if (value === undefined) throw new Error(`body template: no value for ${field}`);
      text += (this.json.has(field) ? value : JSON.stringify(value)) + this.parts[i + 1]!;
    }
    return text;
  }
}

const storeRecord = (opens: boolean): AuditRecord => ({
  eventId: OPEN('eventId'), recordedAt: OPEN('recordedAt'), action: 'store', transaction: 'ITI-65', outcome: 'success',
  system: SYSTEM, professional: PROFESSIONAL, organisationOid: AREA_A.controllerOid, personKey: OPEN('personKey'), personFhirId: OPEN('personFhirId'),
  because: [STORE_BECAUSE_L5, { rule: 'D1', detail: opens ? 'a client relationship document opens the client relationship' : `client relationship in service task ${TASK} in force` }],
  documents: [{ versionId: OPEN('versionId'), setId: OPEN('setId'), typeCode: opens ? CLIENT_RELATIONSHIP_GROUP_CODE : '1005', controllerOid: AREA_A.controllerOid, serviceTask: TASK }],
});
/** The store records, as storeDocumentBundle writes them for area A's professional: of a client relationship document, and of another. */
export const STORE_OPENS = new BodyTemplate(storeRecord(true));
export const STORE = new BodyTemplate(storeRecord(false));
/** An ITI-67 search by area A's professional, naming the documents found (D2: own register). */
export const SEARCH = new BodyTemplate({
  eventId: OPEN('eventId'), recordedAt: OPEN('recordedAt'), action: 'search', transaction: 'ITI-67', query: OPEN('query'), outcome: 'success',
  system: SYSTEM, professional: PROFESSIONAL, organisationOid: AREA_A.controllerOid, personKey: OPEN('personKey'), personFhirId: OPEN('personFhirId'),
  because: [{ rule: 'D2', detail: 'own register' }], documents: OPEN('documents') as unknown as AuditDocument[],
} satisfies AuditRecord, ['documents']);
const SEARCHED_DOCUMENT = (typeCode: string): BodyTemplate => new BodyTemplate({
  versionId: OPEN('versionId'), setId: OPEN('setId'), typeCode, controllerOid: AREA_A.controllerOid, serviceTask: TASK, basis: { kind: 'own-register' },
} satisfies AuditDocument);
export const SEARCHED = { opens: SEARCHED_DOCUMENT(CLIENT_RELATIONSHIP_GROUP_CODE), other: SEARCHED_DOCUMENT('1005') };

/** A service need assessment's content: distinct per document and run, `bytes` long (ASCII). */
const FILLER = 'Asiakkaan palvelutarpeen arvio: perhe on hakenut tukea arjen sujumiseen ja lasten hoitoon. ';
export function assessment(j: number, run: string, bytes: number): Buffer {
  const head = `{"author":${JSON.stringify(AREA_A.professionalId)},"kind":"service-need-assessment","run":"${run}","seq":${j},"text":"`;
  const room = Math.max(0, bytes - head.length - 2);
  return Buffer.from(head + FILLER.repeat(Math.ceil(room / FILLER.length)).slice(0, room) + '"}');
}
