// The world the workload tests run in: welfare areas A and B, private provider C whose unit C1
// produces services for A, and one connecting system with a professional for each (C's works in
// C1). Each test then adds its clients, documents and consent records at random.
import type { Actor, TestArchive } from './archive.ts';

export interface WorkloadProfessional {
  readonly actor: Actor;
  readonly controllerOid: string;
  /** Where the professional works: the controller itself, or C's unit C1. */
  readonly organisationOid: string;
  readonly token: string;
}

export interface WorkloadWorld {
  /** A's, B's and C's professionals, in that order. */
  readonly pros: readonly WorkloadProfessional[];
  readonly areaA: string;
  readonly unitC1: string;
}

export async function workloadWorld(archive: TestArchive): Promise<WorkloadWorld> {
  const areaA = await archive.controller('Area A');
  const areaB = await archive.controller('Area B');
  const providerC = await archive.controller('Provider C', 'private-provider');
  const unitC1 = await archive.unit(providerC, 'C unit 1');
  const pros: WorkloadProfessional[] = [];
  for (const [controllerOid, organisationOid] of [[areaA, areaA], [areaB, areaB], [providerC, unitC1]] as const) {
    const actor = await archive.actor(controllerOid, 'connecting', controllerOid === organisationOid ? {} : { professionalOrg: organisationOid });
    pros.push({ actor, controllerOid, organisationOid, token: await actor.token() });
  }
  return { pros, areaA, unitC1 };
}
