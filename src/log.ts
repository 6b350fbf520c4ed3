// pino logger that protects people: identity codes and document contents never reach the log.
import pino, { type Logger } from 'pino';

// Finnish personal identity codes anywhere in a logged string, in every form a request can carry
// them: any case (080241-910p), the century sign percent-encoded once or more (%2D, %252D, %2B,
// %41), a '+' sign that form decoding turned into a space, or a JSON escape (\u002d). Deliberately
// loose: scrubbing a number that only looks like a code costs nothing, a leak costs a person.
const IDENTITY_CODE = /(?<!\d)\d{6}(?:[-+ A-FU-Ya-fu-y]|%(?:25)*[0-9A-Fa-f]{2}|\\u00[0-9A-Fa-f]{2})\d{3}[0-9A-Ya-y]/g;

export function scrubIdentityCodes(text: string): string {
  return text.replace(IDENTITY_CODE, '[identity-code]');
}

function scrubDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubIdentityCodes(value);
  if (depth === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth - 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth - 1)]));
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'kansio' },
    redact: {
      paths: ['req.headers.authorization', 'body', 'identityCode', '*.identityCode', 'content', '*.content'],
      censor: '[redacted]',
    },
    hooks: {
      logMethod(args, method) {
        // Messages and the string fields of logged objects are scrubbed as a last line of
        // defence; whole fields that carry personal data are covered by redact paths.
        const scrubbed = args.map((a) => scrubDeep(a, 3));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
