// Typed errors thrown by the domain and the use cases. One handler (src/fhir/operation-outcome.ts)
// maps them to an OperationOutcome with the right HTTP status; nothing else chooses a status.

/** FHIR issue type codes (http://hl7.org/fhir/issue-type) used by Kansio. */
export type IssueCode =
  | 'invalid' | 'structure' | 'required' | 'value' | 'code-invalid' | 'not-supported' | 'not-found'
  | 'deleted' | 'forbidden' | 'security' | 'login' | 'conflict' | 'duplicate' | 'too-long' | 'processing' | 'exception'
  | 'business-rule' | 'throttled' | 'timeout';

export interface Problem {
  readonly code: IssueCode;
  readonly message: string;
  /** FHIRPath-like location of the problem in the request, e.g. Bundle.entry[1].resource.subject. */
  readonly expression?: string;
}

/** One problem, as the single-problem factories below build it. */
function one(code: IssueCode, message: string, expression?: string): Problem[] {
  return [{ code, message, ...(expression ? { expression } : {}) }];
}

export abstract class KansioError extends Error {
  abstract readonly status: number;
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(problems.map((p) => (p.expression ? `${p.expression}: ${p.message}` : p.message)).join('; '));
    this.problems = problems;
  }
}

export class InvalidInput extends KansioError {
  readonly status = 400;
  static of(message: string, expression?: string, code: IssueCode = 'invalid'): InvalidInput {
    return new InvalidInput(one(code, message, expression));
  }
}

/** Well-formed but breaks a rule of the archive (unknown client, no relationship...). */
export class Unprocessable extends KansioError {
  readonly status = 422;
  static of(message: string, expression?: string, code: IssueCode = 'business-rule'): Unprocessable {
    return new Unprocessable(one(code, message, expression));
  }
}

export class Unauthenticated extends KansioError {
  readonly status = 401;
  static of(message: string): Unauthenticated {
    return new Unauthenticated(one('login', message));
  }
}

export class Forbidden extends KansioError {
  readonly status = 403;
  static of(message: string, expression?: string): Forbidden {
    return new Forbidden(one('forbidden', message, expression));
  }
}

export class NotFound extends KansioError {
  readonly status = 404;
  static of(message: string): NotFound {
    return new NotFound(one('not-found', message));
  }
}

export class Gone extends KansioError {
  readonly status = 410;
  static of(message: string): Gone {
    return new Gone(one('deleted', message));
  }
}

export class Conflict extends KansioError {
  readonly status = 409;
  static of(message: string, expression?: string): Conflict {
    return new Conflict(one('conflict', message, expression));
  }
}

export class NotSupported extends KansioError {
  readonly status = 400;
  static of(message: string, expression?: string): NotSupported {
    return new NotSupported(one('not-supported', message, expression));
  }
}

/** The request body's media type or charset is not one the server reads (FHIR: 415). */
export class UnsupportedMediaType extends KansioError {
  readonly status = 415;
  static of(message: string, expression?: string): UnsupportedMediaType {
    return new UnsupportedMediaType(one('not-supported', message, expression));
  }
}

/** The response format asked for (Accept, _format) is not one the server writes (FHIR: 406). */
export class NotAcceptable extends KansioError {
  readonly status = 406;
  static of(message: string, expression?: string): NotAcceptable {
    return new NotAcceptable(one('not-supported', message, expression));
  }
}

/** A request that exceeds a size limit: 413 body, 414 URL; the message names the limit. */
export class TooLarge extends KansioError {
  readonly status: 413 | 414;
  constructor(status: 413 | 414, message: string) {
    super(one('too-long', message));
    this.status = status;
  }
}

/** A conditional update whose If-Match names a version that is no longer current. */
export class PreconditionFailed extends KansioError {
  readonly status = 412;
  static of(message: string): PreconditionFailed {
    return new PreconditionFailed(one('conflict', message));
  }
}

/** An update that must name the version it changes (If-Match) and did not. */
export class PreconditionRequired extends KansioError {
  readonly status = 428;
  static of(message: string): PreconditionRequired {
    return new PreconditionRequired(one('required', message));
  }
}
