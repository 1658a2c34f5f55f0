/**
 * The Universal Feed Parser's `Expect:` lines are Python expressions. This evaluates the subset
 * they use (literals, subscripts, attributes, len/ord, ==/!=/in, not/and/or) over a view of what
 * the hub made of the feed. Values that follow the hub's conventions rather than feedparser's
 * (plain-text titles, sanitized HTML, canonical links, ISO dates) compare through `Comparable`.
 */

/** A value of ours that knows how to compare itself with feedparser's expected value. */
export interface Comparable {
  equals(expected: unknown): boolean;
}

/** Thrown when an expression reads a field that has no counterpart in the item shape. */
export class OutOfScope extends Error {}

type Token = { t: 'str' | 'num' | 'name' | 'op'; v: string | number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const str = /^([ubrUBR]{0,2})(['"])/.exec(src.slice(i));
    if (str && (str[1] === '' || /^[ubr]+$/i.test(str[1]))) {
      const raw = /r/i.test(str[1]);
      // Python's triple-quoted strings may hold the other quote unescaped
      const q = src.startsWith(str[2].repeat(3), i + str[1].length) ? str[2].repeat(3) : str[2];
      i += str[1].length + q.length;
      let v = '';
      while (i < src.length && !src.startsWith(q, i)) {
        if (src[i] === '\\' && !raw) {
          const n = src[i + 1];
          const hex = (len: number) => {
            const h = src.slice(i + 2, i + 2 + len);
            i += 2 + len;
            return String.fromCodePoint(parseInt(h, 16));
          };
          if (n === 'x') v += hex(2);
          else if (n === 'u') v += hex(4);
          else if (n === 'U') v += hex(8);
          else {
            v += ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[n] ?? n;
            i += 2;
          }
        } else v += src[i++];
      }
      i += q.length;
      out.push({ t: 'str', v });
      continue;
    }
    const num = /^\d+/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_]\w*/.exec(src.slice(i));
    if (name) {
      out.push({ t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = /^(==|!=|<=|>=|[()[\]{},:.<>-])/.exec(src.slice(i));
    if (!op) throw new Error(`cannot read "${src.slice(i, i + 10)}"`);
    out.push({ t: 'op', v: op[0] });
    i += op[0].length;
  }
  return out;
}

export function evaluate(src: string, env: Record<string, unknown>): unknown {
  const tokens = tokenize(src);
  let p = 0;
  const peek = (v: string) => tokens[p] && tokens[p].v === v && tokens[p].t !== 'str';
  const take = (v: string) => {
    if (!peek(v)) throw new Error(`expected ${v} at token ${p}`);
    p++;
  };

  const orExpr = (): unknown => {
    let v = andExpr();
    while (peek('or')) {
      p++;
      const r = andExpr();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const andExpr = (): unknown => {
    let v = notExpr();
    while (peek('and')) {
      p++;
      const r = notExpr();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const notExpr = (): unknown => {
    if (peek('not')) {
      p++;
      return !truthy(notExpr());
    }
    return comparison();
  };
  const comparison = (): unknown => {
    let left = postfix();
    let result: unknown = left;
    let chained = false;
    for (;;) {
      let op: string | undefined;
      if (peek('==') || peek('!=') || peek('in')) op = String(tokens[p++].v);
      else if (peek('not') && tokens[p + 1]?.v === 'in') {
        p += 2;
        op = 'not in';
      }
      if (!op) return result;
      const right = postfix();
      const ok = op === '==' ? equal(left, right) : op === '!=' ? !equal(left, right) : op === 'in' ? contains(right, left) : !contains(right, left);
      result = chained ? truthy(result) && ok : ok;
      chained = true;
      left = right;
    }
  };
  const postfix = (): unknown => {
    let v = primary();
    for (;;) {
      if (peek('[')) {
        p++;
        const k = orExpr();
        take(']');
        v = index(v, k);
      } else if (peek('.')) {
        p++;
        v = index(v, tokens[p++].v);
      } else if (peek('(')) {
        p++;
        const args: unknown[] = [];
        while (!peek(')')) {
          args.push(orExpr());
          if (peek(',')) p++;
        }
        p++;
        v = (v as (...a: unknown[]) => unknown)(...args);
      } else return v;
    }
  };
  const primary = (): unknown => {
    const tok = tokens[p++];
    if (!tok) throw new Error('unexpected end');
    if (tok.t === 'str') {
      let s = tok.v as string;
      while (tokens[p]?.t === 'str') s += tokens[p++].v;
      return s;
    }
    if (tok.t === 'num') return tok.v;
    if (tok.v === '-') return -(primary() as number);
    if (tok.t === 'name') {
      if (tok.v === 'None') return null;
      if (tok.v === 'True') return true;
      if (tok.v === 'False') return false;
      if (!(String(tok.v) in env)) throw new OutOfScope(`name ${tok.v}`);
      return env[tok.v as string];
    }
    if (tok.v === '(' || tok.v === '[') {
      const close = tok.v === '(' ? ')' : ']';
      const items: unknown[] = [];
      let tuple = tok.v === '[';
      while (!peek(close)) {
        items.push(orExpr());
        if (peek(',')) {
          p++;
          tuple = true;
        }
      }
      p++;
      return tuple ? items : items[0];
    }
    if (tok.v === '{') {
      const obj: Record<string, unknown> = {};
      while (!peek('}')) {
        const k = String(orExpr());
        take(':');
        obj[k] = orExpr();
        if (peek(',')) p++;
      }
      p++;
      return obj;
    }
    throw new Error(`unexpected ${tok.v}`);
  };
  const value = orExpr();
  if (p !== tokens.length) throw new Error(`trailing tokens at ${p}`);
  return value;
}

/** An item the hub rejected: reading a field it would have had fails the case, any other field is out of scope. */
export class Rejected {
  constructor(
    readonly reasons: string[],
    readonly fields: Set<string>,
  ) {}
}

function index(v: unknown, key: unknown): unknown {
  if (v instanceof Rejected) {
    if (!v.fields.has(String(key))) throw new OutOfScope(`field ${String(key)}`);
    throw new TypeError(`the item was rejected: ${v.reasons.join('; ')}`);
  }
  if (v === null || v === undefined) throw new TypeError(`cannot read ${String(key)} of nothing`);
  if (Array.isArray(v)) {
    const i = Number(key) < 0 ? v.length + Number(key) : Number(key);
    if (i >= v.length) throw new RangeError(`index ${String(key)} out of range`);
    return v[i];
  }
  if (typeof v === 'object' && !isComparable(v)) {
    if (!(String(key) in (v as object))) throw new OutOfScope(`field ${String(key)}`);
    return (v as Record<string, unknown>)[String(key)];
  }
  throw new TypeError(`cannot index ${typeof v}`);
}

const isComparable = (v: unknown): v is Comparable => typeof v === 'object' && v !== null && typeof (v as Comparable).equals === 'function';

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isComparable(v)) return true;
  return Boolean(v);
}

export function equal(a: unknown, b: unknown): boolean {
  if (isComparable(a)) return a.equals(b);
  if (isComparable(b)) return b.equals(a);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

function contains(container: unknown, x: unknown): boolean {
  if (typeof container === 'string') return typeof x === 'string' && container.includes(x);
  if (Array.isArray(container)) return container.some((c) => equal(c, x));
  if (container && typeof container === 'object') return String(x) in container;
  return false;
}
