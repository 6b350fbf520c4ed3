// The JSON types of every element the ITI-65 reader looks at, checked before it looks. The
// named checks in document-reference-in.ts and bundle.ts then judge values, knowing that a
// string is a string: a hostile array where a code belongs is a 400, not a crash.
import { Ajv, type ErrorObject } from 'ajv';
import type { Problem } from '../domain/errors.ts';

const str = { type: 'string', maxLength: 100_000_000 } as const;
const coding = { type: 'object', properties: { system: str, code: str, display: str } } as const;
const codeable = { type: 'object', properties: { coding: { type: 'array', items: coding }, text: str } } as const;
const identifier = { type: 'object', properties: { system: str, value: str, use: str } } as const;
const reference = { type: 'object', properties: { reference: str, identifier, display: str } } as const;
const extension = {
  type: 'object',
  required: ['url'],
  properties: { url: str, valueCode: str, valueDate: str, valueBoolean: { type: 'boolean' }, valueString: str, valueIdentifier: identifier },
} as const;

const documentReference = {
  type: 'object',
  properties: {
    status: str,
    description: str,
    date: str,
    masterIdentifier: identifier,
    identifier: { type: 'array', items: identifier },
    type: codeable,
    category: { type: 'array', items: codeable },
    subject: reference,
    author: { type: 'array', items: reference },
    custodian: reference,
    extension: { type: 'array', items: extension },
    relatesTo: { type: 'array', items: { type: 'object', properties: { code: str, target: reference } } },
    securityLabel: { type: 'array', items: codeable },
    content: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          attachment: {
            type: 'object',
            properties: { contentType: str, language: str, data: str, url: str, size: { type: 'integer', minimum: 0 }, hash: str, title: str, creation: str },
          },
          format: coding,
        },
      },
    },
    context: {
      type: 'object',
      properties: {
        period: { type: 'object', properties: { start: str, end: str } },
        practiceSetting: codeable,
        related: { type: 'array', items: reference },
      },
    },
  },
} as const;

const submissionSet = {
  type: 'object',
  properties: {
    code: codeable,
    status: str,
    mode: str,
    title: str,
    date: str,
    subject: reference,
    identifier: { type: 'array', items: identifier },
    extension: { type: 'array', items: extension },
    entry: { type: 'array', items: { type: 'object', properties: { item: reference } } },
  },
} as const;

const bundleSchema = {
  type: 'object',
  required: ['resourceType'],
  properties: {
    resourceType: str,
    type: str,
    entry: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          fullUrl: str,
          request: { type: 'object', properties: { method: str, url: str } },
          resource: {
            type: 'object',
            required: ['resourceType'],
            properties: { resourceType: str },
            allOf: [
              { if: { properties: { resourceType: { const: 'DocumentReference' } } }, then: documentReference },
              { if: { properties: { resourceType: { const: 'List' } } }, then: submissionSet },
              { if: { properties: { resourceType: { const: 'Binary' } } }, then: { properties: { contentType: str, data: str } } },
            ],
          },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: false }).compile(bundleSchema);

function expressionOf(e: ErrorObject): string {
  return 'Bundle' + e.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.');
}

/** Problems with the JSON types of the elements Kansio reads; empty when the shape is right. */
export function bundleShapeProblems(body: unknown): Problem[] {
  if (validate(body)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'if') continue;
    const expression = expressionOf(e);
    if (seen.has(expression)) continue;
    seen.add(expression);
    problems.push({ code: 'structure', message: `${expression.split('.').pop()} ${e.message ?? 'has the wrong type'}`, expression });
    if (problems.length === 20) break;
  }
  return problems;
}
