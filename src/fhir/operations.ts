// Kansio's FHIR operations beyond plain REST, declared once: the route parses its input with
// the declaration and the CapabilityStatement lists it, so the two cannot drift apart.
import type { OperationDefinition, Parameters } from '@medplum/fhirtypes';
import { InvalidInput, NotSupported } from '../domain/errors.ts';
import { KANSIO_CANONICAL } from './extensions.ts';

export const invalidateOperation: OperationDefinition = {
  resourceType: 'OperationDefinition',
  id: 'invalidate',
  url: `${KANSIO_CANONICAL}/OperationDefinition/invalidate`,
  name: 'Invalidate',
  status: 'active',
  kind: 'operation',
  code: 'invalidate',
  resource: ['DocumentReference'],
  system: false,
  type: false,
  instance: true,
  description: 'L2: marks a document stored by mistake as entered-in-error. The document is kept for the archivist and disappears from ITI-67 and ITI-68 for everyone else. Only the owning register may invalidate, and only the current version.',
  parameter: [
    { name: 'reason', use: 'in', min: 1, max: '1', type: 'string', documentation: 'Why the document is invalidated, e.g. "stored for the wrong client".' },
    { name: 'return', use: 'out', min: 1, max: '1', type: 'DocumentReference', documentation: 'The invalidated DocumentReference.' },
  ],
};

export const explainOperation: OperationDefinition = {
  resourceType: 'OperationDefinition',
  id: 'explain',
  url: `${KANSIO_CANONICAL}/OperationDefinition/explain`,
  name: 'Explain',
  status: 'active',
  kind: 'operation',
  code: 'explain',
  resource: ['DocumentReference'],
  system: false,
  type: false,
  instance: true,
  affectsState: false,
  description: 'V14: with requester, would this document be given to a professional of the named organisation today, on what basis, and if not, which rules stop it (e.g. "S3(b): prohibition on service task child protection since 2026-03-02"), from the same decision as ITI-67 and ITI-68. With viewer, would the citizen portal show it to the client or to a person acting for them, and if not, which rule hides it (e.g. "V5(c)", "V10", "V8: the right ended on the 18th birthday"), from the same decisions as the portal. Give exactly one of requester and viewer. Only a supervisor or an archivist of the owning controller may ask; the question is audited. Invoked with GET.',
  parameter: [
    { name: 'requester', use: 'in', min: 0, max: '1', type: 'string', documentation: 'OID of the receiving organisation (a controller or one of its units).' },
    { name: 'viewer', use: 'in', min: 0, max: '1', type: 'string', documentation: "The portal viewer: 'client' (the client the document was stored under), or the opaque id of a Patient: another client of its shared matter, a guardian, a person entitled to a minor's information, or a mandate holder." },
    { name: 'legal-justification', use: 'in', min: 0, max: '1', type: 'string', documentation: 'D6, S6: ask as a statutory broad search with this legal justification code.' },
    { name: 'disclosed', use: 'out', min: 0, max: '1', type: 'boolean', documentation: 'With requester: whether the document would be given.' },
    { name: 'shown', use: 'out', min: 0, max: '1', type: 'boolean', documentation: 'With viewer: whether the portal would show it today.' },
    { name: 'restricted', use: 'out', min: 0, max: '1', type: 'boolean', documentation: "With viewer: hidden only by a professional's restriction (V5), so the portal says a restriction exists (V6)." },
    { name: 'relation', use: 'out', min: 0, max: '1', type: 'code', documentation: "With viewer: self | guardian | information-right | mandate; absent when the viewer may not act for the client." },
    { name: 'basis', use: 'out', min: 0, max: '1', type: 'code', documentation: 'own-register | authorisation | consent | statutory, when given.' },
    { name: 'consent', use: 'out', min: 0, max: '1', type: 'Reference', documentation: 'The consent the disclosure would rest on.' },
    { name: 'reason', use: 'out', min: 0, max: '*', documentation: 'One per rule: parts rule (code, e.g. S3(b)) and detail (string).', part: [
      { name: 'rule', use: 'out', min: 1, max: '1', type: 'code' },
      { name: 'detail', use: 'out', min: 1, max: '1', type: 'string' },
    ] },
  ],
};

/** Reads the declared string inputs of a GET-invoked operation from its query. */
export function readOperationQuery(op: OperationDefinition, query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const inputs = (op.parameter ?? []).filter((p) => p.use === 'in');
  for (const key of Object.keys(query)) {
    if (!inputs.some((p) => p.name === key)) throw NotSupported.of(`$${op.code}: unknown parameter '${key}'`, key);
  }
  for (const def of inputs) {
    const raw = query[def.name!];
    if (raw === undefined) {
      if ((def.min ?? 0) > 0) throw InvalidInput.of(`$${op.code}: parameter '${def.name}' is required`, def.name, 'required');
      continue;
    }
    if (typeof raw !== 'string') throw InvalidInput.of(`$${op.code}: parameter '${def.name}' may be given once`, def.name, 'structure');
    if (raw.length === 0 || raw.length > 2000) throw InvalidInput.of(`$${op.code}: parameter '${def.name}' must be 1 to 2000 characters`, def.name, 'value');
    out[def.name!] = raw;
  }
  return out;
}

/** Reads the declared string parameters of an operation from a Parameters body. */
export function readOperationInput(op: OperationDefinition, body: unknown): Record<string, string> {
  const params = body as Parameters | undefined;
  if (!params || params.resourceType !== 'Parameters') {
    throw InvalidInput.of(`$${op.code} expects a Parameters resource`, 'Parameters', 'structure');
  }
  if (params.parameter !== undefined && (!Array.isArray(params.parameter) || !params.parameter.every((p) => typeof p === 'object' && p !== null && typeof p.name === 'string'))) {
    throw InvalidInput.of(`$${op.code}: Parameters.parameter must be an array of named parameters`, 'Parameters.parameter', 'structure');
  }
  const out: Record<string, string> = {};
  for (const def of op.parameter ?? []) {
    if (def.use !== 'in') continue;
    const found = (params.parameter ?? []).filter((p) => p.name === def.name);
    if (found.length < (def.min ?? 0)) throw InvalidInput.of(`$${op.code}: parameter '${def.name}' is required`, `Parameters.parameter('${def.name}')`, 'required');
    if (def.max === '1' && found.length > 1) throw InvalidInput.of(`$${op.code}: parameter '${def.name}' may be given once`, `Parameters.parameter('${def.name}')`);
    const raw = found[0]?.valueString;
    if (found.length && typeof raw !== 'string') throw InvalidInput.of(`$${op.code}: parameter '${def.name}' needs a valueString`, `Parameters.parameter('${def.name}')`, 'value');
    const value = raw?.trim();
    if (found.length && !value) throw InvalidInput.of(`$${op.code}: parameter '${def.name}' needs a non-empty valueString`, `Parameters.parameter('${def.name}')`, 'value');
    if (value && value.length > 2000) throw InvalidInput.of(`$${op.code}: parameter '${def.name}' is longer than 2000 characters`, `Parameters.parameter('${def.name}')`, 'too-long');
    if (value) out[def.name!] = value;
  }
  const known = new Set((op.parameter ?? []).map((p) => p.name));
  const unknown = (params.parameter ?? []).find((p) => !known.has(p.name));
  if (unknown) throw InvalidInput.of(`$${op.code}: unknown parameter '${unknown.name}'`, 'Parameters.parameter', 'not-supported');
  return out;
}

export const OPERATIONS: readonly OperationDefinition[] = [invalidateOperation, explainOperation];
