/**
 * Postgres tsquery text (as `tsquery::text` prints it) → a boolean tree of AND/OR over operands,
 * so that GET /grants can combine per-operand GIN postings in process (operand-postings.ts) and
 * hand ts_rank_cd a query pruned to the operands each row contains.
 *
 * Why pruning: ts_rank_cd allocates and zeroes 32 KiB per query item for every row it ranks
 * (QueryRepresentationOperand holds MAXENTRYPOS positions), so its cost grows with the size of
 * the query, not of the document: measured on 427 rows, the 45-item expansion of "demonstration"
 * took 13.5 ms, the pruned queries 4.9 ms, a one-operand query 2.7 ms.
 * Pruning keeps the rank exact (tested against Postgres on every match of 300+ queries): a
 * subtree holding no operand of the row adds no position and is false, so dropping it changes
 * neither the row's positions nor the truth of the query at any step of the cover search. An AND
 * that is false for the row but holds some of its operands is kept (those positions widen
 * covers), with one absent operand standing for its dead branches. NOT and phrase operators
 * (`!`, `<->`) break the argument (NOT of an absent operand is true; phrases need positions), so
 * a query using them is not parsed here and takes the whole-query path.
 */

export type TsNode = { op: 'operand'; key: string } | { op: 'and' | 'or'; args: TsNode[] };

/** Operands are kept verbatim (`'lex':*AB`), which is also their key and their input form. */
type Token = { t: 'operand'; key: string } | { t: '&' | '|' | '(' | ')' };

function tokenize(text: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ') {
      i++;
    } else if (ch === '&' || ch === '|' || ch === '(' || ch === ')') {
      out.push({ t: ch });
      i++;
    } else if (ch === "'") {
      // Quoted lexeme: '' and \x escape a character; then an optional :*ABCD suffix.
      let j = i + 1;
      for (;;) {
        if (j >= text.length) return null;
        const c = text[j];
        if (c === '\\') j += 2;
        else if (c === "'" && text[j + 1] === "'") j += 2;
        else if (c === "'") break;
        else j++;
      }
      j++;
      if (text[j] === ':') {
        j++;
        while (j < text.length && /[*ABCDabcd]/.test(text[j] as string)) j++;
      }
      out.push({ t: 'operand', key: text.slice(i, j) });
      i = j;
    } else {
      // `!`, `<->`, `<N>` or anything unexpected.
      return null;
    }
  }
  return out;
}

/** Recursive descent with tsquery precedence (& binds tighter than |); n-ary nodes, flattened. */
function parseTokens(tokens: Token[]): TsNode | null {
  let k = 0;
  const peek = () => tokens[k];
  function primary(): TsNode | null {
    const tok = tokens[k++];
    if (!tok) return null;
    if (tok.t === 'operand') return { op: 'operand', key: tok.key };
    if (tok.t !== '(') return null;
    const inner = orExpr();
    return inner && tokens[k++]?.t === ')' ? inner : null;
  }
  function chain(op: 'and' | 'or', sep: '&' | '|', next: () => TsNode | null): TsNode | null {
    const first = next();
    if (!first) return null;
    const args = [first];
    while (peek()?.t === sep) {
      k++;
      const n = next();
      if (!n) return null;
      args.push(n);
    }
    if (args.length === 1) return first;
    return { op, args: args.flatMap((a) => (a.op !== 'operand' && a.op === op ? a.args : [a])) };
  }
  const andExpr = () => chain('and', '&', primary);
  const orExpr = (): TsNode | null => chain('or', '|', andExpr);
  const root = orExpr();
  return root && k === tokens.length ? root : null;
}

export interface ParsedTsQuery {
  /** null: the query has no operand at all (only stop words), it matches nothing. */
  root: TsNode | null;
  /** Distinct operand keys, in first-seen order. */
  operands: string[];
}

/** The AND/OR tree of a tsquery's text, or null when it uses NOT, phrases or is malformed. */
export function parseTsQuery(text: string): ParsedTsQuery | null {
  if (text.trim() === '') return { root: null, operands: [] };
  const tokens = tokenize(text);
  const root = tokens ? parseTokens(tokens) : null;
  if (!root) return null;
  const operands = new Set<string>();
  const walk = (n: TsNode): void => {
    if (n.op === 'operand') operands.add(n.key);
    else n.args.forEach(walk);
  };
  walk(root);
  return { root, operands: [...operands] };
}

/** Evaluates the tree over any set representation (bitsets in practice). */
export function evaluateTsQuery<S>(root: TsNode, leaf: (key: string) => S, and: (a: S, b: S) => S, or: (a: S, b: S) => S): S {
  if (root.op === 'operand') return leaf(root.key);
  const parts = root.args.map((a) => evaluateTsQuery(a, leaf, and, or));
  return parts.reduce(root.op === 'and' ? and : or);
}

/** A subtree pruned for one row: `live` when it holds an operand the row contains. */
type Pruned = { live: true; text: string } | { live: false; absentKey: string };

function prune(n: TsNode, present: (key: string) => boolean): Pruned {
  if (n.op === 'operand') return present(n.key) ? { live: true, text: n.key } : { live: false, absentKey: n.key };
  const parts = n.args.map((a) => prune(a, present));
  const live = parts.flatMap((p) => (p.live ? [p.text] : []));
  const dead = parts.find((p): p is { live: false; absentKey: string } => !p.live);
  if (live.length === 0) return { live: false, absentKey: (dead as { absentKey: string }).absentKey };
  // An AND with a dead branch is false for this row, but the operands it contains still give
  // ts_rank_cd positions (they widen covers): keep them, AND-ed with one absent operand.
  if (n.op === 'and' && dead) live.push(dead.absentKey);
  return { live: true, text: live.length === 1 ? (live[0] as string) : `( ${live.join(n.op === 'and' ? ' & ' : ' | ')} )` };
}

/**
 * The query ts_rank_cd needs for one row: subtrees holding no operand the row contains are
 * dropped (they are false and add no positions); everything else is kept, so the row's
 * positions and the truth of q at every step of the cover search are unchanged. Null when the
 * row contains none of q's operands.
 */
export function prunedTsQuery(root: TsNode, present: (key: string) => boolean): string | null {
  const p = prune(root, present);
  return p.live ? p.text : null;
}
