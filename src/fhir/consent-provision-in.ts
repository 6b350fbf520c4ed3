// The provision of a submitted Kansio Consent: permit for a disclosure consent (which has no
// scope of its own, S2), deny for a prohibition with exactly one target (S3: a controller, a
// service task or a document), valid from the day given until revoked. Untrusted JSON: every
// element is type-checked before use and every problem is collected with its FHIRPath.
import type { ConsentKind, ProhibitionScope } from '../domain/consent.ts';
import { serviceTaskByCode } from '../domain/codes/index.ts';
import { SYSTEMS } from './extensions.ts';
import { isValidDate } from './document-reference-in.ts';
import { CONSENT_PROFILE, isValidDateTime, refuseModifiers } from './consent-profile.ts';
import { codingsOf, get, objectAt, onlyObject, refuse, stringAt, type Json, type Sink } from './json-read.ts';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const VERSION_REF = new RegExp(`^DocumentReference/(${UUID})$`);
const SET_ID_URN = new RegExp(`^urn:uuid:(${UUID})$`);
const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
const PROVISION_ELEMENTS = new Set(['id', 'extension', 'modifierExtension', 'type', 'period', 'actor', 'action', 'securityLabel', 'purpose', 'class', 'code', 'dataPeriod', 'data', 'provision']);
const NARROWING = ['actor', 'action', 'securityLabel', 'purpose', 'class', 'code', 'dataPeriod', 'data'] as const;

/** What a prohibition covers: a target, or (per document) a version id for the use case to resolve. */
export interface Target { readonly scope: ProhibitionScope; readonly target?: string; readonly targetVersionId?: string }

export interface ProvisionRead extends Partial<Target> { readonly validFrom?: string }

export function checkProvision(c: Json, kind: ConsentKind | undefined, dateTime: string | undefined, add: Sink): ProvisionRead {
  // S2, S3: permit for consents, deny for prohibitions; valid from period.start until revoked.
  const fallback = dateTime?.slice(0, 10);
  const p = objectAt(c, 'provision', 'Consent', add, kind === 'informing' || kind === undefined ? undefined : `provision is required: type ${kind === 'prohibition' ? 'deny' : 'permit'}`);
  if (!p) return fallback ? { validFrom: fallback } : {};
  const at = 'Consent.provision';
  for (const key of Object.keys(p)) if (!PROVISION_ELEMENTS.has(key)) add({ code: 'structure', message: `unknown element '${key.slice(0, 100)}' in provision`, expression: `${at}.${key.slice(0, 100)}` });
  refuseModifiers(p, at, add);
  if (get(p, 'provision') !== undefined) add({ code: 'not-supported', message: 'nested provisions are not supported: one record is one consent or one prohibition', expression: `${at}.provision` });
  const rule = kind === 'prohibition' ? 'S3' : kind === 'informing' ? 'D5' : 'S2';
  const expected = kind === 'prohibition' ? 'deny' : 'permit';
  const type = stringAt(p, 'type', at, add, kind === 'informing' || kind === undefined ? undefined : `provision.type is required: ${expected}`);
  if (type !== undefined && kind !== undefined && type !== expected) add({ code: 'value', message: `provision.type must be '${expected}' for ${kind}`, expression: `${at}.type` });
  const validFrom = checkPeriod(p, at, rule, add) ?? fallback;
  const base = validFrom ? { validFrom } : {};
  const present = NARROWING.filter((key) => get(p, key) !== undefined);
  if (kind === 'social-welfare-consent' || kind === 'health-consent') {
    // S2: the consent covers all of the client's data, including data stored later.
    for (const key of present) add({ code: 'business-rule', message: `S2: a disclosure consent has no scope of its own; narrow it with prohibitions (provision.${key} is not allowed)`, expression: `${at}.${key}` });
    return base;
  }
  if (kind === 'informing') {
    for (const key of present) add({ code: 'not-supported', message: `D5: the informing acknowledgement has no scope (provision.${key} is not allowed)`, expression: `${at}.${key}` });
    return base;
  }
  if (kind !== 'prohibition') return base;
  return { ...base, ...checkProhibitionTarget(p, at, present, add) };
}

function checkPeriod(p: Json, at: string, rule: string, add: Sink): string | undefined {
  const period = objectAt(p, 'period', at, add);
  if (!period) return undefined;
  if (get(period, 'end') !== undefined) add({ code: 'business-rule', message: `${rule}: a record has no end date, it is valid until revoked; provision.period.end is not allowed`, expression: `${at}.period.end` });
  const start = stringAt(period, 'start', `${at}.period`, add);
  if (start === undefined) return undefined;
  if (isValidDate(start) || isValidDateTime(start)) return start.slice(0, 10);
  return refuse(add, 'value', `${at}.period.start`, 'provision.period.start must be a date (YYYY-MM-DD) or a date-time with a time zone');
}

function checkProhibitionTarget(p: Json, at: string, present: readonly string[], add: Sink): Target | undefined {
  // S3: exactly one of (a) a controller, (b) a service task, (c) a document.
  const targets: readonly string[] = present.filter((key) => key === 'actor' || key === 'code' || key === 'data');
  for (const key of present) {
    if (!targets.includes(key)) add({ code: 'not-supported', message: `S3: a prohibition covers a controller, a service task or a document; provision.${key} is not supported`, expression: `${at}.${key}` });
  }
  if (targets.length !== 1) return refuse(add, 'structure', at, 'S3: a prohibition needs exactly one of provision.actor (a controller), provision.code (a service task) or provision.data (a document)');
  if (targets[0] === 'actor') return readControllerTarget(p, at, add);
  if (targets[0] === 'code') return readServiceTaskTarget(p, at, add);
  return readDocumentTarget(p, at, add);
}

function readControllerTarget(p: Json, at: string, add: Sink): Target | undefined {
  const one = onlyObject(p, 'actor', at, add, `the controller, with role ${CONSENT_PROFILE.participationType}|${CONSENT_PROFILE.custodian}`);
  if (!one) return undefined;
  const [actor, actorAt] = one;
  const role = objectAt(actor, 'role', actorAt, add, `actor.role is required: ${CONSENT_PROFILE.participationType}|${CONSENT_PROFILE.custodian}`);
  if (role && !codingsOf(role, `${actorAt}.role`, add).some((k) => k.system === CONSENT_PROFILE.participationType && k.code === CONSENT_PROFILE.custodian)) {
    add({ code: 'value', message: `actor.role must be ${CONSENT_PROFILE.participationType}|${CONSENT_PROFILE.custodian} (the controller whose data is prohibited)`, expression: `${actorAt}.role` });
  }
  const reference = objectAt(actor, 'reference', actorAt, add, 'actor.reference.identifier is required: the controller OID');
  const identifier = reference ? objectAt(reference, 'identifier', `${actorAt}.reference`, add, `the controller is given as identifier with system ${SYSTEMS.organisation}`) : undefined;
  if (!identifier) return undefined;
  const idAt = `${actorAt}.reference.identifier`;
  const system = stringAt(identifier, 'system', idAt, add, `identifier.system is required: ${SYSTEMS.organisation}`);
  const value = stringAt(identifier, 'value', idAt, add, 'identifier.value is required: the controller OID')?.replace(/^urn:oid:/, '');
  if (system !== undefined && system !== SYSTEMS.organisation) add({ code: 'value', message: `identifier.system must be ${SYSTEMS.organisation} (organisation OID)`, expression: `${idAt}.system` });
  if (value !== undefined && !OID.test(value)) add({ code: 'value', message: 'identifier.value must be an OID, e.g. 1.2.246.10.12345678', expression: `${idAt}.value` });
  return system === SYSTEMS.organisation && value !== undefined && OID.test(value) ? { scope: 'controller', target: value } : undefined;
}

function readServiceTaskTarget(p: Json, at: string, add: Sink): Target | undefined {
  const one = onlyObject(p, 'code', at, add, `the service task, a coding of ${SYSTEMS.serviceTask}`);
  if (!one) return undefined;
  const tasks = codingsOf(one[0], one[1], add).filter((k) => k.system === SYSTEMS.serviceTask);
  const { code, at: codingAt } = tasks[0] ?? {};
  if (tasks.length !== 1 || code === undefined || codingAt === undefined) return refuse(add, 'value', one[1], `provision.code must have exactly one coding of ${SYSTEMS.serviceTask} (service task)`);
  const task = serviceTaskByCode(code);
  if (task) return { scope: 'service-task', target: task.key };
  return refuse(add, 'code-invalid', `${codingAt}.code`, `service task code ${JSON.stringify(code.slice(0, 100))} is not known in ${SYSTEMS.serviceTask}`);
}

function readDocumentTarget(p: Json, at: string, add: Sink): Target | undefined {
  // S1, S3(c): a prohibition names the document by its set id; a version id is resolved to it.
  const one = onlyObject(p, 'data', at, add, 'the document, by its set id');
  if (!one) return undefined;
  const [data, dataAt] = one;
  const meaning = stringAt(data, 'meaning', dataAt, add, 'data.meaning is required: related (the document and all its versions) or instance');
  if (meaning !== undefined && meaning !== 'related' && meaning !== 'instance') add({ code: 'value', message: "data.meaning must be 'related' or 'instance'", expression: `${dataAt}.meaning` });
  const reference = objectAt(data, 'reference', dataAt, add, 'data.reference is required: identifier urn:uuid:<set id>, or reference DocumentReference/<id>');
  if (!reference) return undefined;
  const refAt = `${dataAt}.reference`;
  const versionRef = stringAt(reference, 'reference', refAt, add);
  const identifier = objectAt(reference, 'identifier', refAt, add);
  if ((versionRef === undefined) === (identifier === undefined)) return refuse(add, 'structure', refAt, `give exactly one of data.reference.identifier (${SYSTEMS.rfc3986}, urn:uuid:<set id>) and data.reference.reference (DocumentReference/<id>)`);
  if (!identifier) {
    const versionId = VERSION_REF.exec(versionRef ?? '')?.[1]?.toLowerCase();
    if (versionId) return { scope: 'document', targetVersionId: versionId };
    return refuse(add, 'value', `${refAt}.reference`, 'data.reference.reference must be DocumentReference/<id>');
  }
  const system = stringAt(identifier, 'system', `${refAt}.identifier`, add, `identifier.system is required: ${SYSTEMS.rfc3986}`);
  const value = stringAt(identifier, 'value', `${refAt}.identifier`, add, 'identifier.value is required: urn:uuid:<set id>');
  if (system !== undefined && system !== SYSTEMS.rfc3986) add({ code: 'value', message: `identifier.system must be ${SYSTEMS.rfc3986}`, expression: `${refAt}.identifier.system` });
  const setId = value === undefined ? undefined : SET_ID_URN.exec(value)?.[1]?.toLowerCase();
  if (value !== undefined && !setId) add({ code: 'value', message: 'identifier.value must be urn:uuid:<set id of the document>', expression: `${refAt}.identifier.value` });
  return system === SYSTEMS.rfc3986 && setId ? { scope: 'document', target: setId } : undefined;
}

