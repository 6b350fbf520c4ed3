// JSON Schemas for the structured contents of client relationship and matter documents,
// compiled once. A failure names the field, e.g. "content.producers[0].start".
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Problem } from '../domain/errors.ts';

const require = createRequire(import.meta.url);
export const clientRelationshipSchema = require('./schemas/client-relationship.schema.json') as object;
export const matterSchema = require('./schemas/matter.schema.json') as object;

export interface ClientRelationshipContent {
  readonly start: string;
  readonly end?: string | null;
  readonly organiserUnit?: string;
  readonly worker?: { readonly name: string; readonly phone?: string; readonly email?: string };
  readonly relatedPersons?: readonly { readonly identifier: string; readonly role: string }[];
  readonly producers?: readonly { readonly unit: string; readonly start: string; readonly end?: string | null }[];
}

export interface MatterContent {
  readonly title?: string;
  readonly clients: readonly { readonly identifier: string; readonly joined: string; readonly left?: string | null }[];
  readonly parties?: readonly string[];
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validators: Record<'client-relationship' | 'matter', ValidateFunction> = {
  'client-relationship': ajv.compile(clientRelationshipSchema),
  matter: ajv.compile(matterSchema),
};

function fieldOf(e: ErrorObject): string {
  const path = e.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.');
  const missing = e.keyword === 'required' ? `.${(e.params as { missingProperty: string }).missingProperty}` : '';
  const extra = e.keyword === 'additionalProperties' ? `.${(e.params as { additionalProperty: string }).additionalProperty}` : '';
  return `content${path}${missing}${extra}`;
}

export function validateContent<T>(kind: 'client-relationship' | 'matter', value: unknown, at: string): { ok: true; value: T } | { ok: false; problems: Problem[] } {
  const validate = validators[kind];
  if (validate(value)) return { ok: true, value: value as T };
  const problems = (validate.errors ?? []).slice(0, 10).map((e): Problem => ({
    code: e.keyword === 'required' ? 'required' : 'value',
    message: `${kind} content: ${fieldOf(e)} ${e.keyword === 'additionalProperties' ? 'is not a known field' : e.message ?? 'is invalid'} (schema /fhir/schema/${kind}.schema.json)`,
    expression: at,
  }));
  return { ok: false, problems };
}

/** Whether `end` lies before `start`; a bare date is a whole day, so the day itself is not before. */
function endsBeforeStart(start: string, end: string): boolean {
  if (start.length === 10 || end.length === 10) return end.slice(0, 10) < start.slice(0, 10);
  return Date.parse(end) < Date.parse(start);
}

/**
 * What the schema cannot say: every period ends no earlier than it starts (S7 windows, S8
 * membership), and a matter lists each client once (membership is one join and one leave).
 */
export function contentPeriodProblems(kind: 'client-relationship' | 'matter', content: ClientRelationshipContent & MatterContent, at: string): Problem[] {
  const problems: Problem[] = [];
  const check = (field: string, start: string, end: string | null | undefined): void => {
    if (end && endsBeforeStart(start, end)) problems.push({ code: 'value', message: `${kind} content: ${field} ends (${end}) before it starts (${start})`, expression: at });
  };
  if (kind === 'client-relationship') {
    check('content (the relationship)', content.start, content.end);
    (content.producers ?? []).forEach((p, i) => check(`content.producers[${i}]`, p.start, p.end));
    return problems;
  }
  const seen = new Set<string>();
  content.clients.forEach((c, i) => {
    check(`content.clients[${i}] (the membership)`, c.joined, c.left);
    if (seen.has(c.identifier.toUpperCase())) problems.push({ code: 'value', message: `matter content: content.clients[${i}] names a client listed already; a client has one membership (join and leave)`, expression: at });
    seen.add(c.identifier.toUpperCase());
  });
  return problems;
}
