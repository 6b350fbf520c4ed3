// Paging follows standard next links; identity codes never reach the process log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle } from '@medplum/fhirtypes';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode, provideBundle } from '../support/bundles.ts';

const logLines: string[] = [];
let archive: TestArchive;
let pro: Actor;

before(async () => {
  archive = await startTestArchive({ logLines });
  pro = await archive.actor(await archive.controller('Paging area'));
});
after(async () => archive.close());

test('ITI-67 pages with a next link that names the client by opaque id, and following it works', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  await archive.store(pro, provideBundle(Array.from({ length: 5 }, () => aDocument().forClient(client).resource())));
  const token = await pro.token();
  const first = await archive.fhir<Bundle>(token, 'GET', `/DocumentReference?patient.identifier=urn:oid:1.2.246.21|${client}&status=current&_count=4`);
  assert.equal(first.status, 200);
  assert.equal(first.body.total, 6);
  assert.equal(first.body.entry!.length, 4);
  const next = first.body.link!.find((l) => l.relation === 'next')!.url!;
  assert.ok(!next.includes(client), 'no identity code in the next link');
  const second = await archive.fhir<Bundle>(token, 'GET', next.replace(`${archive.baseUrl}/fhir`, ''));
  assert.equal(second.status, 200);
  assert.equal(second.body.entry!.length, 2);
  const ids = new Set([...first.body.entry!, ...second.body.entry!].map((e) => e.resource!.id));
  assert.equal(ids.size, 6);
});

test('personal identity codes never appear in the process log, even when sent in a URL or a bad body', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const token = await pro.token();
  await archive.fhir(token, 'GET', `/DocumentReference?patient.identifier=urn:oid:1.2.246.21|${client}&status=current`);
  await archive.fhir(token, 'GET', `/DocumentReference/${client}`);
  await archive.fhir(token, 'POST', '', aDocument().forClient(client).replaces('00000000-0000-4000-8000-000000000000').build());
  assert.ok(logLines.length >= 3, 'requests were logged');
  for (const line of logLines) assert.ok(!line.includes(client), `log line leaks an identity code: ${line}`);
});
