import pg from 'pg';
import { randomUUID, createHash } from 'node:crypto';
import { startServerProcess } from './server.ts';
import { createCredentials, registerWorld, documentContent, CONTROLLER_OID, syntheticCodes } from './world.ts';
import { rawSameRows } from './raw-postgres.ts';
const creds = await createCredentials();
const s = await startServerProcess({ trustedCardCaPem: creds.ca.certPem, logLevel: 'warn' });
try {
  await registerWorld(s.databaseUrl, creds);
  const c = new pg.Client({ connectionString: s.databaseUrl }); await c.connect();
  const codes = syntheticCodes(50);
  const keys: string[] = [];
  for (const code of codes) keys.push((await c.query('insert into person (identity_code, birth_date) values ($1, $2) returning person_key', [code, '1950-01-01'])).rows[0].person_key);
  await c.end();
  const r1 = await rawSameRows(s.databaseUrl, keys, 16, 6);
  console.log('same rows, pid%16 lanes', Math.round(r1.perSecond), r1.p50.toFixed(1), r1.p99.toFixed(1));
  // lane per connection: distinct lanes
  const pool = new pg.Pool({ connectionString: s.databaseUrl, max: 16 });
  const clients = await Promise.all(Array.from({ length: 16 }, () => pool.connect()));
  for (const variant of ['distinct-lanes', 'no-audit']) {
    let n = 0; const end = performance.now() + 6000; let seq = 0;
    await Promise.all(clients.map(async (cl, lane) => {
      while (performance.now() < end) {
        const bytes = documentContent(seq++); const sha = createHash('sha256').update(bytes).digest();
        await cl.query('begin');
        await cl.query({ name: 'b', text: 'insert into blob (sha256, bytes) values ($1, $2) on conflict do nothing', values: [sha, bytes] });
        await cl.query({ name: 'd', text: `insert into document (person_key, version_id, set_id, version_number, controller_oid, service_task, type_system, type_code, phase, status, created_at, stored_at, content_type, content_sha256, content_sha1, content_size, submission_set_id) values ($1,$2,$3,1,$4,'1','1.2.246.537.6.1506','1005','2','current',now(),now(),'application/json',$5,$5,$6,$7)`, values: [keys[seq % keys.length], randomUUID(), randomUUID(), CONTROLLER_OID, sha, bytes.length, randomUUID()] });
        if (variant === 'distinct-lanes') {
          await cl.query({ name: 'a', text: `with head as (select lane, last_seq, last_hash from audit_lane where lane = $8 for update), ins as (insert into audit_event (lane, seq, recorded_at, event_id, action, outcome, person_key, organisation_oid, body, prev_hash, hash) select lane, last_seq + 1, $1, $2, $3, $4, $5, $6, $7, last_hash, sha256(last_hash || convert_to($7, 'UTF8')) from head returning lane, seq, hash) update audit_lane l set last_seq = ins.seq, last_hash = ins.hash from ins where l.lane = ins.lane`, values: [new Date().toISOString(), randomUUID(), 'store', 'success', keys[0], CONTROLLER_OID, 'x'.repeat(700), lane] });
        }
        await cl.query('commit'); n++;
      }
    }));
    console.log(variant, Math.round(n / 6));
  }
  for (const cl of clients) cl.release(); await pool.end();
} finally { await s.stop(); }
