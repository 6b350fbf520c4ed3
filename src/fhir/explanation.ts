// The $explain answer as a Parameters resource: disclosed or not, the basis, and one reason per rule.
import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import type { AccessDecision } from '../domain/policy/access-input.ts';
import type { PortalDecision } from '../domain/policy/portal-visibility.ts';
import { InvalidInput, type Problem } from '../domain/errors.ts';
import { parseLegalJustification } from './search-params.ts';

export function legalJustificationOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const problems: Problem[] = [];
  const code = parseLegalJustification(value, (p) => problems.push(p));
  if (problems.length) throw new InvalidInput(problems);
  return code;
}

export function toExplanation(decision: AccessDecision): Parameters {
  const parameter: ParametersParameter[] = [{ name: 'disclosed', valueBoolean: decision.allow }];
  if (decision.allow) {
    parameter.push({ name: 'basis', valueCode: decision.basis.kind });
    if (decision.basis.kind === 'consent') parameter.push({ name: 'consent', valueReference: { reference: `Consent/${decision.basis.consentId}` } });
  }
  for (const b of decision.because) {
    parameter.push({ name: 'reason', part: [{ name: 'rule', valueCode: b.rule }, { name: 'detail', valueString: b.detail }] });
  }
  return { resourceType: 'Parameters', parameter };
}

/** The portal's answer (V14 with viewer): shown or not, V6's restricted, the relation, one reason per rule. */
export function toPortalExplanation(explanation: { readonly relation: string | undefined; readonly decision: PortalDecision }): Parameters {
  const { decision } = explanation;
  const parameter: ParametersParameter[] = [{ name: 'shown', valueBoolean: decision.show }];
  if (!decision.show) parameter.push({ name: 'restricted', valueBoolean: decision.restricted });
  if (explanation.relation) parameter.push({ name: 'relation', valueCode: explanation.relation });
  for (const b of decision.because) parameter.push({ name: 'reason', part: [{ name: 'rule', valueCode: b.rule }, { name: 'detail', valueString: b.detail }] });
  return { resourceType: 'Parameters', parameter };
}
