import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../src/platform/http/errors.ts';
import { PageQuery, Paged, pageOf } from '../../src/platform/http/pagination.ts';

const Item = Type.Object({ n: Type.Integer() });

/** Routes that exercise the HTTP conventions without depending on any feature module. */
export const probeRoutes: FastifyPluginAsync = async (app) => {
  app.post(
    '/probe',
    {
      schema: {
        body: Type.Object({ name: Type.String({ minLength: 1 }), count: Type.Integer({ minimum: 0 }) }),
        response: { 200: Type.Object({ name: Type.String(), count: Type.Integer() }) },
      },
    },
    async (req) => {
      const body = req.body as { name: string; count: number };
      // The response schema must strip this field: undeclared data never leaks.
      return { ...body, secret: 'must-not-appear' };
    },
  );
  app.get('/probe/paged', { schema: { querystring: PageQuery, response: { 200: Paged(Item) } } }, async (req) => {
    const q = req.query as { page: number; page_size: number };
    const all = Array.from({ length: 45 }, (_, i) => ({ n: i }));
    const start = (q.page - 1) * q.page_size;
    return pageOf(all.slice(start, start + q.page_size), all.length, q);
  });
  app.get('/probe/boom', async () => {
    throw new Error('internal detail that must stay in the logs');
  });
  app.get('/probe/conflict', async () => {
    throw new AppError('conflict', 'Already exists');
  });
};
