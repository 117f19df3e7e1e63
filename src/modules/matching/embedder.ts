/**
 * Seam for a local embedding model (e.g. a multilingual sentence encoder run in-process).
 * OFF by default: `defaultEmbedder()` returns the disabled embedder, and relevance then uses
 * the lexicon + BM25 + topics + carbon profile only. Nothing here downloads or loads a model.
 *
 * Why this shape: embedding is async and comparatively slow, while matching must stay
 * synchronous and < 50 ms for 10,000 programmes. So programme vectors are computed once per
 * catalogue (`ProgrammeVectors.build`), the company text once per run (`semanticSignal`),
 * and relevance only does a dot product per programme. Vectors are L2-normalised on the way
 * in, so cosine = dot product.
 */
import type { Programme } from './programme-types.ts';

export interface Embedder {
  /** Model identity; vectors from different ids are never mixed. */
  readonly id: string;
  readonly enabled: boolean;
  /** One vector per text, all of the same dimension. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export const disabledEmbedder: Embedder = Object.freeze({
  id: 'disabled',
  enabled: false,
  embed: async (): Promise<Float32Array[]> => {
    throw new Error('embedder is disabled');
  },
});

/** The embedder matching uses unless a caller passes one: disabled until a model is added. */
export function defaultEmbedder(): Embedder {
  return disabledEmbedder;
}

export function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const len = Math.sqrt(n);
  if (len === 0) return v;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] ?? 0) / len;
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/** The programme text that gets embedded (same fields BM25 indexes). */
export function programmeEmbeddingText(p: Programme): string {
  return `${p.title}. ${p.summary} ${p.eligibility_notes}`;
}

export class ProgrammeVectors {
  private constructor(
    readonly embedderId: string,
    private readonly vectors: Map<string, Float32Array>,
  ) {}

  static async build(embedder: Embedder, programmes: readonly Programme[], batchSize = 64): Promise<ProgrammeVectors> {
    const vectors = new Map<string, Float32Array>();
    if (!embedder.enabled) return new ProgrammeVectors(embedder.id, vectors);
    for (let i = 0; i < programmes.length; i += batchSize) {
      const batch = programmes.slice(i, i + batchSize);
      const out = await embedder.embed(batch.map(programmeEmbeddingText));
      batch.forEach((p, j) => {
        const v = out[j];
        if (v) vectors.set(p.id, normalise(v));
      });
    }
    return new ProgrammeVectors(embedder.id, vectors);
  }

  get(slug: string): Float32Array | undefined {
    return this.vectors.get(slug);
  }

  get size(): number {
    return this.vectors.size;
  }
}

/** What relevance receives: similarity of the company text to one programme, 0..1, or null. */
export interface SemanticSignal {
  embedderId: string;
  similarity(slug: string): number | null;
}

/**
 * Embeds the company's query text once. Cosine similarities of sentence encoders rarely go
 * below ~0.1 for unrelated texts, so [0.15, 0.75] is stretched to [0, 1].
 */
export async function semanticSignal(embedder: Embedder, vectors: ProgrammeVectors, queryText: string): Promise<SemanticSignal | null> {
  if (!embedder.enabled || vectors.size === 0 || queryText.trim() === '') return null;
  if (vectors.embedderId !== embedder.id) throw new Error(`programme vectors are from ${vectors.embedderId}, not ${embedder.id}`);
  const [raw] = await embedder.embed([queryText]);
  if (!raw) return null;
  const q = normalise(raw);
  return {
    embedderId: embedder.id,
    similarity(slug: string): number | null {
      const v = vectors.get(slug);
      if (!v) return null;
      return Math.min(1, Math.max(0, (dot(q, v) - 0.15) / 0.6));
    },
  };
}
