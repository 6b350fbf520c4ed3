// pino logger that protects people: identity codes and document contents never reach the log.
import pino, { type Logger } from 'pino';

// Finnish personal identity codes anywhere in a logged string (URLs, messages).
const IDENTITY_CODE = /\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b/g;

export function scrubIdentityCodes(text: string): string {
  return text.replace(IDENTITY_CODE, '[identity-code]');
}

/** The request URL as it may be logged: the query string, which may name a client, is dropped. */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  return scrubIdentityCodes(q === -1 ? url : url.slice(0, q) + '?[query]');
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
        // Messages are scrubbed as a last line of defence; fields are covered by redact paths.
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubIdentityCodes(a) : a));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
