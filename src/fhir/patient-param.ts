// The client of a search named by `patient` (Patient/<opaque id>) or `patient.identifier`
// (urn:oid:1.2.246.21|<identity code>): shared by the AuditEvent and Consent searches.
import { InvalidInput } from '../domain/errors.ts';
import { parseIdentityCode } from '../domain/identity-code.ts';
import { SYSTEMS } from './extensions.ts';

const PATIENT = /^(?:Patient\/)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function readPatientParameters(patient: string | undefined, identifier: string | undefined, search: string): { fhirId?: string; identityCode?: string } {
  let fhirId: string | undefined;
  let identityCode: string | undefined;
  if (patient !== undefined) {
    fhirId = PATIENT.exec(patient)?.[1]?.toLowerCase();
    if (!fhirId) throw InvalidInput.of('patient must be Patient/<id>', 'patient', 'value');
  }
  if (identifier !== undefined) {
    const [system, value] = identifier.split('|');
    const parsed = parseIdentityCode(value ?? '');
    if (system !== SYSTEMS.identityCode || !parsed.ok) throw InvalidInput.of(`patient.identifier must be ${SYSTEMS.identityCode}|<valid personal identity code>`, 'patient.identifier', 'value');
    identityCode = parsed.code;
  }
  if (!fhirId && !identityCode) throw InvalidInput.of(`${search} requires patient or patient.identifier`, 'patient', 'required');
  return { ...(fhirId ? { fhirId } : {}), ...(identityCode ? { identityCode } : {}) };
}
