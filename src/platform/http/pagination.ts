import { Type, type Static, type TSchema } from 'typebox';

export const PageQuery = Type.Object({
  page: Type.Integer({ minimum: 1, default: 1, description: '1-based page number' }),
  page_size: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page (max 100)' }),
});
export type PageQuery = Static<typeof PageQuery>;

/** The paginated envelope every list route answers with. */
export function Paged<T extends TSchema>(item: T, opts: { title?: string } = {}) {
  return Type.Object(
    {
      items: Type.Array(item),
      total: Type.Integer({ minimum: 0 }),
      page: Type.Integer({ minimum: 1 }),
      page_size: Type.Integer({ minimum: 1 }),
      pages: Type.Integer({ minimum: 0 }),
    },
    opts.title ? { title: opts.title } : {},
  );
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
}

export function pageOf<T>(items: T[], total: number, query: PageQuery): Page<T> {
  return { items, total, page: query.page, page_size: query.page_size, pages: Math.ceil(total / query.page_size) };
}

export function pageOffset(query: PageQuery): number {
  return (query.page - 1) * query.page_size;
}
