import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Machine codes and the status each one always maps to. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_error: 422,
  rate_limited: 429,
  internal_error: 500,
  not_implemented: 501,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** An error the application means to show the client; anything else becomes a generic 500. */
export class AppError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(
    readonly code: ErrorCode,
    message: string,
    opts: { headers?: Record<string, string>; issues?: ValidationIssue[] } = {},
  ) {
    // No stack: an AppError is an answer, never logged with a trace, and capturing one cost a
    // 429 more than the success it refuses (~16 % of a refused request's CPU).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
    this.headers = opts.headers ?? {};
    this.issues = opts.issues ?? null;
  }
  readonly issues: ValidationIssue[] | null;
}

export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found`);

/** A 422 for a rule the schema cannot express (cross-field checks, lookups). */
export function validationError(issues: ValidationIssue[]): AppError {
  return new AppError('validation_error', issues.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; '), { issues });
}

interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function toIssues(context: string | undefined, errors: AjvLikeError[]): ValidationIssue[] {
  const where = context === 'querystring' ? 'query' : (context ?? 'body');
  return errors.map((e) => {
    const loc: (string | number)[] = [where];
    for (const part of (e.instancePath ?? '').split('/').slice(1)) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      loc.push(/^\d+$/.test(key) ? Number(key) : key);
    }
    const missing = e.params?.missingProperty;
    if (e.keyword === 'required' && typeof missing === 'string') loc.push(missing);
    const extra = e.params?.additionalProperty;
    if (e.keyword === 'additionalProperties' && typeof extra === 'string') loc.push(extra);
    return { loc, msg: e.message ?? 'invalid value', type: e.keyword ?? 'invalid' };
  });
}

function send(reply: FastifyReply, request: FastifyRequest, status: number, code: string, detail: unknown): void {
  void reply.status(status).type('application/json; charset=utf-8').send({ detail, code, request_id: request.id });
}

/** Maps Fastify's own client-error codes onto the envelope. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
};

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      for (const [k, v] of Object.entries(error.headers)) void reply.header(k, v);
      send(reply, request, error.status, error.code, error.issues ?? error.message);
      return;
    }
    const fe = error as FastifyError & { validationContext?: string };
    if (fe.validation) {
      send(reply, request, 422, 'validation_error', toIssues(fe.validationContext, fe.validation as AjvLikeError[]));
      return;
    }
    const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
    if (mapped) {
      const detail = mapped === 'invalid_json' ? 'Malformed JSON body' : mapped === 'payload_too_large' ? 'Request body too large' : fe.message;
      send(reply, request, ERROR_STATUS[mapped], mapped, detail);
      return;
    }
    // JSON.parse failures from custom parsers and other errors Fastify tags as client errors.
    if (error instanceof SyntaxError || (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)) {
      const status = typeof fe.statusCode === 'number' ? fe.statusCode : 400;
      send(reply, request, status, status === 400 ? 'bad_request' : 'client_error', error instanceof SyntaxError ? 'Malformed request body' : fe.message);
      return;
    }
    request.log.error({ err: error }, 'unhandled error');
    send(reply, request, 500, 'internal_error', 'Internal server error');
  });

  app.setNotFoundHandler((request, reply) => {
    send(reply, request, 404, 'not_found', `Route ${request.method} ${request.url.split('?')[0]} not found`);
  });
}
