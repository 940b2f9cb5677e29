// JSON exactly as the MLflow Python client reads and writes it (`json.loads` / `json.dumps(…,
// ensure_ascii=False)`), so span data survives a round trip through Runboard byte for byte.
//
// Why not JSON.parse/JSON.stringify: Python tells ints from floats (`1` vs `1.0`), keeps object
// keys in insertion order even when they look like integers, accepts and writes NaN/Infinity,
// prints floats with repr() (`1e-05`, `1e+16`, `100.0`) and separates with ", " and ": ". The
// traces.json the client uploads and the attribute strings inside it are written that way; the
// OTel AnyValue rendering (GetTrace) needs the int/float distinction back.
//
// Values: null, boolean, string, bigint (Python int), number (Python float), PyValue[] (list),
// PyObject (dict, ordered). Pure module, no I/O.

export type PyValue = null | boolean | string | bigint | number | PyValue[] | PyObject;
export type PyObject = Map<string, PyValue>;

export class PyJsonError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at position ${position}`);
    this.name = "PyJsonError";
  }
}

// ───────────────────────────── dumps ─────────────────────────────

const ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A string literal as json.dumps(s, ensure_ascii=False) writes it. */
export function pyString(s: string): string {
  return '"' + s.replace(/[\u0000-\u001f"\\]/g, (c) => ESCAPES[c] ?? "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")) + '"';
}

/** repr(float): shortest round-trip digits; scientific below 1e-4 and from 1e16; always a '.' or 'e'. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(x.toExponential());
  if (!m) return String(x);
  const [, sign, lead, rest = "", expText] = m;
  const digits = lead + rest;
  const e = Number(expText);
  if (e < -4 || e >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  const intPart = digits.length <= e + 1 ? digits + "0".repeat(e + 1 - digits.length) : digits.slice(0, e + 1);
  const frac = digits.length > e + 1 ? digits.slice(e + 1) : "0";
  return `${sign}${intPart}.${frac}`;
}

/** json.dumps(value, ensure_ascii=False) with the default separators. */
export function pyDumps(v: PyValue): string {
  if (v === null) return "null";
  if (v === true) return "true";
  if (v === false) return "false";
  if (typeof v === "string") return pyString(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return pyFloat(v);
  if (Array.isArray(v)) return "[" + v.map(pyDumps).join(", ") + "]";
  const parts: string[] = [];
  for (const [k, x] of v) parts.push(pyString(k) + ": " + pyDumps(x));
  return "{" + parts.join(", ") + "}";
}

// ───────────────────────────── loads ─────────────────────────────

const WS = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;

class Reader {
  pos = 0;
  constructor(readonly s: string) {}
  ws() {
    while (this.pos < this.s.length && WS.has(this.s[this.pos])) this.pos++;
  }
  fail(what: string): never {
    throw new PyJsonError(what, this.pos);
  }
  lit(word: string): boolean {
    if (this.s.startsWith(word, this.pos)) {
      this.pos += word.length;
      return true;
    }
    return false;
  }
  value(depth: number): PyValue {
    if (depth > 1000) this.fail("nesting too deep");
    this.ws();
    const c = this.s[this.pos];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    if (this.lit("null")) return null;
    if (this.lit("true")) return true;
    if (this.lit("false")) return false;
    if (this.lit("NaN")) return NaN;
    if (this.lit("Infinity")) return Infinity;
    if (this.lit("-Infinity")) return -Infinity;
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.s);
    if (m) {
      this.pos += m[0].length;
      return m[1] === undefined && m[2] === undefined ? BigInt(m[0]) : Number(m[0]);
    }
    return this.fail(c === undefined ? "unexpected end of JSON" : `unexpected character ${JSON.stringify(c)}`);
  }
  object(depth: number): PyObject {
    const out: PyObject = new Map();
    this.pos++;
    this.ws();
    if (this.s[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') this.fail("expected a property name");
      const k = this.string();
      this.ws();
      if (this.s[this.pos] !== ":") this.fail("expected ':'");
      this.pos++;
      out.set(k, this.value(depth + 1));
      this.ws();
      const c = this.s[this.pos++];
      if (c === "}") return out;
      if (c !== ",") this.fail("expected ',' or '}'");
    }
  }
  array(depth: number): PyValue[] {
    const out: PyValue[] = [];
    this.pos++;
    this.ws();
    if (this.s[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.pos++];
      if (c === "]") return out;
      if (c !== ",") this.fail("expected ',' or ']'");
    }
  }
  string(): string {
    const s = this.s;
    let i = ++this.pos;
    let out = "";
    for (;;) {
      const start = i;
      while (i < s.length && s[i] !== '"' && s[i] !== "\\" && s.charCodeAt(i) >= 0x20) i++;
      out += s.slice(start, i);
      if (i >= s.length) {
        this.pos = i;
        this.fail("unterminated string");
      }
      const c = s[i];
      if (c === '"') {
        this.pos = i + 1;
        return out;
      }
      if (c !== "\\") {
        this.pos = i;
        this.fail("control character in string");
      }
      const e = s[i + 1];
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (e in simple) {
        out += simple[e];
        i += 2;
      } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        this.pos = i;
        this.fail("invalid escape");
      }
    }
  }
}

/** json.loads(text): ints as bigint, floats as number, dicts as ordered Maps. Throws PyJsonError. */
export function pyLoads(text: string): PyValue {
  const r = new Reader(text);
  const v = r.value(0);
  r.ws();
  if (r.pos !== text.length) r.fail("extra data");
  return v;
}

/** pyLoads, or undefined when the text is not JSON. */
export function tryPyLoads(text: string): PyValue | undefined {
  try {
    return pyLoads(text);
  } catch (e) {
    if (e instanceof PyJsonError) return undefined;
    throw e;
  }
}

/** A plain JS value (JSON.parse-like; ints become numbers, dicts objects) for display code. */
export function toPlain(v: PyValue): unknown {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[k] = toPlain(x);
    return o;
  }
  return v;
}

/** A PyObject from plain entries (insertion order kept). */
export const pyObject = (entries: Iterable<[string, PyValue]>): PyObject => new Map(entries);
