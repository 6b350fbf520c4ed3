// V14: "why can't the client see it?" Would the citizen portal show this document to this
// viewer today, and if not, which rule hides it? The viewer is the client the document was
// stored under, or a person named by their Patient id: another client of its shared matter
// (S8), or someone who acts for the client (a guardian, a person entitled to a minor's
// information, a mandate holder: V8, V9). Answered by the very decisions the portal enforces
// (decideActingForWithRefusals, decidePortalVisibility), with the controller's archiving mode
// (L3) said too. Only a supervisor or an archivist of the owning controller may ask; the
// question is audited (D10).
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { Config } from '../config.ts';
import type { Reason, Requester } from '../domain/types.ts';
import { Forbidden, NotFound, Unprocessable } from '../domain/errors.ts';
import { decidePortalVisibility, type PortalDecision, type ViewerRelation } from '../domain/policy/portal-visibility.ts';
import { decideActingForWithRefusals } from '../domain/policy/representation.ts';
import { describeArchiving } from '../domain/controller-settings.ts';
import { finnishDay } from '../domain/finnish-day.ts';
import { getDocumentForDecision } from '../store/documents.ts';
import { portalDocumentOf, viewerRelations } from '../store/portal.ts';
import { findPersonByFhirId } from '../store/people.ts';
import { controllerSettings } from '../store/controller-settings.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import { auditDocument } from './document-access.ts';
import { EXPLAINING_ROLES } from './explain-access.ts';
import { portalSettings } from './portal-context.ts';
import type { Result } from './result.ts';

export interface ExplainPortalViewProps {
  readonly versionId: string;
  /** 'client', or the opaque Patient id of the person who would look. */
  readonly viewer: string;
  readonly requester: Requester;
  readonly config: Pick<Config, 'portalCategories' | 'portalDefaultStart'>;
  readonly now: string;
}

export interface PortalExplanation {
  /** How the viewer relates to the client, or undefined when they may not act for the client at all. */
  readonly relation: ViewerRelation['kind'] | undefined;
  readonly decision: PortalDecision;
  /** V14: every rule that applies, each marked as what hides the document, a check it passed, or a note (L3). */
  readonly checklist: readonly { readonly reason: Reason; readonly effect: 'hides' | 'passes' | 'note' }[];
}

export async function explainPortalView(connection: Connection, props: ExplainPortalViewProps): Promise<Result<PortalExplanation>> {
  const { requester, now } = props;
  const base = { eventId: randomUUID(), recordedAt: now, action: 'explain' as const, transaction: 'DocumentReference-explain', detail: 'would the portal show it?', ...auditActor(requester) };
  const found = await getDocumentForDecision(connection, props.versionId);
  // Only the owning controller may ask about its document; to anyone else it does not exist.
  if (!found || found.document.controllerOid !== requester.controllerOid) return { ok: false, error: NotFound.of(`DocumentReference/${props.versionId} is not found`) };
  const { document } = found;
  const personRef = { personKey: document.personKey, personFhirId: document.personFhirId };
  if (!(requester.professional?.roles ?? []).some((r) => EXPLAINING_ROLES.includes(r))) {
    const because = [{ rule: 'V14', detail: 'only a supervisor or an archivist of the owning controller may ask why a document is or is not shown' }];
    await appendAudit(connection, { ...base, outcome: 'denied', ...personRef, documents: [auditDocument(document)], because });
    return { ok: false, error: Forbidden.of(`V14: ${because[0]!.detail}`) };
  }
  const today = finnishDay(now);
  const clients = [document.personFhirId, ...found.members.map((m) => m.personFhirId)];
  let relation: ViewerRelation['kind'] | undefined;
  let clientKey: string = document.personKey;
  const viewerReasons: Reason[] = [];
  if (props.viewer === 'client' || clients.includes(props.viewer)) {
    relation = 'self';
    // S8: another client of the shared matter sees it as their own.
    if (props.viewer !== 'client') clientKey = found.members.find((m) => m.personFhirId === props.viewer)?.personKey ?? clientKey;
  } else {
    const viewer = await findPersonByFhirId(connection, props.viewer);
    if (!viewer) return { ok: false, error: Unprocessable.of(`viewer: no person Patient/${props.viewer}`, 'viewer', 'not-found') };
    const facts = await viewerRelations(connection, viewer.personKey);
    const acting = decideActingForWithRefusals({
      self: { personKey: viewer.personKey, birthDate: viewer.birthDate }, representations: facts.representations, mandates: facts.mandates,
      birthDates: new Map(facts.people.map((p) => [p.personKey, p.birthDate])), today, now,
    });
    const forClient = acting.acting.find((a) => a.personKey === document.personKey && a.may.view);
    if (forClient) {
      relation = forClient.basis;
      viewerReasons.push(...forClient.because);
    } else {
      const refused = acting.refused.filter((r) => r.personKey === document.personKey).flatMap((r) => r.because);
      viewerReasons.push(...(refused.length ? refused : [{ rule: 'V13', detail: 'the viewer may not act for the client in the portal: the registers name no guardianship, information right or mandate', says: { key: 'v13.noRight' } }]));
    }
  }
  const row = await portalDocumentOf(connection, props.versionId, clientKey);
  const archiving = describeArchiving((await controllerSettings(connection, document.controllerOid)).archiving);
  let decision: PortalDecision;
  let checklist: PortalExplanation['checklist'];
  const viewerEffect = relation === undefined ? 'hides' : 'passes';
  if (!row || relation === undefined) {
    decision = { show: false, restricted: false, because: [...viewerReasons, archiving] };
    checklist = [...viewerReasons.map((reason) => ({ reason, effect: viewerEffect } as const)), { reason: archiving, effect: 'note' }];
  } else {
    const d = decidePortalVisibility({ viewer: { kind: relation }, document: row, settings: await portalSettings(connection, props.config), today });
    decision = { ...d, because: [...viewerReasons, ...d.because, archiving] };
    checklist = [
      ...viewerReasons.map((reason) => ({ reason, effect: viewerEffect } as const)),
      ...d.because.map((reason) => ({ reason, effect: d.show ? 'passes' : 'hides' } as const)),
      ...(d.show ? [] : d.passed ?? []).map((reason) => ({ reason, effect: 'passes' } as const)),
      { reason: archiving, effect: 'note' },
    ];
  }
  await appendAudit(connection, {
    ...base, outcome: 'success', ...personRef, documents: [auditDocument(document)],
    because: [{ rule: 'V14', detail: `explained: ${decision.show ? 'shown' : 'not shown'} in the portal to ${relation ?? 'someone who may not act for the client'}` }, ...decision.because],
  });
  return { ok: true, value: { relation, decision, checklist } };
}
