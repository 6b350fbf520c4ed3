// <dataDir>/demo/people.md: who to try, since identity codes must never be typed into URLs. Built
// from the fixtures and the stories alone (plus the version ids the seed got, for $explain), so it
// says what the seed did: each person's client relationships and consent service records, and
// the demo requests with what each one shows (the seed test checks every one of them).
import { writeFile } from 'node:fs/promises';
import { SERVICE_TASK_LABELS, latestInformingVersion, roleByCode, roleCode, type ServiceTaskKey } from '../domain/codes/index.ts';
import { SYSTEMS as FHIR_SYSTEMS } from '../fhir/extensions.ts';
import {
  ACTORS, ORG, ORGANISATIONS, PEOPLE, PROFESSIONALS, SYSTEMS, type ActorKey, type ConsentGiver, type ConsentStep, type PersonHandle,
  type StoreStep,
} from './fixtures.ts';
import { DEMO_REQUESTS, STEPS } from './stories.ts';
import { identityCodeOf } from './bundles.ts';
import { DEMO_MANDATES, DEMO_REPRESENTATIONS } from './registers.ts';

const SHORT: Readonly<Record<string, string>> = { [ORG.areaA]: 'area A', [ORG.areaB]: 'area B', [ORG.producer]: 'Demo-Hoiva' };

const nameOf = (h: PersonHandle): string => `${PEOPLE[h].given} ${PEOPLE[h].family}`;
const controllerOf = (actor: ActorKey): string => SYSTEMS.find((s) => s.clientId === ACTORS[actor].system)!.controllerOid;
const registerOf = (step: StoreStep): string => step.register ?? controllerOf(step.by);
const short = (oid: string): string => SHORT[oid] ?? oid;
const day = (at: string): string => at.slice(0, 10);
const task = (key: ServiceTaskKey): string => SERVICE_TASK_LABELS[key].en.toLowerCase();

function storeStep(ref: string): StoreStep {
  const step = STEPS.find((s): s is StoreStep => s.kind === 'store' && s.ref === ref);
  if (!step) throw new Error(`demo fixtures: no store step with ref '${ref}'`);
  return step;
}

/** Each client's relationships, per register and service task, as the latest version has them. */
function relationshipsOf(handle: PersonHandle): string {
  const latest = new Map<string, StoreStep>();
  for (const s of STEPS) {
    if (s.kind === 'store' && s.client === handle && s.content.kind === 'relationship') latest.set(`${registerOf(s)} ${s.task}`, s);
  }
  const lines = [...latest.values()].map((s) => {
    const c = s.content.kind === 'relationship' ? s.content : undefined;
    const extras = [
      ...(c?.end ? [`ended ${c.end}`] : []),
      ...(c?.related ?? []).map(([p, role]) => `${roleByCode(roleCode(role))!.label.en.toLowerCase()} ${nameOf(p)}`),
      ...(c?.producers ?? []).map((p) => `producer ${short(ORGANISATIONS.find((o) => o.oid === p.unit)!.parentOid!)} ${p.start} to ${p.end ?? 'until further notice'}`),
    ];
    return `${short(registerOf(s))}: ${task(s.task)}${extras.length ? ` (${extras.join('; ')})` : ''}`;
  });
  return [...lines, ...mattersOf(handle)].join('<br>') || '-';
}

/** S8: the shared matters the person is a client of, or only a party to. */
function mattersOf(handle: PersonHandle): string[] {
  return STEPS.flatMap((s) => {
    if (s.kind !== 'store' || s.content.kind !== 'matter' || s.replaces) return [];
    const m = s.content;
    if (m.clients.includes(handle)) return [`${short(registerOf(s))}: client of the shared matter '${m.title}' from ${m.joined}, with ${m.clients.filter((c) => c !== handle).map(nameOf).join(', ')} (S8)`];
    if (m.parties?.includes(handle)) return [`${short(registerOf(s))}: only a party to the shared matter '${m.title}', not a client: none of its documents (S8)`];
    return [];
  });
}

const by = (giver: ConsentGiver | undefined): string => (giver ? ` by ${giver.role.replaceAll('-', ' ')} ${nameOf(giver.person)}` : '');

function consentRecord(step: ConsentStep, revokedOn: string | undefined): string {
  const r = step.record;
  const what = r.kind === 'informing' ? `informed (Kanta informing ${latestInformingVersion(day(step.at))})`
    : r.kind === 'social-welfare-consent' ? 'social welfare disclosure consent'
    : 'controller' in r ? `prohibits ${short(r.controller)}'s register (S3(a))`
    : 'task' in r ? `prohibits service task ${task(r.task)} (S3(b))`
    : `prohibits ${short(registerOf(storeStep(r.document)))}'s document '${storeStep(r.document).title}' (S3(c))`;
  return `${what} ${day(step.at)}${by(step.givenBy)}${revokedOn ? `, **revoked ${revokedOn}**` : ''}`;
}

/** The client's consent service records in the order given; 'not informed' when there are none. */
function consentsOf(handle: PersonHandle): string {
  const records = STEPS.filter((s): s is ConsentStep => s.kind === 'consent' && s.client === handle);
  if (records.length === 0) return relationshipsOf(handle) === '-' ? '-' : 'not informed';
  return records.map((c) => {
    const revocation = c.ref ? STEPS.find((s) => s.kind === 'revoke' && s.target === c.ref) : undefined;
    return consentRecord(c, revocation ? day(revocation.at) : undefined);
  }).join('<br>');
}

function who(actor: ActorKey): string {
  const a = ACTORS[actor];
  return `\`${a.professional}\` (\`${a.system}\`)`;
}

/** The demo requests as table rows; $explain rows name the version the seed stored. */
function requestRows(versionOf: (ref: string) => string | undefined): string[] {
  return DEMO_REQUESTS.map((r) => {
    if (r.kind === 'search') {
      const how = r.legalJustification ? `broad search (\`legal-justification=${r.legalJustification}\`) for` : 'search for';
      return `| ${who(r.by)} | ${how} ${nameOf(r.client)} | ${r.shows} |`;
    }
    const doc = storeStep(r.document);
    const id = versionOf(r.document) ?? '<id>';
    return `| ${who(r.by)} | \`GET /fhir/DocumentReference/${id}/$explain?requester=${r.recipient}\` (${nameOf(doc.client)}: ${doc.title}) | ${r.shows} |`;
  });
}

/** The portal's rules at work, person by person (src/demo/registers.ts and the stories). */
const PORTAL_TRIES: readonly (readonly [string, string])[] = [
  ['Laura Korpela', 'V8, V13: her own documents, and under "Whose data" Ella and Eetu as their guardian; V5(a), V6: Ella\'s decision delayed until 2027-01-15 is signposted, not shown; V5(c): Eetu\'s meeting note hidden from guardians; S8: the shared matter of Laura and Janne appears for both'],
  ['Ella Korpela', 'V7: a minor sees her own documents'],
  ['Hanna Niemi', 'V8 and V5(c): Aleksi\'s documents as guardian, without the one hidden from guardians'],
  ['Raili Heinonen', 'V8: her guardianship of Mikael ended on his 18th birthday: "Whose data" says so; her continuing power of attorney gives no portal access (V9)'],
  ['Tuomas Peltonen', 'V8: the right to receive Onni\'s information (see only, no consents)'],
  ['Petra Salo', 'V4: Onni\'s opted-in parenthood investigation document is shown, the others are not'],
  ['Tiina Heikkinen', 'V9: Pirkko\'s documents and consents with her mandate; D5, D7, D8 in the portal for Pirkko'],
  ['Marja Ojala', 'V9: an expired and a revoked mandate for Helmi give nothing, and the page says why'],
  ['Aili Lindholm', 'V9: a view-only mandate for Oskari: documents and log, no consent actions'],
  ['Petteri Leinonen', 'S5: as Sofia\'s guardian he may acknowledge the informing and give consents, but not prohibit'],
  ['Pirkko Heikkinen', 'V2: her phase 1 application is not shown; V3: nor her payment commitment; V11: the log of her data\'s use; D5, D7, D8 for herself'],
  ['Kaisa Rantanen', 'V3: the shelter service assessment and the violence-work safety plan never appear, and are not signposted either: the special-content restriction (V5b) on the plan adds nothing to V3, and V6 signposts only what a restriction alone hides'],
];
const KIND_LABEL = { guardian: 'guardian', 'information-right': 'entitled to the minor\'s information', trustee: 'trustee', 'continuing-power-of-attorney': 'continuing power of attorney' } as const;

/** Who acts for whom in the portal (V7, V8, V9) and in the consent service (S3), from the demo registers. */
export function actingForSection(): string[] {
  const minors = (Object.keys(PEOPLE) as PersonHandle[]).filter((h) => PEOPLE[h].birthDate >= '2009-01-01').map(nameOf);
  const relations = DEMO_REPRESENTATIONS.map((r) =>
    `| ${nameOf(r.representative)} | ${nameOf(r.person)} | population register: ${KIND_LABEL[r.kind]} from ${r.start}${r.end ? ` to ${r.end}` : ''} | ${r.shows} |`);
  const mandates = DEMO_MANDATES.map((m) => {
    const window = `from ${m.validFrom} ${m.validUntil ? `to ${m.validUntil}` : 'until further notice'}${m.revokedAt ? `, revoked ${m.revokedAt.slice(0, 10)}` : ''}`;
    return `| ${nameOf(m.holder)} | ${nameOf(m.principal)} | mandate register: ${m.id}, scope ${m.scopes.join(' and ')}, ${window} | ${m.shows} |`;
  });
  return [
    '## Who acts for whom',
    '',
    'The demo population register and mandate register (`<dataDir>/demo/registers.jsonl`, imported as',
    '`kansio registers import` would; docs/registers.md). Everyone sees themself first, a minor too',
    `(V7: log in as one of ${minors.join(', ')}). A guardian's right ends on the child's 18th birthday;`,
    'an expired or revoked mandate gives nothing; a trustee or a continuing power of attorney acts only',
    'through a professional (S3), not in the portal (V9).',
    '',
    '| logs in as | acts for | register | shows |', '| --- | --- | --- | --- |', ...relations, ...mandates, '',
  ];
}

/** What each interface role opens (issue 10); a professional without one of them cannot log in there. */
const INTERFACE_TRIES: Readonly<Record<string, string>> = {
  archivist: '/archivist: the register\'s overview, search (earlier and invalidated versions too), audit trail and settings (L2, L3, V10, V14)',
  administrator: '/admin/systems and /admin/professionals: the controller\'s own client data systems (profiles, keys, rotation) and professionals (roles other than operator); another controller\'s are neither listed nor changeable (D1)',
  operator: '/admin/organisations and /admin/card-cas: register and remove controllers and units, trust and distrust professional-card CAs',
};

/** Whom to log in as at /archivist/login (the same login serves /admin), from the fixtures' roles. */
export function interfaceSection(): string[] {
  const orgName = (oid: string): string => ORGANISATIONS.find((o) => o.oid === oid)?.name ?? oid;
  const rows = PROFESSIONALS.filter((p) => (p.roles ?? []).some((r) => r in INTERFACE_TRIES)).map((p) =>
    `| ${p.givenName} ${p.familyName} | ${orgName(p.organisationOid)} | ${(p.roles ?? []).join(', ')} | ${(p.roles ?? []).flatMap((r) => INTERFACE_TRIES[r] ?? []).join('; ')} |`);
  return [
    '## Archivist and administration interfaces: whom to log in as',
    '',
    'Open http://127.0.0.1:8080/archivist/login (or /admin) and pick the professional. Each page needs its',
    'role and answers 403 naming it otherwise. The national operator works in the operator\'s own',
    'organisation, which holds no register; the operator role is given only with `kansio professional add`.',
    '',
    '| log in as | organisation | roles | to try |', '| --- | --- | --- | --- |', ...rows, '',
  ];
}

export function peopleList(versionOf: (ref: string) => string | undefined): string {
  const rows = (Object.keys(PEOPLE) as PersonHandle[]).map((h) =>
    `| ${nameOf(h)} | \`${identityCodeOf(h)}\` | ${PEOPLE[h].birthDate} | ${relationshipsOf(h)} | ${consentsOf(h)} |`);
  const systems = SYSTEMS.map((s) => `| \`${s.clientId}\` | ${s.profile} | ${short(s.controllerOid)} (${s.controllerOid}) |`);
  const pros = PROFESSIONALS.map((p) => `| \`${p.professionalId}\` | ${p.givenName} ${p.familyName}, ${p.title} | ${p.organisationOid} | ${p.roles?.join(', ') ?? ''} |`);
  const orgs = ORGANISATIONS.map((o) => `| ${o.oid} | ${o.name} | ${o.kind} |`);
  return [
    '# Demo people, systems and professionals',
    '',
    'Synthetic people (individual numbers 900-999, which no real person has). Search them with',
    'POST so that the identity code stays out of URLs:',
    '',
    '    TOKEN=$(npm run -s kansio -- token --system demo-connecting-a --professional demo-pro-a1)',
    "    curl -s -H \"Authorization: Bearer $TOKEN\" -X POST localhost:8080/fhir/DocumentReference/_search \\",
    "         --data-urlencode 'patient.identifier=urn:oid:1.2.246.21|080241-910P' --data status=current",
    '',
    'Another professional searches with their own system (`--system demo-connecting-b --professional',
    'demo-pro-b1`). A statutory broad search (D6) adds',
    `\`--data-urlencode 'legal-justification=${FHIR_SYSTEMS.legalJustification}|urgent-assistance'\`.`,
    'A supervisor asks why a document would or would not be given to another organisation:',
    '',
    '    TOKEN=$(npm run -s kansio -- token --system demo-connecting-a --professional demo-pro-a2)',
    "    curl -s -H \"Authorization: Bearer $TOKEN\" 'localhost:8080/fhir/DocumentReference/<id>/$explain?requester=1.2.246.10.99999.2.1'",
    '',
    '## Portal: whom to log in as',
    '',
    'Open http://127.0.0.1:8080/, choose Log in, and pick the person on the demo login page.',
    '',
    '| log in as | to see |', '| --- | --- |', ...PORTAL_TRIES.map(([who, what]) => `| ${who} | ${what} |`), '',
    ...interfaceSection(),
    '## What to try',
    '',
    '| who (system) | request | shows |', '| --- | --- | --- |', ...requestRows(versionOf), '',
    '## Systems, professionals and organisations',
    '',
    '| system | profile | controller |', '| --- | --- | --- |', ...systems, '',
    '| professional | name | organisation | roles |', '| --- | --- | --- | --- |', ...pros, '',
    '| organisation | name | kind |', '| --- | --- | --- |', ...orgs, '',
    ...actingForSection(),
    '## People',
    '',
    'Client relationships per register, and the consent service records (D5, S2, S3) as given. Of a',
    "client who is not informed, nothing is disclosed to another register without a legal justification.",
    '',
    '| person | identity code | born | client relationships | consent service |', '| --- | --- | --- | --- | --- |', ...rows, '',
  ].join('\n');
}

export async function writePeopleList(file: string, versions: ReadonlyMap<string, { versionId: string }>): Promise<void> {
  await writeFile(file, peopleList((ref) => versions.get(ref)?.versionId));
}
