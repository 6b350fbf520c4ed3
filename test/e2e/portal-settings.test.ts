// The display rules that depend on the deployment's settings and the professional's choices,
// through the real pages in headless Chromium, logged in through the demo provider: V4 (the
// not-yet-shown categories, their dates and the opt-in), V10 (the controllers' and service tasks'
// display start dates, and the default), S8 (shared matters) and V5(a) with V6 (a delayed
// document, which the citizen is told about: V14's answer on the citizen's side).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { person, register } from '../support/registers.ts';
import { launchChromium } from '../support/browser.ts';
import { assertAccessible, listedTitles, loggedIn, restrictionCount } from '../support/portal-pages.ts';
import { setDisplayStart } from '../../src/store/portal-settings.ts';
import type { ServiceTaskKey } from '../../src/domain/codes/index.ts';

const PAST = '2020-01-01';
const FUTURE = '2099-01-01';

let archive: TestArchive;
let browser: Browser;
let area: string;
let pro: Actor;

// V4: journal entries are shown from a past day; parenthood investigations never (only when
// opted in); adoption counselling from a day still to come (only when opted in until then);
// shared matters from a past day. V10: controllers without a start of their own wait for a
// default start that is still to come.
before(async () => {
  archive = await startTestArchive({
    portalLogin: true,
    config: {
      portalCategories: {
        'client-journal-entry': '2026-01-01', 'shared-matter': '2025-01-01', 'client-relationship': null,
        'parenthood-investigation': null, 'adoption-counselling': FUTURE,
      },
      portalDefaultStart: FUTURE,
    },
  });
  area = await archive.controller('Asetusten hyvinvointialue');
  await displayStart(area, null, PAST);
  pro = await archive.actor(area);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await archive?.close();
});

async function displayStart(controllerOid: string, serviceTask: ServiceTaskKey | null, shownFrom: string): Promise<void> {
  await setDisplayStart(archive.database.db.pool, { controllerOid, serviceTask, shownFrom });
}

/** A person in the population register, with a client relationship at each actor's controller. */
async function client(given: string, family: string, actors: readonly Actor[] = [pro], birthDate?: string): Promise<string> {
  const code = aPersonCode(birthDate);
  await register(archive, person(code, given, family));
  for (const actor of actors) await archive.openRelationship(actor, code);
  return code;
}

/** The titles the document list shows to `name`, after checking the page with axe. */
async function titlesSeenBy(name: string, shot?: string): Promise<{ titles: string[]; restricted: number }> {
  const { page, context } = await loggedIn(browser, archive.baseUrl, name);
  try {
    if (shot) await assertAccessible(page, shot);
    return { titles: await listedTitles(page), restricted: await restrictionCount(page) };
  } finally {
    await context.close();
  }
}

test('V4: a journal entry is shown once its category\'s day has come; parenthood investigation and adoption counselling documents only when the professional opted them in', async () => {
  const code = await client('Oona', 'Optio');
  const store = (b: ReturnType<typeof aDocument>) => archive.store(pro, b.forClient(code).build());
  await store(aDocument().ofType('19001').described('Kotikäynnin merkintä'));
  await store(aDocument().ofType('4025').described('Tunnustaminen ilman päätöstä näyttää'));
  await store(aDocument().ofType('4025').portalOptIn().described('Tunnustaminen, näytetään'));
  await store(aDocument().ofType('11005').described('Adoptioneuvonta ilman päätöstä näyttää'));
  await store(aDocument().ofType('11005').portalOptIn().described('Adoptioneuvonta, näytetään'));
  const seen = await titlesSeenBy('Oona Optio', 'v4-opt-in-fi');
  assert.deepEqual([...seen.titles].sort(), ['Adoptioneuvonta, näytetään', 'Kotikäynnin merkintä', 'Tunnustaminen, näytetään']);
  // V6: a category not yet switched on is no professional's restriction: nothing hints at it.
  assert.equal(seen.restricted, 0);
});

test('V10: a controller\'s display start date and a service task\'s start date still to come hide their documents; the default applies to a controller without one', async () => {
  const later = await archive.controller('Myöhemmin liittyvä kunta');
  const tasked = await archive.controller('Tehtävittäin liittyvä alue');
  const moving = await archive.controller('Siirtävä alue');
  const [laterPro, taskedPro, movingPro] = [await archive.actor(later), await archive.actor(tasked), await archive.actor(moving)];
  await displayStart(tasked, null, PAST);
  await displayStart(tasked, 'older-people', FUTURE);
  await displayStart(moving, null, PAST);
  const code = await client('Veikko', 'Vaiheittain', [pro, laterPro, taskedPro, movingPro]);
  await archive.openRelationship(taskedPro, code, 'older-people');
  const store = (actor: Actor, title: string, task: ServiceTaskKey = 'families-with-children') =>
    archive.store(actor, aDocument().forClient(code).inTask(task).described(title).build());
  await store(pro, 'Alueen oma arvio');
  await store(laterPro, 'Kunnan arvio');
  await store(taskedPro, 'Perhepalvelujen arvio');
  await store(taskedPro, 'Iäkkäiden palvelujen arvio', 'older-people');
  await store(movingPro, 'Siirtävän alueen arvio');

  const first = await titlesSeenBy('Veikko Vaiheittain', 'v10-display-start-fi');
  // The controller without a start of its own waits for the default (still to come); the
  // service task whose start is still to come waits although its controller has started.
  assert.deepEqual([...first.titles].sort(), ['Alueen oma arvio', 'Perhepalvelujen arvio', 'Siirtävän alueen arvio']);
  assert.equal(first.restricted, 0, 'V6: a start date is no restriction to signpost');

  // The controllers change their dates: the municipality's own past start overrides the
  // default; the other area moves its start to a day still to come.
  await displayStart(later, null, PAST);
  await displayStart(moving, null, FUTURE);
  const second = await titlesSeenBy('Veikko Vaiheittain');
  assert.deepEqual([...second.titles].sort(), ['Alueen oma arvio', 'Kunnan arvio', 'Perhepalvelujen arvio']);
});

test('S8: a shared matter\'s document appears in the portal of each client who was a member when it was written, not for a child named only as a party', async () => {
  const parent1 = await client('Paula', 'Yhteinen');
  const parent2 = await client('Pekka', 'Yhteinen');
  const child = await client('Pinja', 'Yhteinen', [pro], '2015-03-01');
  await archive.store(pro, aDocument().forClient(child).described('Pinjan oma arvio').build());
  const [v1] = await archive.store(pro, aDocument().forClient(parent1).createdAt('2026-01-01T09:00:00+02:00').described('Yhteinen asia, aloitus')
    .matter({ clients: [{ identifier: parent1, joined: '2026-01-01' }] }).build());
  // Parent 2 joins on 1 February and leaves on 30 April; the child is a party, not a client.
  const [matter] = await archive.store(pro, aDocument().forClient(parent1).createdAt('2026-02-01T09:00:00+02:00').replaces(v1!).described('Yhteinen asia')
    .matter({ clients: [{ identifier: parent1, joined: '2026-01-01' }, { identifier: parent2, joined: '2026-02-01', left: '2026-04-30' }], parties: [child] }).build());
  const [{ set_id: matterSetId }] = await archive.sql<{ set_id: string }>('select set_id::text from document where version_id = $1', [matter]) as [{ set_id: string }];
  const linked = (code: string, at: string, title: string) =>
    archive.store(pro, aDocument().forClient(code).createdAt(at).described(title).inMatter(matterSetId).build());
  await linked(parent1, '2026-01-20T10:00:00+02:00', 'Ennen liittymistä');
  await linked(parent1, '2026-03-01T10:00:00+02:00', 'Jäsenyyden aikana');
  await linked(parent2, '2026-03-05T10:00:00+02:00', 'Pekan tallentama');
  await linked(parent1, '2026-05-05T10:00:00+03:00', 'Lähtemisen jälkeen');

  const ofParent1 = await titlesSeenBy('Paula Yhteinen', 's8-shared-matter-fi');
  assert.deepEqual([...ofParent1.titles].sort(), ['Ennen liittymistä', 'Jäsenyyden aikana', 'Lähtemisen jälkeen', 'Pekan tallentama', 'Yhteinen asia']);
  const ofParent2 = await titlesSeenBy('Pekka Yhteinen');
  assert.deepEqual([...ofParent2.titles].sort(), ['Jäsenyyden aikana', 'Pekan tallentama', 'Yhteinen asia']);
  const ofChild = await titlesSeenBy('Pinja Yhteinen');
  assert.deepEqual(ofChild.titles, ['Pinjan oma arvio']);
  // Nothing of the matter is hinted at either (V6 is for professionals' restrictions only).
  assert.equal(ofChild.restricted, 0);
});

test('V5(a), V6, V14: a document delayed until a day still to come is not shown, and the person is told that a restriction exists; one whose day has come is shown', async () => {
  const code = await client('Ilmari', 'Odottaja');
  await archive.store(pro, aDocument().forClient(code).delayedUntil(FUTURE).described('Odottaa kuulemista').build());
  await archive.store(pro, aDocument().forClient(code).delayedUntil('2026-02-01').described('Kuultu jo').build());
  await archive.store(pro, aDocument().forClient(code).described('Rajoittamaton arvio').build());
  const { page, context } = await loggedIn(browser, archive.baseUrl, 'Ilmari Odottaja');
  assert.deepEqual([...await listedTitles(page)].sort(), ['Kuultu jo', 'Rajoittamaton arvio']);
  assert.equal(await restrictionCount(page), 1);
  // The notice says a restriction exists without the document: neither its title nor its date.
  const notice = await page.getByTestId('restriction-notice').textContent() ?? '';
  assert.doesNotMatch(notice, /Odottaa|2099/);
  assert.doesNotMatch(await page.content(), /Odottaa kuulemista/);
  await assertAccessible(page, 'v5a-delayed-fi');
  await context.close();
});

test('V3, L1, L2: an invalidated document, the earlier version of a corrected one and a payment commitment never appear, not even by their address; the correction does', async () => {
  const code = await client('Kalle', 'Korjattu');
  const [invalidated] = await archive.store(pro, aDocument().forClient(code).described('Väärälle asiakkaalle').build());
  const invalidation = await archive.fhir(pro, 'POST', `/DocumentReference/${invalidated}/$invalidate`, { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: 'stored for the wrong client' }] });
  assert.equal(invalidation.status, 200);
  const [first] = await archive.store(pro, aDocument().forClient(code).described('Arvio, virheellinen').build());
  await archive.store(pro, aDocument().forClient(code).replaces(first!).described('Arvio, korjattu').build());
  await archive.store(pro, aDocument().forClient(code).ofType('9001').described('Maksusitoumus').build());
  const { page, context } = await loggedIn(browser, archive.baseUrl, 'Kalle Korjattu');
  assert.deepEqual(await listedTitles(page), ['Arvio, korjattu']);
  assert.equal(await restrictionCount(page), 0, 'V6: none of these is a restriction to signpost');
  for (const id of [invalidated!, first!]) {
    assert.equal((await page.goto(`${archive.baseUrl}/documents/${id}`))?.status(), 404, id);
    assert.equal((await page.goto(`${archive.baseUrl}/documents/${id}/content`))?.status(), 404, `${id}/content`);
  }
  await context.close();
});
