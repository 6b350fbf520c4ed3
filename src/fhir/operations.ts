// Kansio's FHIR operations beyond plain REST, declared once: the route parses its input with
// the declaration and the CapabilityStatement lists it, so the two cannot drift apart.
import type { OperationDefinition, Parameters } from '@medplum/fhirtypes';
import { InvalidInput } from '../domain/errors.ts';
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

export const OPERATIONS: readonly OperationDefinition[] = [invalidateOperation];
