import { Type } from 'typebox';

/** The error envelope as documented in OpenAPI; every route lists it for its error statuses. */
export const ErrorEnvelope = Type.Object(
  {
    detail: Type.Union([
      Type.String(),
      Type.Array(
        Type.Object({
          loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
          msg: Type.String(),
          type: Type.String(),
        }),
      ),
    ]),
    code: Type.String({ examples: ['not_found'] }),
    request_id: Type.String(),
  },
  { $id: 'ErrorEnvelope', title: 'Error', examples: [{ detail: 'Company not found', code: 'not_found', request_id: 'b1c2…' }] },
);

const ref = Type.Unsafe<unknown>({ $ref: 'ErrorEnvelope#' });

/** Error responses to declare on a route, by status. */
export function errorResponses(...statuses: number[]): Record<number, typeof ref> {
  const out: Record<number, typeof ref> = {};
  for (const s of statuses) out[s] = ref;
  return out;
}
