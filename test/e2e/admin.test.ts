// The administration pages (issue 10, onboarding) in headless Chromium: a controller's
// administrator registers a client data system and a professional through the pages, and the
// system gets a token and stores (L5, D9); its key is rotated through the page without a restart;
// removed through the page it gets no token. Each page requires its role (D1): an archivist gets
// 403 naming the role, an administrator of area A neither sees nor changes area B's systems or
// professionals, the operator pages refuse an administrator, and no page grants 'operator'. A bad
// field is named in the error summary and changes nothing; every change leaves an admin-change
// record naming the professional (D10). axe on every page, in fi, sv and en.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { accessibilityViolations, launchChromium, screenshot } from '../support/browser.ts';
import { createCardAuthority, createSystemKey, issueProfessionalCard, requestToken, TokenRequestError, type CardAuthority, type SystemKey } from '../../src/auth/index.ts';
import { registerProfessional } from '../../src/store/professionals.ts';
import { registerOrganisation } from '../../src/usecases/register-organisation.ts';
import { registerProfessional as registerProfessionalUseCase } from '../../src/usecases/register-professional.ts';
import { removeProfessional } from '../../src/usecases/remove-professional.ts';
import { addCardCa } from '../../src/usecases/card-cas.ts';
import { OPERATOR_TOOL } from '../../src/usecases/admin-audit.ts';

let archive: TestArchive;
let browser: Browser;
let areaA: string;
let unitA: string;
let areaB: string;
let unitB: string;
let adminA: Actor;
let workerB: Actor;
const names: Record<'admin' | 'archivist' | 'operator' | 'leaving', string> = { admin: '', archivist: '', operator: 'Olli Operaattori', leaving: '' };
let leaving: Actor;
const OPERATOR_ORG = '1.2.246.10.66000';
const TOOL = { id: 'test-setup', name: 'test setup', authority: OPERATOR_TOOL };

before(async () => {
  archive = await startTestArchive({ portalLogin: true });
  areaA = await archive.controller('Ylläpidon hyvinvointialue');
  unitA = await archive.unit(areaA, 'Ylläpidon perhepalvelut');
  areaB = await archive.controller('Toinen hyvinvointialue');
  unitB = await archive.unit(areaB, 'Toisen perhepalvelut');
  adminA = await archive.actor(areaA, 'connecting', { roles: ['administrator'] });
  const archivistA = await archive.actor(areaA, 'connecting', { roles: ['archivist'] });
  workerB = await archive.actor(areaB, 'connecting', { professionalOrg: unitB });
  const nameOf = async (id: string | undefined) => (await archive.sql<{ name: string }>("select given_name || ' ' || family_name as name from professional where professional_id = $1", [id]))[0]!.name;
  names.admin = await nameOf(adminA.professionalId);
  names.archivist = await nameOf(archivistA.professionalId);
  leaving = await archive.actor(areaA, 'connecting', { roles: ['administrator'] });
  names.leaving = await nameOf(leaving.professionalId);
  // The national operator works in the operator's own organisation; only the operator's tool gives the role.
  await archive.database.db.withTransaction((tx) => registerOrganisation(tx, { oid: OPERATOR_ORG, name: 'Testioperaattori', kind: 'operator', actor: TOOL, now: new Date().toISOString() }));
  await registerProfessional(archive.database.db.pool, { professionalId: 'OPER-T1', givenName: 'Olli', familyName: 'Operaattori', title: 'palvelupäällikkö', organisationOid: OPERATOR_ORG, roles: ['operator'] });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await archive?.close();
});

async function logIn(context: BrowserContext, who: keyof typeof names): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${archive.baseUrl}/archivist/login`);
  await page.getByRole('button', { name: names[who], exact: true }).click();
  await page.waitForURL(/\/(archivist|admin)$/);
  return page;
}

async function accessible(page: Page, name: string): Promise<void> {
  assert.deepEqual(await accessibilityViolations(page), [], `axe violations on ${page.url()}`);
  await screenshot(page, name);
}

/** Posts a form as the logged-in browser would, with a CSRF token from one of its pages (a hand-made request). */
async function post(page: Page, path: string, form: Record<string, string | string[]>): Promise<{ status: number; html: string }> {
  if (!(await page.locator('input[name=_csrf]').count())) await page.goto(`${archive.baseUrl}/admin`);
  const csrf = await page.locator('input[name=_csrf]').first().inputValue();
  const body = new URLSearchParams({ _csrf: csrf });
  for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  const res = await page.request.post(`${archive.baseUrl}${path}`, { data: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
  return { status: res.status(), html: await res.text() };
}

async function errorLinks(page: Page): Promise<string[]> {
  return page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
}

const count = async (sql: string, values: unknown[] = []): Promise<number> => Number((await archive.sql<{ n: string }>(sql, values))[0]!.n);
const adminChanges = () => count("select count(*) as n from audit_event where action = 'admin-change'");

async function adminRecords(since: number): Promise<{ entity: string; id: string; change: string; system: { id: string; name: string }; professional?: { id: string } }[]> {
  const rows = await archive.sql<{ body: string }>("select body from audit_event where action = 'admin-change' order by recorded_at, seq");
  return rows.slice(since).map((r) => JSON.parse(r.body)).map((b) => ({ ...b.admin, system: b.system, professional: b.professional }));
}

/** An actor of a system registered through the pages, with a card from a CA the server trusts. */
function actorOf(clientId: string, key: () => SystemKey, professionalId: string, ca: CardAuthority = archive.ca): Actor {
  const card = issueProfessionalCard(ca, { professionalId, name: 'Pia Sivu' });
  return {
    systemId: clientId, professionalId, controllerOid: areaA,
    async token(scope = 'system/DocumentReference.cruds system/Binary.cr system/List.c') {
      return (await requestToken({ baseUrl: archive.baseUrl, clientId, systemPrivateJwk: key().privateJwk, card: { professionalId, certPem: card.certPem, privateJwk: card.privateJwk }, scope })).access_token;
    },
  };
}

let readerKey: SystemKey;

test('D1: a role taken away counts at the next page without a new login, and a removed professional is logged out', async () => {
  const context = await browser.newContext();
  const page = await logIn(context, 'leaving');
  assert.equal((await page.goto(`${archive.baseUrl}/admin/systems`))?.status(), 200);
  const id = leaving.professionalId!;
  await archive.database.db.withTransaction((tx) => registerProfessionalUseCase(tx, { professionalId: id, givenName: 'Testi', familyName: names.leaving.split(' ')[1]!, title: 'sosiaalityöntekijä', organisationOid: areaA, roles: ['archivist'], actor: TOOL, now: new Date().toISOString() }));
  assert.equal((await page.goto(`${archive.baseUrl}/admin/systems`))?.status(), 403);
  // The navigation follows the registry too: the archivist's sections now.
  await page.goto(`${archive.baseUrl}/archivist`);
  assert.ok((await page.locator('.govuk-service-navigation__link').allTextContents()).some((n) => /Hae rekisteristä/.test(n)));
  await archive.database.db.withTransaction((tx) => removeProfessional(tx, { professionalId: id, actor: TOOL, now: new Date().toISOString() }));
  assert.equal((await page.goto(`${archive.baseUrl}/admin/systems`))?.status(), 401);
  await page.goto(`${archive.baseUrl}/admin`);
  assert.equal(await page.getByTestId('archivist').count(), 0, 'the session ended');
  await context.close();
});

test('D1: an archivist without the administrator role gets 403 naming the role, and sees no administration in the navigation', async () => {
  const context = await browser.newContext();
  const page = await logIn(context, 'archivist');
  assert.match(page.url(), /\/archivist$/);
  const nav = await page.locator('.govuk-service-navigation__link').allTextContents();
  assert.ok(nav.some((n) => /Hae rekisteristä/.test(n)), nav.join(' | '));
  assert.ok(!nav.some((n) => /Asiakastietojärjestelmät|Organisaatiot/.test(n)), nav.join(' | '));
  const systems = await page.goto(`${archive.baseUrl}/admin/systems`);
  assert.equal(systems?.status(), 403);
  assert.match(await page.getByTestId('error-body').textContent() ?? '', /Pääkäyttäjä/);
  await accessible(page, 'admin-403-fi');
  const orgs = await page.goto(`${archive.baseUrl}/admin/organisations`);
  assert.equal(orgs?.status(), 403);
  assert.match(await page.getByTestId('error-body').textContent() ?? '', /Valtakunnallinen operaattori/);
  await context.close();
});

test('D1: an administrator sees only the administration sections; the archivist and operator pages refuse them', async () => {
  const context = await browser.newContext();
  const page = await logIn(context, 'admin');
  assert.match(page.url(), /\/admin$/);
  const nav = await page.locator('.govuk-service-navigation__link').allTextContents();
  assert.deepEqual(nav.map((n) => n.trim()), ['Asiakastietojärjestelmät', 'Ammattilaiset']);
  assert.equal((await page.goto(`${archive.baseUrl}/archivist/search`))?.status(), 403);
  assert.match(await page.getByTestId('error-body').textContent() ?? '', /Arkistonhoitaja/);
  for (const path of ['/admin/organisations', '/admin/organisations/new', '/admin/card-cas', '/admin/card-cas/new']) {
    assert.equal((await page.goto(`${archive.baseUrl}${path}`))?.status(), 403, path);
  }
  const before = await adminChanges();
  const refused = await post(page, '/admin/organisations/new', { oid: '1.2.246.10.66999', name: 'Luvaton', kind: 'welfare-area' });
  assert.equal(refused.status, 403);
  assert.equal(await count("select count(*) as n from organisation where oid = '1.2.246.10.66999'"), 0);
  assert.equal(await adminChanges(), before);
  await context.close();
});

test('L5, D9, D10: a system and a professional registered through the pages get a token and store; a key rotated through the page works without a restart; removed through the page the system gets no token', async () => {
  const context = await browser.newContext();
  const page = await logIn(context, 'admin');
  const since = await adminChanges();
  let key = await createSystemKey('ES384');
  await page.goto(`${archive.baseUrl}/admin/systems/new`);
  await page.locator('#clientId').fill('page-care');
  await page.locator('#name').fill('Sivun asiakastietojärjestelmä');
  await page.locator('input[name=profile][value=connecting]').check();
  await page.locator('#jwks').fill(JSON.stringify({ keys: [key.publicJwk] }));
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/\/admin\/systems\?done=system-added/);
  assert.match(await page.getByTestId('done').textContent() ?? '', /page-care/);
  assert.match(await page.getByTestId('systems').textContent() ?? '', new RegExp(key.kid));

  await page.goto(`${archive.baseUrl}/admin/professionals/new`);
  const roleValues = await page.locator('input[name=roles]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  assert.deepEqual(roleValues, ['supervisor', 'archivist', 'administrator'], 'the page offers every role but operator');
  await page.locator('#id').fill('PAGE-PRO-1');
  await page.locator('#givenName').fill('Pia');
  await page.locator('#familyName').fill('Sivu');
  await page.locator('#title').fill('sosiaalityöntekijä');
  await page.locator('#organisation').selectOption(unitA);
  await page.locator('input[name=roles][value=supervisor]').check();
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/\/admin\/professionals\?done=professional-added/);

  // The system registered through the page gets a token and stores a document.
  const pro = actorOf('page-care', () => key, 'PAGE-PRO-1');
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  assert.equal((await archive.store(pro, aDocument().forClient(client).build())).length, 1);

  // L5: a reading system registered through the page may not ask to store.
  readerKey = await createSystemKey('RS384');
  await page.goto(`${archive.baseUrl}/admin/systems/new`);
  await page.locator('#clientId').fill('page-reader');
  await page.locator('#name').fill('Sivun katselusovellus');
  await page.locator('input[name=profile][value=reading]').check();
  await page.locator('#jwks').fill(JSON.stringify({ keys: [readerKey.publicJwk] }));
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/done=system-added/);
  await assert.rejects(actorOf('page-reader', () => readerKey, 'PAGE-PRO-1').token('system/DocumentReference.c system/Binary.c'),
    (e: unknown) => e instanceof TokenRequestError && e.error === 'invalid_scope' && /L5/.test(e.message));
  await actorOf('page-reader', () => readerKey, 'PAGE-PRO-1').token('system/DocumentReference.rs');

  // Rotation without downtime: the new key beside the old, both good, then the old one removed.
  const next = await createSystemKey('RS384');
  const old = key;
  await page.goto(`${archive.baseUrl}/admin/systems/page-care/keys`);
  await page.locator('#jwk').fill(JSON.stringify(next.publicJwk));
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/keys\?done=key-added/);
  await actorOf('page-care', () => old, 'PAGE-PRO-1').token();
  await actorOf('page-care', () => next, 'PAGE-PRO-1').token();
  await page.getByRole('link', { name: new RegExp(`Poista ${old.kid}`) }).click();
  assert.match(await page.locator('h1').textContent() ?? '', new RegExp(old.kid));
  await page.locator('#confirm').click();
  await page.waitForURL(/keys\?done=key-removed/);
  await assert.rejects(actorOf('page-care', () => old, 'PAGE-PRO-1').token(), (e: unknown) => e instanceof TokenRequestError && e.error === 'invalid_client');
  key = next;
  assert.equal((await archive.store(pro, aDocument().forClient(client).build())).length, 1);

  // Removed through the page: no token from then on.
  await page.goto(`${archive.baseUrl}/admin/systems`);
  await page.getByRole('link', { name: 'Poista Sivun asiakastietojärjestelmä' }).click();
  await page.locator('#confirm').click();
  await page.waitForURL(/done=system-removed/);
  await assert.rejects(requestToken({ baseUrl: archive.baseUrl, clientId: 'page-care', systemPrivateJwk: key.privateJwk, scope: 'system/DocumentReference.rs' }),
    (e: unknown) => e instanceof TokenRequestError && e.error === 'invalid_client' && /no client data system is registered/.test(e.message));

  // D10: each change left an admin-change record naming the interface and the professional.
  const records = await adminRecords(since);
  assert.deepEqual(records.map((r) => `${r.entity} ${r.change} ${r.id}`), [
    'system add page-care', 'professional add PAGE-PRO-1', 'system add page-reader',
    `system-key add page-care#${next.kid}`, `system-key remove page-care#${old.kid}`, 'system remove page-care',
  ]);
  for (const r of records) {
    assert.equal(r.system.id, 'kansio-admin');
    assert.equal(r.system.name, `Kansio administration: ${names.admin} (${adminA.professionalId})`);
    assert.equal(r.professional?.id, adminA.professionalId);
  }
  await context.close();
});

test("D1: an administrator of area A neither sees nor changes area B's systems and professionals", async () => {
  const context = await browser.newContext();
  const page = await logIn(context, 'admin');
  const before = await adminChanges();
  await page.goto(`${archive.baseUrl}/admin/systems`);
  const systems = await page.getByTestId('systems').textContent() ?? '';
  assert.ok(systems.includes(adminA.systemId) && !systems.includes(workerB.systemId), systems);
  await page.goto(`${archive.baseUrl}/admin/professionals`);
  const pros = await page.getByTestId('professionals').textContent() ?? '';
  assert.ok(pros.includes('PAGE-PRO-1') && !pros.includes(workerB.professionalId!), pros);
  for (const path of [`/admin/systems/${workerB.systemId}`, `/admin/systems/${workerB.systemId}/keys`, `/admin/systems/${workerB.systemId}/remove`, `/admin/professionals/${workerB.professionalId}`, `/admin/professionals/${workerB.professionalId}/remove`]) {
    assert.equal((await page.goto(`${archive.baseUrl}${path}`))?.status(), 404, path);
  }
  await page.goto(`${archive.baseUrl}/admin/systems/new`);
  const key = await createSystemKey('ES384');
  // Taking over B's system by its client id, removing it, or registering a professional into B's unit: all refused.
  const takeOver = await post(page, '/admin/systems/new', { clientId: workerB.systemId, name: 'Kaapattu', profile: 'connecting', jwks: JSON.stringify({ keys: [key.publicJwk] }) });
  assert.equal(takeOver.status, 403);
  assert.match(takeOver.html, /href="#clientId"/);
  assert.equal((await post(page, `/admin/systems/${workerB.systemId}/remove`, {})).status, 404);
  const intoB = await post(page, '/admin/professionals/new', { id: 'PAGE-PRO-B', givenName: 'Väärä', familyName: 'Alue', title: 'sosiaaliohjaaja', organisation: unitB });
  assert.equal(intoB.status, 403);
  assert.match(intoB.html, /href="#organisation"/);
  const movingB = await post(page, '/admin/professionals/new', { id: workerB.professionalId!, givenName: 'Siirretty', familyName: 'Alueelta', title: 'sosiaaliohjaaja', organisation: unitA });
  assert.equal(movingB.status, 403);
  assert.match(movingB.html, /href="#id"/);
  const [bSystem] = await archive.sql<{ controller_oid: string; name: string }>('select controller_oid, name from client_system where client_id = $1', [workerB.systemId]);
  assert.deepEqual(bSystem, { controller_oid: areaB, name: workerB.systemId.replace('test-system-', 'Test system ') });
  const [bPro] = await archive.sql<{ organisation_oid: string }>('select organisation_oid from professional where professional_id = $1', [workerB.professionalId]);
  assert.equal(bPro!.organisation_oid, unitB);
  assert.equal(await count("select count(*) as n from professional where professional_id = 'PAGE-PRO-B'"), 0);
  assert.equal(await adminChanges(), before, 'a refused change leaves no admin-change record');
  await context.close();
});

test("D1: no page grants the operator role, not even by a hand-made request", async () => {
  const context = await browser.newContext();
  const page = await logIn(context, 'admin');
  const before = await adminChanges();
  const made = await post(page, '/admin/professionals/new', { id: 'PAGE-OPER', givenName: 'Ope', familyName: 'Raattori', title: 'pääkäyttäjä', organisation: areaA, roles: ['administrator', 'operator'] });
  assert.equal(made.status, 403);
  assert.match(made.html, /href="#roles"/);
  assert.equal(await count("select count(*) as n from professional where professional_id = 'PAGE-OPER'"), 0);
  const promoted = await post(page, '/admin/professionals/PAGE-PRO-1', { givenName: 'Pia', familyName: 'Sivu', title: 'sosiaalityöntekijä', organisation: unitA, roles: ['supervisor', 'operator'] });
  assert.equal(promoted.status, 403);
  assert.deepEqual((await archive.sql<{ roles: string[] }>("select roles from professional where professional_id = 'PAGE-PRO-1'"))[0]!.roles, ['supervisor']);
  assert.equal(await adminChanges(), before);
  await context.close();
});

test('a bad field is named in the error summary, linked to the field, and changes nothing', async () => {
  const context = await browser.newContext();
  const page = await logIn(context, 'admin');
  const before = { audit: await adminChanges(), systems: await count('select count(*) as n from client_system'), pros: await count('select count(*) as n from professional') };
  const submitSystem = async (fields: { clientId: string; jwks: string }) => {
    await page.goto(`${archive.baseUrl}/admin/systems/new`);
    await page.locator('#clientId').fill(fields.clientId);
    await page.locator('#name').fill('Virheellinen');
    await page.locator('input[name=profile][value=storing]').check();
      await page.locator('#jwks').fill(fields.jwks);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('main form button[type=submit]').click()]);
    return response.status();
  };
  const key = await createSystemKey('ES384');
  assert.equal(await submitSystem({ clientId: 'huono tunnus', jwks: JSON.stringify({ keys: [key.publicJwk] }) }), 400);
  assert.deepEqual(await errorLinks(page), ['#clientId']);
  assert.match(await page.locator('.govuk-error-summary').textContent() ?? '', /Anna asiakastunnus/);
  await accessible(page, 'admin-system-error-fi');
  assert.equal(await submitSystem({ clientId: 'bad-keys', jwks: JSON.stringify({ keys: [key.privateJwk] }) }), 400);
  assert.deepEqual(await errorLinks(page), ['#jwks']);
  assert.match(await page.locator('.govuk-error-summary').textContent() ?? '', /keys\[0\]\.d: is a private key member/);
  // The form comes back with what was typed, so that it can be corrected.
  assert.equal(await page.locator('#clientId').inputValue(), 'bad-keys');
  assert.equal(await submitSystem({ clientId: 'bad-json', jwks: '{"keys": [' }), 400);
  assert.deepEqual(await errorLinks(page), ['#jwks']);
  await page.locator('.govuk-error-summary a').first().click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'jwks');

  await page.goto(`${archive.baseUrl}/admin/professionals/new`);
  await page.locator('#id').fill('PAGE-PRO-2');
  await page.locator('#givenName').fill('   ');
  await page.locator('#familyName').fill('Tyhjä');
  await page.locator('#title').fill('sosiaaliohjaaja');
  await page.locator('#organisation').selectOption(unitA);
  await page.locator('main form button[type=submit]').click();
  assert.deepEqual(await errorLinks(page), ['#givenName']);
  await accessible(page, 'admin-professional-error-fi');
  assert.deepEqual({ audit: await adminChanges(), systems: await count('select count(*) as n from client_system'), pros: await count('select count(*) as n from professional') }, before);
  await context.close();
});

test('D9, D10: the national operator registers and removes organisations and trusts a card CA through the pages; the administrator\'s pages refuse the operator', async () => {
  const context = await browser.newContext();
  const page = await logIn(context, 'operator');
  assert.match(page.url(), /\/admin$/);
  const nav = await page.locator('.govuk-service-navigation__link').allTextContents();
  assert.deepEqual(nav.map((n) => n.trim()), ['Organisaatiot', 'Varmennepalvelut']);
  assert.equal((await page.goto(`${archive.baseUrl}/admin/systems`))?.status(), 403);
  const since = await adminChanges();

  await page.goto(`${archive.baseUrl}/admin/organisations/new`);
  await page.locator('#oid').fill('1.2.246.10.x');
  await page.locator('#name').fill('Huono');
  await page.locator('input[name=kind][value=municipality]').check();
  await page.locator('main form button[type=submit]').click();
  assert.deepEqual(await errorLinks(page), ['#oid']);
  await accessible(page, 'admin-organisation-error-fi');
  await page.locator('#oid').fill('1.2.246.10.66001');
  await page.locator('#name').fill('Sivun kunta');
  await page.locator('input[name=kind][value=municipality]').check();
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/done=organisation-added/);
  await page.goto(`${archive.baseUrl}/admin/organisations/new`);
  await page.locator('#oid').fill('1.2.246.10.66001.1');
  await page.locator('#name').fill('Sivun kunnan sosiaalipalvelut');
  await page.locator('input[name=kind][value=unit]').check();
  await page.locator('#parent').selectOption('1.2.246.10.66001');
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/done=organisation-added/);
  const listed = await page.getByTestId('organisations').textContent() ?? '';
  assert.match(listed, /Sivun kunta/);
  assert.match(listed, /Sivun kunnan sosiaalipalvelut/);

  // A controller that still has a unit is not removed, and the page says what it has.
  await page.goto(`${archive.baseUrl}/admin/organisations/1.2.246.10.66001/remove`);
  await page.locator('#confirm').click();
  assert.match(await page.locator('.govuk-error-summary').textContent() ?? '', /still has 1 unit/);
  assert.deepEqual(await errorLinks(page), ['#confirm']);
  await accessible(page, 'admin-organisation-remove-error-fi');
  await page.goto(`${archive.baseUrl}/admin/organisations/1.2.246.10.66001.1/remove`);
  await page.locator('#confirm').click();
  await page.waitForURL(/done=organisation-removed/);

  // D9: a CA trusted through the page counts at once; distrusted, its cards bind no token.
  const ca = createCardAuthority('Sivun korttivarmentaja');
  const ask = () => actorOf('page-reader', () => readerKey, 'PAGE-PRO-1', ca).token('system/DocumentReference.rs');
  await assert.rejects(ask(), TokenRequestError);
  await page.goto(`${archive.baseUrl}/admin/card-cas/new`);
  await page.locator('#pem').fill(issueProfessionalCard(ca, { professionalId: 'X-1', name: 'Ei CA' }).certPem);
  await page.locator('main form button[type=submit]').click();
  assert.deepEqual(await errorLinks(page), ['#pem']);
  assert.match(await page.locator('.govuk-error-summary').textContent() ?? '', /is not a CA certificate/);
  await page.locator('#pem').fill(ca.certPem);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/done=ca-added/);
  assert.match(await page.getByTestId('card-cas').textContent() ?? '', /CN=Sivun korttivarmentaja/);
  await ask();
  await page.getByRole('link', { name: 'Poista CN=Sivun korttivarmentaja' }).click();
  await page.locator('#confirm').click();
  await page.waitForURL(/done=ca-removed/);
  await assert.rejects(ask(), TokenRequestError);

  const records = await adminRecords(since);
  assert.deepEqual(records.map((r) => `${r.entity} ${r.change}`), ['organisation add', 'organisation add', 'organisation remove', 'card-ca add', 'card-ca remove']);
  assert.ok(records.every((r) => r.system.id === 'kansio-admin' && r.professional?.id === 'OPER-T1' && r.system.name.includes('Olli Operaattori')));
  await context.close();
});

let accessibilityPages: Record<'admin' | 'operator', string[]> | undefined;

/** The pages each role opens, with real ids: a system's key, a trusted CA, another controller to confirm removing. */
async function pagesToCheck(): Promise<Record<'admin' | 'operator', string[]>> {
  if (accessibilityPages) return accessibilityPages;
  await archive.database.db.withTransaction((tx) => addCardCa(tx, { pem: createCardAuthority('Saavutettavuuden korttivarmentaja').certPem, actor: TOOL, now: new Date().toISOString() }));
  const [ca] = await archive.sql<{ fingerprint: string }>('select fingerprint from trusted_card_ca');
  const [kid] = await archive.sql<{ kid: string }>("select jwks->'keys'->0->>'kid' as kid from client_system where client_id = $1", [adminA.systemId]);
  accessibilityPages = {
    admin: [
      '/admin', '/admin/systems', '/admin/systems/new', `/admin/systems/${adminA.systemId}`, `/admin/systems/${adminA.systemId}/keys`,
      `/admin/systems/${adminA.systemId}/keys/remove?kid=${encodeURIComponent(kid!.kid)}`, `/admin/systems/${adminA.systemId}/remove`, '/admin/systems/page-reader/keys',
      '/admin/professionals', '/admin/professionals/new', '/admin/professionals/PAGE-PRO-1', '/admin/professionals/PAGE-PRO-1/remove', '/admin/card-cas',
    ],
    operator: ['/admin', '/admin/organisations', '/admin/organisations/new', `/admin/organisations/${areaB}/remove`, '/admin/card-cas', '/admin/card-cas/new', `/admin/card-cas/${encodeURIComponent(ca!.fingerprint)}/remove`],
  };
  return accessibilityPages;
}

for (const lang of ['fi', 'sv', 'en'] as const) {
  for (const who of ['admin', 'operator'] as const) {
    test(`accessibility: every administration page of the ${who === 'admin' ? 'administrator' : 'national operator'} in ${lang} has no axe violations`, { timeout: 300_000 }, async () => {
      const pages = (await pagesToCheck())[who];
      const context = await browser.newContext();
      const first = await context.newPage();
      await first.goto(`${archive.baseUrl}/language?to=${lang}&return=/admin`);
      // The way in, before the login.
      if (who === 'admin') await accessible(first, `admin-start-${lang}`);
      await first.close();
      const page = await logIn(context, who);
      for (const path of pages) {
        const response = await page.goto(`${archive.baseUrl}${path}`);
        // The administrator is refused the operator's pages: the 403 page is checked too.
        assert.equal(response?.status(), path === '/admin/card-cas' && who === 'admin' ? 403 : 200, `${lang} ${who} ${path}`);
        await accessible(page, `admin-${who}-${path.replace(/[^a-z0-9]+/gi, '-')}-${lang}`);
      }
      // An error state of each form in the page's language.
      await page.goto(`${archive.baseUrl}${who === 'admin' ? '/admin/systems/new' : '/admin/organisations/new'}`);
      await page.locator('main form button[type=submit]').click();
      assert.equal(await page.locator('.govuk-error-summary').count(), 1);
      await accessible(page, `admin-${who}-error-${lang}`);
      await context.close();
    });
  }
}
