// What every portal use case shares: who looks at whose data (V7-V9, V13), the deployment's
// display settings (V4, V10), and the audit record's "who" for the portal's own reads.
import type { Queryable } from '../store/queryable.ts';
import type { Config } from '../config.ts';
import type { AuditRecord } from '../domain/audit-record.ts';
import type { PortalSettings, ViewerRelation } from '../domain/policy/portal-visibility.ts';
import { displayStarts } from '../store/portal-settings.ts';

/** The person using the portal, and whose data they are looking at, on what basis. */
export interface PortalViewer {
  /** The logged-in person. */
  readonly citizenKey: string;
  /** The person whose data is shown: the citizen, or one they act for today. */
  readonly personKey: string;
  readonly relation: ViewerRelation['kind'];
}

/** The audit trail's name for the portal: not a client data system, not a controller. */
export const PORTAL_SYSTEM = { id: 'kansio-portal', name: 'Kansio citizen portal' } as const;
export const PORTAL_ORGANISATION = 'kansio-portal';

export function portalAuditActor(viewer: PortalViewer): Pick<AuditRecord, 'system' | 'organisationOid' | 'personKey' | 'portal'> {
  return { system: PORTAL_SYSTEM, organisationOid: PORTAL_ORGANISATION, personKey: viewer.personKey, portal: { viewerPersonKey: viewer.citizenKey, relation: viewer.relation } };
}

/** V4 from the configuration, V10 from the controllers' settings. */
export async function portalSettings(db: Queryable, config: Pick<Config, 'portalCategories' | 'portalDefaultStart'>): Promise<PortalSettings> {
  const controllerStart: Record<string, string | null> = {};
  const serviceTaskStart: Record<string, string> = {};
  for (const s of await displayStarts(db)) {
    if (s.serviceTask === null) controllerStart[s.controllerOid] = s.shownFrom;
    else serviceTaskStart[`${s.controllerOid}|${s.serviceTask}`] = s.shownFrom;
  }
  return { categoryShownFrom: config.portalCategories, controllerStart, defaultControllerStart: config.portalDefaultStart, serviceTaskStart };
}
