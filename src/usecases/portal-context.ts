// What every portal use case shares: who looks at whose data (V7-V9, V13), the deployment's
// display settings (V4, V10), and the audit record's "who" for the portal's own reads.
import type { Queryable } from '../store/queryable.ts';
import type { Config } from '../config.ts';
import type { AuditRecord } from '../domain/audit-record.ts';
import { decidePortalVisibility, type PortalDocument, type PortalSettings, type ViewerRelation } from '../domain/policy/portal-visibility.ts';
import { finnishDay } from '../domain/finnish-day.ts';
import { displayStartChanges, displayStarts } from '../store/portal-settings.ts';
import { allTransitionPeriods } from '../store/controller-settings.ts';

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

/**
 * How long a process keeps the controllers' display start dates (V10) before reading them again:
 * a changed date takes effect in the portal within this time. Every page needs them, and they
 * change a few times a year.
 */
export const DISPLAY_START_TTL_MS = 10_000;
interface CachedStarts {
  readonly at: number;
  readonly changes: number;
  readonly starts: Promise<[Awaited<ReturnType<typeof displayStarts>>, Awaited<ReturnType<typeof allTransitionPeriods>>]>;
}
// Per configuration object, that is per server: two archives in one process (tests) keep apart.
const cache = new WeakMap<object, CachedStarts>();


/** V4 from the configuration, V10 (start dates, transition periods) from the controllers' settings. */
export async function portalSettings(db: Queryable, config: Pick<Config, 'portalCategories' | 'portalDefaultStart'>): Promise<PortalSettings> {
  let cached = cache.get(config);
  if (!cached || Date.now() - cached.at > DISPLAY_START_TTL_MS || cached.changes !== displayStartChanges()) {
    cached = { at: Date.now(), changes: displayStartChanges(), starts: Promise.all([displayStarts(db), allTransitionPeriods(db)]) };
    cache.set(config, cached);
  }
  let starts: Awaited<ReturnType<typeof displayStarts>>;
  let transitionPeriods: Awaited<ReturnType<typeof allTransitionPeriods>>;
  try {
    [starts, transitionPeriods] = await cached.starts;
  } catch (error) {
    cache.delete(config);
    throw error;
  }
  const controllerStart: Record<string, string | null> = {};
  const serviceTaskStart: Record<string, string> = {};
  for (const s of starts) {
    if (s.serviceTask === null) controllerStart[s.controllerOid] = s.shownFrom;
    else serviceTaskStart[`${s.controllerOid}|${s.serviceTask}`] = s.shownFrom;
  }
  return { categoryShownFrom: config.portalCategories, controllerStart, defaultControllerStart: config.portalDefaultStart, serviceTaskStart, transitionPeriods };
}

/**
 * The person's documents through the visibility decision, one by one: those shown to this
 * viewer (in the given order), and how many a professional's restriction alone hides (V6).
 */
export function decideEach<D extends PortalDocument>(documents: readonly D[], viewer: PortalViewer, settings: PortalSettings, now: string): { shown: D[]; restricted: number } {
  const today = finnishDay(now);
  const shown: D[] = [];
  let restricted = 0;
  for (const document of documents) {
    const decision = decidePortalVisibility({ viewer: { kind: viewer.relation }, document, settings, today });
    if (decision.show) shown.push(document);
    else if (decision.restricted) restricted++;
  }
  return { shown, restricted };
}
