// `npm run bench -- --scale N`: before the usual phases, fills the bench's throwaway database with
// N documents of about N/10 clients of area A and their audit history, so that the search, the
// portal list and the audit trail are measured against an archive of that size (issue 11).
//
// What is loaded, per client c (0 <= c < C = ceil(N/10)), as years of area A's ITI-65 stores and
// searches would have left it:
//   - the person row, and a client relationship in area A in force (service task
//     families-with-children, organiser unit A.1), so D1 lets area A search for the client;
//   - 10 documents (the last clients 9 when N is not a multiple of 10): the client relationship
//     document (group 1505 code 1) and 9 service need assessments (type 1005, phase 2), each with
//     its blob row and its SubmissionSet (one bundle per document, as the bench's stores);
//   - the audit record of each store, and one search record per client naming its 10 documents
//     (ITI-67, own register): 1.1 records per document.
// Documents are laid out in time order over HISTORY_YEARS before the load, a round of all clients
// at a time (every client's relationship document first, then their second document...), so that
// one client's documents lie as far apart in the tables as years of real use put them, and the
// audit records fall into their months' partitions with sequence numbers that follow time.
// Contents are small (CONTENT_BYTES): the search and the portal list never read a blob, and
// 2.4 KB each would make the blob table 27 GB of a 10-million-document run's disk.
//
// Every row goes with binary COPY straight into the real tables (after the migrations and
// registerWorld; nothing dropped, no schema change), one transaction per batch, while the next
// batch is encoded. The audit rows continue each lane's hash chain exactly as appendAudit does
// (hash = sha256(prev_hash || utf8(body)), the lane head updated in the same transaction), so
// `kansio audit verify` passes. Not resumable: an interrupted load leaves whole batches; start
// again on a fresh database.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import pg from 'pg';
import cliProgress from 'cli-progress';
import { BinaryCopy, copyBinary } from '../src/store/copy-binary.ts';
import { AUDIT_LANES } from '../src/store/audit.ts';
import { uuidV7s } from '../src/domain/uuid-v7.ts';
import { makeIdentityCode } from '../src/domain/identity-code.ts';
import { AREA_A, searchForm } from './world.ts';
import {
  A, AUDIT_COLUMNS, DOCUMENT_COLUMNS, LANE, PERSON_COLUMNS, RELATIONSHIP_COLUMNS, SEARCH, SEARCHED, STORE, STORE_OPENS, SUBMISSION_SET_COLUMNS,
  assessment, dateDays, timestamptz, uuidArrayOfOne,
} from './scale-rows.ts';

export const DEFAULT_SCALE_BATCH = 10_000;
/** Bytes of each service need assessment's content (JSON); see the head comment. */
export const CONTENT_BYTES = 512;
/** The loaded history ends at the load and starts this many years before it. */
export const HISTORY_YEARS = 5;
const DOCUMENTS_PER_CLIENT = 10;
const DAY_MS = 86_400_000;
/** The newest birth date of the loaded clients; the bench's own clients are born 1940 or later (syntheticCodes). */
const LAST_BIRTH_DAY = Date.UTC(1939, 11, 31);
const FIRST_BIRTH_DAY = Date.UTC(1800, 0, 1);
/** Synthetic identity codes: individual numbers 900-999, a hundred per birth date. */
const CODES_PER_DAY = 100;

export interface ScaleOptions {
  readonly documents: number;
  readonly batchSize?: number;
  readonly contentBytes?: number;
  /** A progress bar on stderr (a TTY), else a log line per tenth. */
  readonly progress?: boolean;
  readonly log?: (line: string) => void;
  /** Called after each committed batch (the test appends audit records here, as a server would). */
  readonly afterBatch?: (batch: number) => Promise<void>;
}

export interface ScaleLoad {
  readonly documents: number;
  readonly clients: number;
  readonly auditRecords: number;
  /** Rows written in all tables (persons, relationships, blobs, documents, submission sets, audit records). */
  readonly rows: number;
  readonly batches: number;
  readonly batchSize: number;
  readonly contentBytes: number;
  /** The documents' contents together, in bytes (what the blob rows hold beyond their own overhead). */
  readonly contentBytesTotal: number;
  readonly historyFrom: string;
  readonly historyTo: string;
  readonly seconds: number;
  readonly documentsPerSecond: number;
  readonly rowsPerSecond: number;
  /** Batches whose audit rows were chained again because something else had appended meanwhile. */
  readonly rechained: number;
}

// ---- The population: every value of client c and document j computed from (c, j) and the run's salt.

/** The identity code of loaded client c: a hundred a day, backwards from 1939-12-31. */
export function scaleClientCode(c: number): string {
  return makeIdentityCode(birthDate(c), 900 + (c % CODES_PER_DAY));
}

function birthDate(c: number): string {
  return new Date(LAST_BIRTH_DAY - Math.floor(c / CODES_PER_DAY) * DAY_MS).toISOString().slice(0, 10);
}

/** The clients that N documents are spread over. */
export function scaleClients(documents: number): number {
  return Math.ceil(documents / DOCUMENTS_PER_CLIENT);
}

class Population {
  readonly clients: number;
  /** Work items in time order: documents 0..N-1 (each a store), then one search per client. */
  readonly items: number;
  private readonly salt = randomBytes(24);
  /** Names the run in the contents, so that no two runs' contents are the same bytes. */
  readonly run = this.salt.toString('hex', 18);
  private readonly from: number;
  private readonly step: number;
  private readonly firstKey: bigint;
  readonly documents: number;

  constructor(documents: number, firstKey: bigint, to: number) {
    this.documents = documents;
    this.clients = scaleClients(documents);
    this.items = documents + this.clients;
    this.firstKey = firstKey;
    this.from = to - Math.round(HISTORY_YEARS * 365.25 * DAY_MS);
    this.step = (to - this.from) / this.items;
  }

  get historyFrom(): number { return this.from; }

  /** Item i's instant (ms): items spread evenly over the history. */
  at(i: number): number { return this.from + Math.floor(i * this.step); }
  clientOf(j: number): number { return j % this.clients; }
  roundOf(j: number): number { return Math.floor(j / this.clients); }
  personKey(c: number): bigint { return this.firstKey + BigInt(c); }

  /** A random-looking, fixed uuid (version 4 layout) for the person's fhir_id, from the salt. */
  fhirId(c: number): string {
    const h = createHash('sha256').update(this.salt).update(String(c)).digest();
    h[6] = (h[6]! & 0x0f) | 0x40;
    h[8] = (h[8]! & 0x3f) | 0x80;
    const x = h.toString('hex', 0, 16);
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
  }

  /**
   * Document j's version id, set id and submission set id: UUIDv7 of its instant (as the legacy
   * import makes them, so that the indexes grow at their right edge), the 48 "random" bits the
   * salt with j mixed in, so that a search record can name the ids of any earlier document.
   */
  ids(j: number): [string, string, string] {
    const random = Buffer.alloc(18);
    this.salt.copy(random, 0, 0, 18);
    // j < 2^32 (at most 51 million documents, by the identity codes): its bits go into the low
    // 32 of each id's 48, so each id is unique within the run.
    for (let k = 0; k < 3; k++) random.writeUInt32BE((random.readUInt32BE(k * 6 + 2) ^ j) >>> 0, k * 6 + 2);
    return uuidV7s(3, this.at(j), random) as [string, string, string];
  }

  /** The documents of client c, newest first (as ITI-67 answers them). */
  documentsOf(c: number): number[] {
    const js: number[] = [];
    for (let j = c + (DOCUMENTS_PER_CLIENT - 1) * this.clients; j >= c; j -= this.clients) if (j < this.documents) js.push(j);
    return js;
  }
}

// ---- Batches.

interface Head { readonly seq: bigint; readonly hash: Buffer }

/** One audit row before it is chained: the chain fields depend on the lane heads at commit. */
interface AuditRow { readonly lane: number; readonly at: number; readonly eventId: string; readonly action: Buffer; readonly personKey: bigint; readonly body: Buffer }

interface Batch {
  readonly index: number;
  readonly documents: number;
  readonly rows: number;
  readonly contentBytes: number;
  readonly persons: BinaryCopy | undefined;
  readonly relationships: BinaryCopy | undefined;
  readonly blobs: BinaryCopy | undefined;
  readonly documentRows: BinaryCopy | undefined;
  readonly submissionSets: BinaryCopy | undefined;
  readonly audit: AuditRow[];
  /** The audit rows chained onto the heads this batch expects to find (`from`), and the heads they leave. */
  chained: { from: Head[]; copy: BinaryCopy; to: Head[] };
}

/** Chains the rows onto the lane heads as appendAudit's statement does: hash = sha256(prev || body). */
function chain(rows: readonly AuditRow[], from: readonly Head[]): { from: Head[]; copy: BinaryCopy; to: Head[] } {
  const heads = [...from];
  const copy = new BinaryCopy(rows.reduce((n, r) => n + r.body.length + 180, 64));
  for (const r of rows) {
    const prev = heads[r.lane]!;
    const seq = prev.seq + 1n;
    const hash = createHash('sha256').update(prev.hash).update(r.body).digest();
    copy.row(11).raw(LANE[r.lane]!).int8(seq).raw(timestamptz(r.at)).uuid(r.eventId).raw(r.action).raw(A.success)
      .int8(r.personKey).raw(A.controller).raw(r.body).bytea(prev.hash).bytea(hash);
    heads[r.lane] = { seq, hash };
  }
  return { from: [...from], copy, to: heads };
}

function sameHeads(a: readonly Head[], b: readonly Head[]): boolean {
  return a.length === b.length && a.every((h, i) => h.seq === b[i]!.seq && h.hash.equals(b[i]!.hash));
}

/**
 * Encodes items [from, to) into COPY data, yielding to the event loop now and then so that the
 * previous batch's statements are sent while this one is built.
 */
async function buildBatch(p: Population, index: number, from: number, to: number, heads: readonly Head[], contentBytes: number): Promise<Batch> {
  const lastDocument = Math.min(to, p.documents);
  const docs = Math.max(0, lastDocument - from);
  const newClients = Math.max(0, Math.min(to, p.clients) - from);
  const persons = newClients ? new BinaryCopy(newClients * 90) : undefined;
  const relationships = newClients ? new BinaryCopy(newClients * 140) : undefined;
  const blobs = docs ? new BinaryCopy(docs * (contentBytes + 200)) : undefined;
  const documentRows = docs ? new BinaryCopy(docs * 560) : undefined;
  const submissionSets = docs ? new BinaryCopy(docs * 220) : undefined;
  const audit: AuditRow[] = [];
  let contentTotal = 0;
  for (let i = from; i < to; i++) {
    if (i % 500 === 0) await yieldToEventLoop();
    const at = p.at(i);
    const iso = new Date(at).toISOString();
    const lane = i % AUDIT_LANES;
    if (i >= p.documents) {
      // One ITI-67 search per client, after all its documents, naming them newest first.
      const c = i - p.documents;
      const key = p.personKey(c);
      const eventId = randomUUID();
      const documents = p.documentsOf(c).map((j) => {
        const [versionId, setId] = p.ids(j);
        return (p.roundOf(j) === 0 ? SEARCHED.opens : SEARCHED.other).fill({ versionId, setId });
      });
      const body = SEARCH.fill({
        eventId, recordedAt: iso, query: searchForm(scaleClientCode(c)), personKey: String(key), personFhirId: p.fhirId(c), documents: `[${documents.join(',')}]`,
      });
      audit.push({ lane, at, eventId, action: A.search, personKey: key, body: Buffer.from(body) });
      continue;
    }
    const c = p.clientOf(i);
    const key = p.personKey(c);
    const [versionId, setId, submissionSetId] = p.ids(i);
    const opens = p.roundOf(i) === 0;
    const fhirId = p.fhirId(c);
    if (opens) {
      persons!.row(5).int8(key).uuid(fhirId).text(scaleClientCode(c)).int4(dateDays(Date.parse(birthDate(c)))).raw(timestamptz(at));
      relationships!.row(8).int8(key).raw(A.controller).raw(A.task).uuid(setId).raw(A.unit).int4(dateDays(at)).raw(A.worker)
        .text(`+358 40 ${String(c).padStart(7, '0')}`);
    }
    // The relationship document's content is what it says (D1); each other document's is its own.
    const content = opens
      ? Buffer.from(JSON.stringify({ start: iso.slice(0, 10), organiserUnit: AREA_A.unitOid, worker: { name: 'Sanna Sosiaalityöntekijä', phone: `+358 40 ${String(c).padStart(7, '0')}` } }))
      : assessment(i, p.run, contentBytes);
    contentTotal += content.length;
    const sha256 = createHash('sha256').update(content).digest();
    blobs!.row(2).bytea(sha256).bytea(content);
    const stored = timestamptz(at);
    documentRows!.row(24).int8(key).uuid(versionId).uuid(setId).int4(1).raw(A.controller).raw(A.unit).raw(A.task)
      .raw(opens ? A.groupSystem : A.typeSystem).raw(opens ? A.group : A.type).raw(A.phase).raw(A.current)
      .raw(A.professional).raw(A.given).raw(A.family).raw(A.unit).raw(stored).raw(stored).raw(A.json).raw(A.formatSystem).raw(A.formatCode)
      .bytea(sha256).bytea(createHash('sha1').update(content).digest()).int4(content.length).uuid(submissionSetId);
    submissionSets!.row(8).int8(key).uuid(submissionSetId).raw(A.system).raw(A.controller).raw(A.sourceId).raw(stored).raw(stored).raw(uuidArrayOfOne(versionId));
    const eventId = randomUUID();
    const body = (opens ? STORE_OPENS : STORE).fill({ eventId, recordedAt: iso, personKey: String(key), personFhirId: fhirId, versionId, setId });
    audit.push({ lane, at, eventId, action: A.store, personKey: key, body: Buffer.from(body) });
  }
  return {
    index, documents: docs, rows: 2 * newClients + 4 * docs + audit.length, contentBytes: contentTotal,
    persons, relationships, blobs, documentRows, submissionSets, audit, chained: chain(audit, heads),
  };
}

async function readHeads(client: pg.PoolClient, lock: boolean): Promise<Head[]> {
  const r = await client.query<{ lane: number; last_seq: string; last_hash: Buffer }>(`select lane, last_seq, last_hash from audit_lane order by lane${lock ? ' for update' : ''}`);
  if (r.rows.length !== AUDIT_LANES || r.rows.some((row, i) => row.lane !== i)) throw new Error(`audit_lane holds ${r.rows.length} lanes, expected ${AUDIT_LANES} numbered from 0`);
  return r.rows.map((row) => ({ seq: BigInt(row.last_seq), hash: row.last_hash }));
}

/** One batch in one transaction; answers whether its audit rows had to be chained again. */
async function storeBatch(client: pg.PoolClient, b: Batch): Promise<boolean> {
  await client.query('begin');
  try {
    // Foreign keys point backwards: persons, then their relationships; blobs, then documents.
    if (b.persons) await copyBinary(client, PERSON_COLUMNS, b.persons);
    if (b.relationships) await copyBinary(client, RELATIONSHIP_COLUMNS, b.relationships);
    if (b.blobs) await copyBinary(client, 'blob (sha256, bytes)', b.blobs);
    if (b.documentRows) await copyBinary(client, DOCUMENT_COLUMNS, b.documentRows);
    if (b.submissionSets) await copyBinary(client, SUBMISSION_SET_COLUMNS, b.submissionSets);
    // The lane heads are locked as appendAudit locks one: a server appending meanwhile waits for
    // this commit, and a record it appended since this batch was built is chained onto.
    const heads = await readHeads(client, true);
    const rechained = !sameHeads(heads, b.chained.from);
    if (rechained) b.chained = chain(b.audit, heads);
    await copyBinary(client, AUDIT_COLUMNS, b.chained.copy);
    const changed = b.chained.to.map((h, lane) => ({ lane, ...h })).filter((h) => h.seq !== heads[h.lane]!.seq);
    await client.query({
      name: 'scale-audit-lanes',
      text: `update audit_lane l set last_seq = u.seq, last_hash = u.hash
             from unnest($1::smallint[], $2::bigint[], $3::bytea[]) as u(lane, seq, hash) where l.lane = u.lane`,
      values: [changed.map((h) => h.lane), changed.map((h) => String(h.seq)), changed.map((h) => h.hash)],
    });
    await client.query('commit');
    return rechained;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

/** The audit trail's monthly partitions over the history, as a deployment running that long would have. */
async function ensurePartitions(client: pg.PoolClient, from: number, to: number): Promise<void> {
  const first = new Date(from);
  for (let m = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1); m <= to; m = Date.UTC(new Date(m).getUTCFullYear(), new Date(m).getUTCMonth() + 1, 1)) {
    await client.query('select audit_ensure_partition($1)', [new Date(m).toISOString()]);
  }
}

/**
 * Loads the population into the database (see the head comment). The bench world must exist
 * (registerWorld): area A's organisations, system and professional.
 */
export async function loadScale(databaseUrl: string, options: ScaleOptions): Promise<ScaleLoad> {
  const { documents } = options;
  const batchSize = options.batchSize ?? DEFAULT_SCALE_BATCH;
  const contentBytes = options.contentBytes ?? CONTENT_BYTES;
  const log = options.log ?? (() => {});
  if (!Number.isInteger(documents) || documents < DOCUMENTS_PER_CLIENT) throw new Error(`--scale must be at least ${DOCUMENTS_PER_CLIENT} documents`);
  const clients = scaleClients(documents);
  const maxClients = ((LAST_BIRTH_DAY - FIRST_BIRTH_DAY) / DAY_MS + 1) * CODES_PER_DAY;
  if (clients > maxClients) throw new Error(`--scale ${documents} needs ${clients} clients; synthetic identity codes born 1800-1939 give at most ${maxClients}`);

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, application_name: 'kansio-bench-scale' });
  pool.on('error', () => {});
  const client = await pool.connect();
  // A lost connection fails the statement in flight; unhandled, its 'error' event would end the process.
  client.on('error', () => {});
  try {
    const area = await client.query('select 1 from organisation where oid = $1', [AREA_A.controllerOid]);
    if (area.rowCount !== 1) throw new Error(`area A (${AREA_A.controllerOid}) is not registered: run the scale load after registerWorld`);
    const taken = await client.query('select 1 from person where identity_code = $1', [scaleClientCode(0)]);
    if (taken.rowCount) throw new Error('this database already holds a scale population: --scale needs a fresh throwaway database');
    // The person keys of all clients, reserved at once: COPY writes an identity column's given
    // values, and nothing else makes persons during the load.
    const reserved = await client.query<{ last: string }>(
      `select setval(pg_get_serial_sequence('person', 'person_key'), nextval(pg_get_serial_sequence('person', 'person_key')) + $1 - 1) as last`, [clients]);
    const firstKey = BigInt(reserved.rows[0]!.last) - BigInt(clients) + 1n;
    const population = new Population(documents, firstKey, Date.now() - 60_000);
    await ensurePartitions(client, population.historyFrom, Date.now());

    const batches = Math.ceil(population.items / batchSize);
    log(`scale: loading ${documents.toLocaleString('en')} documents of ${clients.toLocaleString('en')} clients and ${population.items.toLocaleString('en')} audit records, ${batches} batches of ${batchSize.toLocaleString('en')} items`);
    const bar = options.progress && process.stderr.isTTY ? new cliProgress.SingleBar({
      stream: process.stderr, etaBuffer: 20, fps: 5,
      format: 'scale load [{bar}] {percentage}% | {value}/{total} documents | {rows} rows | {rate} rows/s | {eta_formatted} left',
    }, cliProgress.Presets.shades_classic) : undefined;
    bar?.start(documents, 0, { rows: 0, rate: 0 });
    const started = performance.now();
    let rows = 0;
    let stored = 0;
    let contentBytesTotal = 0;
    let rechained = 0;
    let nextTenth = 1;
    const range = (k: number): [number, number] => [k * batchSize, Math.min((k + 1) * batchSize, population.items)];
    let building: Promise<Batch> | undefined = buildBatch(population, 0, ...range(0), await readHeads(client, false), contentBytes);
    try {
      for (let k = 0; k < batches; k++) {
        const batch: Batch = await building!;
        const storing = storeBatch(client, batch);
        // The next batch is encoded while this one is in PostgreSQL, chained onto the heads this one leaves.
        building = k + 1 < batches ? buildBatch(population, k + 1, ...range(k + 1), batch.chained.to, contentBytes) : undefined;
        if (await storing) rechained++;
        rows += batch.rows;
        stored += batch.documents;
        contentBytesTotal += batch.contentBytes;
        const seconds = (performance.now() - started) / 1000;
        bar?.update(stored, { rows: rows.toLocaleString('en'), rate: Math.round(rows / seconds).toLocaleString('en') });
        if (!bar && (k + 1) / batches >= nextTenth / 10) {
          log(`scale: ${Math.round(((k + 1) / batches) * 100)}%, ${stored.toLocaleString('en')} documents, ${rows.toLocaleString('en')} rows in ${seconds.toFixed(0)} s (${Math.round(rows / seconds).toLocaleString('en')} rows/s, ${Math.round(stored / seconds).toLocaleString('en')} documents/s)`);
          while ((k + 1) / batches >= nextTenth / 10) nextTenth++;
        }
        await options.afterBatch?.(k);
      }
    } finally {
      bar?.stop();
      // A failed batch leaves the next one being built: let it finish before the connection goes.
      await building?.catch(() => {});
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      documents, clients, auditRecords: population.items, rows, batches, batchSize, contentBytes, contentBytesTotal,
      historyFrom: new Date(population.historyFrom).toISOString(), historyTo: new Date(population.at(population.items - 1)).toISOString(),
      seconds, documentsPerSecond: documents / seconds, rowsPerSecond: rows / seconds, rechained,
    };
  } finally {
    client.release();
    await pool.end();
  }
}

/** A loaded client with all 10 documents, from the middle of the population. */
export function sampleScaleClient(documents: number): string {
  const clients = scaleClients(documents);
  const full = Math.min(clients, documents - (DOCUMENTS_PER_CLIENT - 1) * clients);
  return scaleClientCode(Math.max(0, Math.floor(full / 2)));
}
