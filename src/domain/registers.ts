// The two registers that say who may act for whom (V7, V8, V9, V13; S3's legal representatives;
// S5): the population register (guardianship, the right to receive a minor's information,
// trusteeship, continuing powers of attorney) and the mandate register (Suomi.fi-style mandates
// from one adult to another). A deployment points these interfaces at the national services;
// Kansio ships table-backed implementations (src/store/population-register.ts,
// src/store/mandate-register.ts) that `kansio registers import` fills (docs/registers.md).
import type { PersonKey } from './types.ts';

/** What a population register relation makes the representative (docs/registers.md). */
export type RepresentationKind = 'guardian' | 'information-right' | 'trustee' | 'continuing-power-of-attorney';
export const REPRESENTATION_KINDS: readonly RepresentationKind[] = ['guardian', 'information-right', 'trustee', 'continuing-power-of-attorney'];

/** One relation of the population register. Days are YYYY-MM-DD, both ends inclusive. */
export interface Representation {
  /** The represented person: the child, or the adult under trusteeship or power of attorney. */
  readonly personKey: PersonKey;
  readonly representativeKey: PersonKey;
  readonly kind: RepresentationKind;
  readonly startDate: string;
  /** The last day, or null while in force until further notice. */
  readonly endDate: string | null;
}

/** 'view': documents and the log in the portal (V9, V11); 'consent': informing, consents and prohibitions (D5, D7, D8). */
export type MandateScope = 'view' | 'consent';
export const MANDATE_SCOPES: readonly MandateScope[] = ['view', 'consent'];

/** One mandate of the mandate register. Days are YYYY-MM-DD, both ends inclusive. */
export interface Mandate {
  /** The principal, who gave the mandate. */
  readonly principalKey: PersonKey;
  /** The mandate register's id, unique per principal. */
  readonly mandateId: string;
  readonly holderKey: PersonKey;
  readonly scopes: readonly MandateScope[];
  readonly validFrom: string;
  readonly validUntil: string | null;
  /** ISO instant of the revocation, or null. */
  readonly revokedAt: string | null;
}

/**
 * The population register. `Q` is what the implementation reads through: a transaction for the
 * table-backed one (src/store), anything (or nothing) for an adapter to a national service.
 */
export interface PopulationRegister<Q> {
  /** The relations in which this person is the representative: whom they represent. */
  representationsOf(q: Q, representativeKey: PersonKey): Promise<Representation[]>;
  /** The relations in which this person is the represented one: who represents them. */
  representativesOf(q: Q, personKey: PersonKey): Promise<Representation[]>;
}

/** The mandate register; `Q` as for PopulationRegister. */
export interface MandateRegister<Q> {
  /** The mandates this person holds: for whom they act. */
  mandatesHeldBy(q: Q, holderKey: PersonKey): Promise<Mandate[]>;
  /** The mandates this person has given. */
  mandatesOf(q: Q, principalKey: PersonKey): Promise<Mandate[]>;
}

/** Both registers, as a use case receives them. */
export interface Registers<Q> {
  readonly population: PopulationRegister<Q>;
  readonly mandates: MandateRegister<Q>;
}
