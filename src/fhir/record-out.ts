// Presents the records Kansio's references point at: the client as a minimal Patient, and a
// stored ITI-65 SubmissionSet as an MHD SubmissionSet List.
import type { List, Patient } from '@medplum/fhirtypes';
import type { PersonRow } from '../store/people.ts';
import type { SubmissionSetRow } from '../store/submission-sets.ts';
import { MHD_EXTENSIONS, SYSTEMS } from './extensions.ts';

export const MHD_SUBMISSION_SET_PROFILE = 'https://profiles.ihe.net/ITI/MHD/StructureDefinition/IHE.MHD.Minimal.SubmissionSet';

/** id, the identity code, the name where the population register has given one, the birth date. */
export function toPatient(p: PersonRow): Patient {
  const given = p.givenName ? p.givenName.split(/\s+/).filter(Boolean) : [];
  return {
    resourceType: 'Patient',
    id: p.fhirId,
    identifier: [{ use: 'official', system: SYSTEMS.identityCode, value: p.identityCode }],
    ...(p.familyName || given.length ? { name: [{ use: 'official', ...(p.familyName ? { family: p.familyName } : {}), ...(given.length ? { given } : {}) }] } : {}),
    birthDate: p.birthDate,
  };
}

export function toSubmissionSetList(s: SubmissionSetRow): List {
  return {
    resourceType: 'List',
    id: s.submissionSetId,
    meta: { profile: [MHD_SUBMISSION_SET_PROFILE], lastUpdated: s.storedAt },
    extension: [{ url: MHD_EXTENSIONS.sourceId, valueIdentifier: { value: s.sourceId } }],
    identifier: [
      // MHD: entryUUID (use usual) is the archive's id; uniqueId (use official) the source's.
      { use: 'usual', system: SYSTEMS.rfc3986, value: `urn:uuid:${s.submissionSetId}` },
      ...(s.uniqueId ? [{ use: 'official' as const, system: SYSTEMS.rfc3986, value: s.uniqueId }] : []),
    ],
    status: 'current',
    mode: 'working',
    ...(s.title ? { title: s.title } : {}),
    code: { coding: [{ system: SYSTEMS.mhdListTypes, code: 'submissionset' }] },
    subject: { reference: `Patient/${s.personFhirId}` },
    date: s.submittedAt,
    entry: s.documentVersionIds.map((id) => ({ item: { reference: `DocumentReference/${id}` } })),
  };
}
