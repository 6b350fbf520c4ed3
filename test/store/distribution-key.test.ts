// Issue 11, past one machine: "every person-scoped table carries the person key, so the schema can
// be distributed by it (for example with Citus) without redesign" (architecture, Data). Read from
// the migrated catalog, not from a list: a table with a person_key column is person-scoped, and a
// partition counts as its partitioned parent. docs/scaling.md says what distribution would take.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { ensureAuditPartitions } from '../../src/store/audit.ts';

/** Person-scoped tables deliberately not keyed by person, each with its reason. */
const NOT_KEYED_BY_PERSON: Readonly<Record<string, string>> = {
  audit_event: 'D10: 64 hash chains by lane (decision 0001); its key is (lane, seq, recorded_at) and each lane holds records of many people, so it would be distributed by lane or kept on the coordinator, not by person',
};

/**
 * Unique keys of person-scoped tables without person_key. Citus enforces a unique key only when
 * it includes the distribution column, so each needs the change docs/scaling.md names.
 */
const UNIQUE_WITHOUT_PERSON_KEY: Readonly<Record<string, string>> = {
  'person.person_identity_code_key': 'the way in: a search names the identity code, not the key; a look-up table distributed by identity code',
  'person.person_fhir_id_key': 'Patient/<fhir_id> references; a look-up table distributed by fhir_id, like the identity code',
  'document.document_version_id': 'DocumentReference/<version_id> and Binary/<version_id> name no person; uniqueness from the UUID, a look-up table to the person',
  'document.document_one_current_per_set': 'one current version per set: a set never changes person, so (person_key, set_id) enforces the same',
  'document.document_master_identifier': 'MHD uniqueId across the archive: a look-up table distributed by master_identifier',
  'consent_record.consent_record_current': 'Consent/<consent_id> names no person: (person_key, consent_id) plus a look-up for reads by id',
  'submission_set.submission_set_id': 'List/<id> names no person: (person_key, submission_set_id) plus a look-up for reads by id',
};

interface PersonScoped {
  readonly table: string;
  readonly type: string;
  readonly inPrimaryKey: boolean;
  readonly leadingIndex: boolean;
}

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  // A running server's monthly audit partitions, so that partitions are in the catalog to be folded.
  await ensureAuditPartitions(database.db, new Date());
});
after(async () => { await database.drop(); });

// Tables (plain or partitioned, never a partition) with a person_key column.
const SCOPED = `select c.oid, c.relname, a.attnum, format_type(a.atttypid, a.atttypmod) as type
  from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'person_key' and not a.attisdropped
  where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and not c.relispartition`;

async function personScopedTables(): Promise<PersonScoped[]> {
  const { rows } = await database.db.pool.query<PersonScoped>(`
    with scoped as (${SCOPED})
    select s.relname as "table", s.type,
           exists (select 1 from pg_index i where i.indrelid = s.oid and i.indisprimary and s.attnum = any (i.indkey::int2[])) as "inPrimaryKey",
           exists (select 1 from pg_index i where i.indrelid = s.oid and i.indkey[0] = s.attnum) as "leadingIndex"
    from scoped s order by s.relname`);
  return rows;
}

test('distribution key: every person-scoped table leads with person_key', async () => {
  const tables = await personScopedTables();
  assert.ok(tables.some((t) => t.table === 'document') && tables.some((t) => t.table === 'person'), `the catalog was read: ${tables.map((t) => t.table).join(', ')}`);

  // A partition is its parent's: audit_event's monthly partitions are not tables of their own here.
  const { rows: partitions } = await database.db.pool.query<{ partition: string; root: string }>(`
    select c.relname as partition, pg_partition_root(c.oid)::regclass::text as root
    from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'person_key' and not a.attisdropped
    where c.relnamespace = current_schema()::regnamespace and c.relispartition and c.relkind in ('r', 'p')`);
  assert.ok(partitions.length > 0, 'the audit partitions are in the catalog');
  for (const p of partitions) assert.ok(tables.some((t) => t.table === p.root), `partition ${p.partition} is judged by its parent ${p.root}`);

  // Colocation needs one type for the distribution column in every table.
  assert.deepEqual(tables.filter((t) => t.type !== 'bigint').map((t) => `${t.table}: ${t.type}`), [], 'person_key is bigint everywhere');

  const breaking = tables.filter((t) => !(t.table in NOT_KEYED_BY_PERSON) && (!t.inPrimaryKey || !t.leadingIndex));
  assert.deepEqual(breaking.map((t) => `${t.table}: ${[!t.inPrimaryKey && 'person_key is not in its primary key', !t.leadingIndex && 'no index leads with person_key'].filter(Boolean).join(', ')}`), [],
    'a person-scoped table has person_key in its primary key and an index that leads with it (or an entry in NOT_KEYED_BY_PERSON with its reason)');

  // The exceptions cannot rot: each is still a person-scoped table that still needs its exception.
  for (const [table, reason] of Object.entries(NOT_KEYED_BY_PERSON)) {
    const found = tables.find((t) => t.table === table);
    assert.ok(found, `${table} is excepted (${reason}) but is no longer a person-scoped table: remove it from NOT_KEYED_BY_PERSON`);
    assert.ok(!found.inPrimaryKey || !found.leadingIndex, `${table} now leads with person_key: remove it from NOT_KEYED_BY_PERSON`);
  }
});

test('distribution key: the unique keys without person_key are the ones docs/scaling.md lists', async () => {
  const { rows } = await database.db.pool.query<{ key: string }>(`
    with scoped as (${SCOPED})
    select s.relname || '.' || x.relname as key
    from scoped s join pg_index i on i.indrelid = s.oid join pg_class x on x.oid = i.indexrelid
    where i.indisunique and not (s.attnum = any (i.indkey::int2[]))
      and s.relname <> all ($1::text[])
    order by 1`, [Object.keys(NOT_KEYED_BY_PERSON)]);
  assert.deepEqual(rows.map((r) => r.key), Object.keys(UNIQUE_WITHOUT_PERSON_KEY).sort(),
    'a unique key without person_key cannot be enforced on a table distributed by person: add it to UNIQUE_WITHOUT_PERSON_KEY and docs/scaling.md with the change it needs, or remove one that is gone');
});
