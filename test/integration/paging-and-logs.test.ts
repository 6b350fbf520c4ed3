// Paging follows standard next links; identity codes never reach the process log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle } from '@medplum/fhirtypes';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode, provideBundle } from '../support/bundles.ts';
import { makeIdentityCode } from '../../src/domain/identity-code.ts';
import { createLogger, scrubIdentityCodes } from '../../src/log.ts';

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

/** The code in any spelling a log line could hold: case, percent-encoding (once or more), sign as space. */
function leaks(line: string, code: string): boolean {
  const flat = line.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return new RegExp(`${code.slice(0, 6)}[0-9A-Z]{0,8}${code.slice(7)}`, 'i').test(flat);
}

/** The spellings of one identity code that a request can carry. */
function spellings(code: string): string[] {
  const sign = code[6]!;
  const encodedSign = `%${sign.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  return [
    code, code.toLowerCase(),
    code.slice(0, 6) + encodedSign + code.slice(7),
    code.slice(0, 6) + encodedSign.toLowerCase() + code.slice(7).toLowerCase(),
    code.slice(0, 6) + encodedSign.replace('%', '%25') + code.slice(7),
    code.slice(0, 6) + encodedSign.replace('%', '%2525') + code.slice(7),
    encodeURIComponent(code),
  ];
}

test('issue 8 / identity codes in the log: no spelling of a code in a path, query, body or error reaches the log; lines name the route pattern and the request id', async () => {
  const clients = [aPersonCode(), makeIdentityCode('1880-03-12', 951, '+'), makeIdentityCode('2012-07-01', 952, 'B'), makeIdentityCode('1975-11-30', 953, 'Y')];
  const token = await pro.token();
  const start = logLines.length;
  for (const client of clients) {
    await archive.openRelationship(pro, client);
    for (const form of spellings(client)) {
      await archive.fhir(token, 'GET', `/DocumentReference/${form}`);
      await archive.fhir(token, 'GET', `/Binary/${form}?_format=json`);
      await archive.fhir(token, 'GET', `/DocumentReference?patient.identifier=urn:oid:1.2.246.21|${form}&status=current`);
      await archive.fhir(token, 'GET', `/AuditEvent?patient.identifier=${form}`);
      await archive.fhir(token, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${form}&status=current&colour=${form}`);
      await archive.fhir(token, 'GET', `/Nothing/${form}?q=${form}`);
      await fetch(`${archive.baseUrl}/${form}`);
      await fetch(`${archive.baseUrl}/fhir/DocumentReference/${form}${'x'.repeat(1100)}`);
      await fetch(`${archive.baseUrl}/fhir/DocumentReference?patient=${form}&pad=${'x'.repeat(20_000)}`);
      await archive.fhir(token, 'GET', `/DocumentReference/${form}%00`);
      await archive.fhir(token, 'GET', `/DocumentReference?patient.identifier=${form}%E0%A4%A`);
    }
    // In bodies: a bad JSON body, a bundle refused with the code in its message, a form with a NUL.
    await fetch(`${archive.baseUrl}/fhir`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' }, body: `{"subject": "${client}" oops` });
    await archive.fhir(token, 'POST', '', aDocument().forClient(client).replaces('00000000-0000-4000-8000-000000000000').build());
    await archive.fhir(token, 'POST', '', aDocument().forClient(client.slice(0, 10) + (client.endsWith('A') ? 'B' : 'A')).build());
    await archive.fhir(token, 'POST', '/DocumentReference/_search', `patient.identifier=${client}\0&status=current`);
    await fetch(`${archive.baseUrl}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=client_credentials&client_id=${client}` });
  }
  const lines = logLines.slice(start);
  assert.ok(lines.length >= clients.length * 12, `requests were logged (${lines.length} lines)`);
  for (const line of lines) {
    for (const client of clients) assert.ok(!leaks(line, client), `log line leaks an identity code: ${line}`);
  }
  const requests = lines.map((l) => JSON.parse(l) as { msg: string; route?: string; reqId?: string; url?: string }).filter((l) => l.msg === 'request');
  assert.ok(requests.some((l) => l.route === '/fhir/DocumentReference/:id'), 'a line names the route pattern');
  assert.ok(requests.some((l) => l.route === '(no route)'), 'an unknown route is logged without its path');
  for (const l of requests) {
    assert.match(l.reqId ?? '', /^[0-9a-f-]{36}$/, 'every line has the request id');
    assert.equal(l.url, undefined, 'no line has the URL');
  }
});

test('issue 8 / identity codes in the log: the last-line scrubber catches every spelling, in messages and logged fields', () => {
  for (const code of [makeIdentityCode('1941-02-08', 910), makeIdentityCode('1880-03-12', 951, '+'), makeIdentityCode('2012-07-01', 952, 'B'), makeIdentityCode('1975-11-30', 953, 'Y')]) {
    for (const form of [...spellings(code), code.replace('+', ' '), code.slice(0, 6) + '\\u002' + (code[6] === '+' ? 'b' : 'd') + code.slice(7)]) {
      const text = `error: value 'urn:oid:1.2.246.21|${form}' at x_${form}y`;
      assert.ok(!leaks(scrubIdentityCodes(text), code), `not scrubbed: ${form} -> ${scrubIdentityCodes(text)}`);
    }
  }
  const lines: string[] = [];
  const log = createLogger('info', { write: (line: string) => { lines.push(line); } });
  const code = makeIdentityCode('1941-02-08', 910);
  log.error({ err: { message: `duplicate key (identity_code)=(${code.toLowerCase()})` }, detail: [code] }, `failed for ${code}`);
  assert.ok(!leaks(lines.join('\n'), code), lines.join('\n'));
});
