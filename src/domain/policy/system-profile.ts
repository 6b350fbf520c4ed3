// L5: a client data system may only do what its profile allows.
//   connecting: store and search; storing: store only; reading: search only;
//   service: stores (and maintains) the controller's own data, no end-user interface.
import type { Decision, SystemProfile } from '../types.ts';

//   The consent service follows the same split: systems that store record consents (D7, D8),
//   systems that search read them; a service system has no professional to record one, but
//   it may import earlier records (L4: emptying a system that is being replaced), which keep
//   their stated time.
export type ArchiveAction = 'store' | 'search' | 'read' | 'invalidate' | 'record-consent' | 'read-consent' | 'import-consent';

const ALLOWED: Readonly<Record<SystemProfile, readonly ArchiveAction[]>> = {
  connecting: ['store', 'search', 'read', 'invalidate', 'record-consent', 'read-consent'],
  storing: ['store', 'invalidate', 'record-consent'],
  reading: ['search', 'read', 'read-consent'],
  service: ['store', 'invalidate', 'import-consent'],
};

export function decideProfileAllows(profile: SystemProfile, action: ArchiveAction): Decision {
  const allow = ALLOWED[profile].includes(action);
  return {
    allow,
    because: [{
      rule: 'L5',
      detail: allow
        ? `a ${profile} system may ${action}`
        : `a ${profile} system may not ${action}; its profile allows only ${ALLOWED[profile].join(', ')}`,
    }],
  };
}

/** The SMART scopes a system of this profile may be granted. */
export function scopesForProfile(profile: SystemProfile): readonly string[] {
  const actions = ALLOWED[profile];
  const scopes: string[] = [];
  const writes = actions.includes('store');
  const reads = actions.includes('search');
  if (writes) scopes.push('system/DocumentReference.cu', 'system/Binary.c', 'system/List.c');
  // Reading: the clients the system may see (Patient.r); a system that stores as well reads back
  // its own SubmissionSets (List.r).
  if (reads) scopes.push('system/DocumentReference.rs', 'system/Binary.r', 'system/AuditEvent.rs', 'system/Patient.r');
  if (reads && writes) scopes.push('system/List.r');
  if (actions.includes('record-consent')) scopes.push('system/Consent.cu');
  else if (actions.includes('import-consent')) scopes.push('system/Consent.c');
  if (actions.includes('read-consent')) scopes.push('system/Consent.rs');
  return scopes;
}

/** Professionals must be bound to the token (D9), except for service systems, which have no users. */
export function profileNeedsProfessional(profile: SystemProfile): boolean {
  return profile !== 'service';
}
