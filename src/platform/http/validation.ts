import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => void;

const common: Options = { useDefaults: true, removeAdditional: false, allErrors: false, strict: false };

/**
 * Two validators: query strings, params and headers arrive as text and are coerced to their
 * schema types ("page=2" → 2); JSON bodies are not coerced at all. With coercion, ajv would turn
 * a JSON `null` into 0 for a number-or-null field, silently changing what the client sent.
 */
export function registerValidation(app: FastifyInstance): void {
  const text = new Ajv({ ...common, coerceTypes: 'array' });
  const json = new Ajv({ ...common, coerceTypes: false });
  addFormats(text);
  addFormats(json);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? json : text).compile(schema));
}
