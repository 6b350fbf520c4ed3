// The $explain answer as a Parameters resource: disclosed or not, the basis, and one reason per rule.
import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import type { AccessDecision } from '../domain/policy/access-input.ts';
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
