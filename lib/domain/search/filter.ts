// MLflow's search filter grammar (docs/mlflow-compatibility.md#search-filters, #logged-models, #registry-search): a hand-written scanner and parser
// that turns `metrics.acc > 0.9 AND params.model = 'cnn'` into typed clauses, with the position
// of every error so the UI can underline it. Pure: no database, no "server-only", so the REST
// API, the UI search box and unit tests all share it.
//
// Grammar (one per searchable entity, see the *_GRAMMAR constants):
//   filter     := clause ( AND clause )*            AND is case-insensitive; no OR, no grouping
//   clause     := identifier comparator value
//   identifier := [ prefix "." ] key                 no prefix → attribute
//   prefix     := word | `word`                      metric(s), param(s)/parameter(s), tag(s), …
//   key        := word | `any` | "any"               unquoted keys may contain . - / :
//   comparator := = | != | < | <= | > | >= | LIKE | ILIKE | RLIKE | IN | NOT IN   (keywords any case)
//                | IS NULL | IS NOT NULL                      (no value follows; trace search)
//   value      := 'string' | "string" | number | ( 'a', "b", … )
// Inside a quoted string the quote itself is written twice ('it''s') or backslash-escaped.
import { DomainError } from "@/lib/errors";

export type Comparator = "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE" | "ILIKE" | "RLIKE" | "IN" | "NOT IN" | "IS NULL" | "IS NOT NULL";
/** Entity prefixes; runs use the first five, trace search (lib/domain/traces) the rest too. */
export type EntityType = "metric" | "param" | "tag" | "attribute" | "dataset" | "metadata" | "span" | "feedback" | "expectation" | "issue";

export interface Clause {
  type: EntityType;
  /** Canonical key: attribute aliases are resolved (`created` → `start_time`), quotes removed. */
  key: string;
  comparator: Comparator;
  /** number for numeric comparisons, string for string comparisons, string[] for IN / NOT IN, "" for IS [NOT] NULL. */
  value: string | number | string[];
  /** Character offsets of the clause in the filter string: [start, end). */
  start: number;
  end: number;
}

export interface OrderBy {
  type: EntityType;
  key: string;
  ascending: boolean;
}

/** A filter (or order_by) the grammar rejects. `[position, position + length)` is the bad part. */
export class FilterSyntaxError extends DomainError {
  constructor(
    message: string,
    readonly position: number,
    readonly length: number,
  ) {
    super("INVALID_PARAMETER_VALUE", message);
    this.name = "FilterSyntaxError";
  }
}

// ───────────────────────────── Grammars ─────────────────────────────

export const NUMERIC_COMPARATORS = [">", ">=", "=", "!=", "<", "<="] as const satisfies readonly Comparator[];
export const STRING_COMPARATORS = ["=", "!=", "LIKE", "ILIKE"] as const satisfies readonly Comparator[];
export const STRING_LIST_COMPARATORS = ["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"] as const satisfies readonly Comparator[];

export interface AttributeSpec {
  /** "number": unquoted numeric values; "string": quoted strings (and lists for IN / NOT IN). */
  kind: "string" | "number";
  /** Comparators accepted in a filter. Empty: the attribute can only be used in order_by. */
  comparators: readonly Comparator[];
  /** May appear in order_by. */
  orderable: boolean;
}

export interface EntitySpec {
  /** "number" (metrics) or "string" (params, tags, datasets). */
  kind: "string" | "number";
  comparators: readonly Comparator[];
  /** Restricts the keys (datasets: name, digest, context). Absent: any key. */
  keys?: readonly string[];
  /** `<prefix>.<key>` may appear in order_by. */
  orderable: boolean;
}

export interface Grammar {
  /** What is searched, for messages: "run", "experiment", … */
  subject: string;
  /** Identifier prefix (lower case, without backticks) → entity type. */
  prefixes: Readonly<Record<string, EntityType>>;
  /** The non-attribute entities this grammar accepts (attribute rules live in `attributes`). */
  entities: Readonly<Partial<Record<Exclude<EntityType, "attribute">, EntitySpec>>>;
  /** Canonical attribute name → rules. */
  attributes: Readonly<Record<string, AttributeSpec>>;
  /** Alias (exact spelling) → canonical attribute name. */
  attributeAliases: Readonly<Record<string, string>>;
}

const ATTRIBUTE_PREFIXES = { attribute: "attribute", attributes: "attribute", attr: "attribute" } as const;
const TAG_PREFIXES = { tag: "tag", tags: "tag" } as const;
const METRIC_PREFIXES = { metric: "metric", metrics: "metric" } as const;
const PARAM_PREFIXES = { parameter: "param", parameters: "param", param: "param", params: "param" } as const;

const str = (comparators: readonly Comparator[] = STRING_COMPARATORS, orderable = true): AttributeSpec => ({
  kind: "string",
  comparators,
  orderable,
});
const num = (filterable = true, orderable = true): AttributeSpec => ({
  kind: "number",
  comparators: filterable ? NUMERIC_COMPARATORS : [],
  orderable,
});
const orderOnly = (kind: "string" | "number"): AttributeSpec => ({ kind, comparators: [], orderable: true });

/** runs/search (docs/mlflow-compatibility.md#search-filters; MLflow SearchUtils + RunInfo searchable attributes). */
export const RUN_GRAMMAR: Grammar = {
  subject: "run",
  prefixes: {
    ...METRIC_PREFIXES,
    ...PARAM_PREFIXES,
    ...TAG_PREFIXES,
    ...ATTRIBUTE_PREFIXES,
    run: "attribute",
    dataset: "dataset",
    datasets: "dataset",
  },
  entities: {
    metric: { kind: "number", comparators: NUMERIC_COMPARATORS, orderable: true },
    param: { kind: "string", comparators: STRING_COMPARATORS, orderable: true },
    tag: { kind: "string", comparators: STRING_COMPARATORS, orderable: true },
    dataset: { kind: "string", comparators: STRING_LIST_COMPARATORS, keys: ["name", "digest", "context"], orderable: false },
  },
  attributes: {
    run_id: str(STRING_LIST_COMPARATORS),
    run_name: str(),
    status: str(),
    user_id: str(),
    artifact_uri: str(),
    start_time: num(),
    end_time: num(),
    experiment_id: orderOnly("string"),
  },
  attributeAliases: {
    created: "start_time",
    Created: "start_time",
    "run name": "run_name",
    "Run name": "run_name",
    "Run Name": "run_name",
  },
};

/** experiments/search (docs/mlflow-compatibility.md#experiments, #search-filters; MLflow SearchExperimentsUtils). */
export const EXPERIMENT_GRAMMAR: Grammar = {
  subject: "experiment",
  prefixes: { ...ATTRIBUTE_PREFIXES, ...TAG_PREFIXES },
  entities: { tag: { kind: "string", comparators: STRING_COMPARATORS, orderable: false } },
  attributes: {
    name: str(),
    creation_time: num(),
    last_update_time: num(),
    experiment_id: orderOnly("number"),
  },
  attributeAliases: {},
};

/** registered-models/search (docs/mlflow-compatibility.md#registry-search; MLflow SearchModelUtils). search_prompts uses it too. */
export const REGISTERED_MODEL_GRAMMAR: Grammar = {
  subject: "registered model",
  prefixes: { ...ATTRIBUTE_PREFIXES, ...TAG_PREFIXES },
  entities: { tag: { kind: "string", comparators: STRING_COMPARATORS, orderable: false } },
  attributes: {
    name: str(),
    creation_timestamp: orderOnly("number"),
    last_updated_timestamp: orderOnly("number"),
  },
  attributeAliases: { timestamp: "last_updated_timestamp" },
};

/** model-versions/search (docs/mlflow-compatibility.md#registry-search; MLflow SearchModelVersionUtils). */
export const MODEL_VERSION_GRAMMAR: Grammar = {
  subject: "model version",
  prefixes: { ...ATTRIBUTE_PREFIXES, ...TAG_PREFIXES },
  entities: { tag: { kind: "string", comparators: STRING_COMPARATORS, orderable: false } },
  attributes: {
    name: str(),
    version_number: num(),
    run_id: str(["=", "!=", "LIKE", "ILIKE", "IN"]),
    source_path: str(STRING_COMPARATORS, false),
    creation_timestamp: orderOnly("number"),
    last_updated_timestamp: orderOnly("number"),
  },
  attributeAliases: {},
};

/**
 * logged-models/search (docs/mlflow-compatibility.md#logged-models; MLflow SearchLoggedModelsUtils). Every string attribute takes
 * IN / NOT IN. order_by accepts attributes and `metrics.<name>` only.
 */
export const LOGGED_MODEL_GRAMMAR: Grammar = {
  subject: "logged model",
  prefixes: { ...ATTRIBUTE_PREFIXES, ...METRIC_PREFIXES, ...PARAM_PREFIXES, ...TAG_PREFIXES },
  entities: {
    metric: { kind: "number", comparators: NUMERIC_COMPARATORS, orderable: true },
    param: { kind: "string", comparators: STRING_COMPARATORS, orderable: false },
    tag: { kind: "string", comparators: STRING_COMPARATORS, orderable: false },
  },
  attributes: {
    name: str(STRING_LIST_COMPARATORS),
    model_id: str(STRING_LIST_COMPARATORS),
    model_type: str(STRING_LIST_COMPARATORS),
    status: str(STRING_LIST_COMPARATORS),
    source_run_id: str(STRING_LIST_COMPARATORS),
    creation_timestamp: num(),
    last_updated_timestamp: num(),
  },
  attributeAliases: {
    creation_time: "creation_timestamp",
    creation_timestamp_ms: "creation_timestamp",
    last_updated_time: "last_updated_timestamp",
    last_updated_timestamp_ms: "last_updated_timestamp",
  },
};

// ───────────────────────────── Scanner ─────────────────────────────

const WORD_START = /[\p{L}\p{N}_]/u;
/** Characters of an unquoted key (MLflow keys may contain . - / : besides word characters). */
const KEY_CHAR = /[\p{L}\p{N}_.\-/:]/u;
const OPERATOR_CHAR = /[<>=!]/;
const VALID_COMPARATORS_HINT = "Valid comparators are =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN (trace search: also RLIKE, IS NULL, IS NOT NULL)";
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

interface Span {
  start: number;
  end: number;
}

class Scanner {
  pos = 0;
  constructor(
    readonly text: string,
    /** Builds the message prefix, e.g. "Invalid filter '<text>'". */
    readonly what: string,
  ) {}

  /** Throws "<what>: <detail> at position <n>[. <hint>]" spanning [start, end). */
  fail(detail: string, start: number, end = start + 1, hint?: string): never {
    const position = Math.min(start, this.text.length);
    const length = Math.max(1, Math.min(end, this.text.length) - position);
    const suffix = hint ? `. ${hint}` : "";
    throw new FilterSyntaxError(`${this.what}: ${detail} at position ${position}${suffix}`, position, length);
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? "";
  }

  skipWs(): void {
    while (!this.done && /\s/.test(this.peek())) this.pos++;
  }

  /** The next whitespace-delimited chunk, for "unexpected token" messages. */
  tokenAt(start: number): Span & { text: string } {
    let end = start;
    const c = this.text[start] ?? "";
    if (OPERATOR_CHAR.test(c)) while (end < this.text.length && OPERATOR_CHAR.test(this.text[end])) end++;
    else if (KEY_CHAR.test(c)) while (end < this.text.length && KEY_CHAR.test(this.text[end])) end++;
    else end = start + 1;
    return { start, end, text: this.text.slice(start, end) };
  }

  unexpected(expected: string): never {
    if (this.done) this.fail(`expected ${expected} but the filter ended`, this.text.length);
    const t = this.tokenAt(this.pos);
    this.fail(`unexpected token '${t.text}' (expected ${expected})`, t.start, t.end);
  }

  /** A word of letters/digits/underscores at the cursor, or "" (cursor unchanged). */
  word(): Span & { text: string } {
    const start = this.pos;
    while (!this.done && WORD_START.test(this.peek())) this.pos++;
    return { start, end: this.pos, text: this.text.slice(start, this.pos) };
  }

  /** Reads a quoted run starting at the cursor (which is on the opening quote). */
  quoted(): Span & { text: string } {
    const start = this.pos;
    const q = this.peek();
    let out = "";
    this.pos++;
    for (;;) {
      if (this.done) this.fail(`unterminated ${q === "`" ? "backtick-quoted key" : "string"} ${this.text.slice(start, start + 20)}`, start, this.text.length);
      const c = this.peek();
      if (c === "\\" && q !== "`" && (this.peek(1) === q || this.peek(1) === "\\")) {
        // \' and \" escape the quote; keep \\ as written so LIKE escapes survive.
        out += this.peek(1) === q ? q : "\\\\";
        this.pos += 2;
      } else if (c === q && this.peek(1) === q) {
        out += q;
        this.pos += 2;
      } else if (c === q) {
        this.pos++;
        return { start, end: this.pos, text: out };
      } else {
        out += c;
        this.pos++;
      }
    }
  }
}

// ───────────────────────────── Parser ─────────────────────────────

interface Identifier extends Span {
  type: EntityType;
  key: string;
  keySpan: Span;
}

function entityNames(grammar: Grammar): string {
  return Object.keys(grammar.prefixes).map((p) => `'${p}'`).join(", ");
}

function quoteList(items: readonly string[]): string {
  return items.map((i) => `'${i}'`).join(", ");
}

function validAttributeKeys(grammar: Grammar, use: "filter" | "order"): string[] {
  const canon = Object.entries(grammar.attributes).filter(([, s]) => (use === "filter" ? s.comparators.length > 0 : s.orderable));
  const names = new Set(canon.map(([k]) => k));
  for (const [alias, target] of Object.entries(grammar.attributeAliases)) if (names.has(target)) names.add(alias);
  return [...names];
}

function parseIdentifier(s: Scanner, grammar: Grammar, use: "filter" | "order"): Identifier {
  const start = s.pos;
  const c = s.peek();
  if (c === "(") s.fail("unexpected token '('", s.pos, s.pos + 1, use === "filter" ? "Parentheses grouping is not supported; a filter is a list of clauses joined by AND" : undefined);
  let first: Span & { text: string; quoted: boolean };
  if (c === "`" || c === '"') first = { ...s.quoted(), quoted: true };
  else if (WORD_START.test(c)) {
    // Unquoted: read the first segment, then decide whether it was a prefix.
    const w = s.word();
    first = { ...w, quoted: false };
  } else s.unexpected(use === "filter" ? "a key such as metrics.<name>, params.<name>, tags.<name> or an attribute" : "a key");

  let type: EntityType = "attribute";
  let key = first.text;
  let keySpan: Span = first;
  if (s.peek() === ".") {
    const prefix = first.text;
    const mapped = grammar.prefixes[prefix.toLowerCase()];
    if (!mapped) s.fail(`invalid entity type '${prefix}'`, first.start, first.end, `Valid prefixes are ${entityNames(grammar)}`);
    type = mapped;
    s.pos++; // the dot
    const k = s.peek();
    if (k === "`" || k === '"') {
      const q = s.quoted();
      key = q.text;
      keySpan = q;
    } else if (KEY_CHAR.test(k)) {
      const ks = s.pos;
      while (!s.done && KEY_CHAR.test(s.peek())) s.pos++;
      key = s.text.slice(ks, s.pos);
      keySpan = { start: ks, end: s.pos };
    } else s.fail(`missing key after '${prefix}.'`, s.pos - 1, s.pos);
  } else if (!first.quoted) {
    // An unquoted attribute may still contain dots/dashes (rejected below as an unknown attribute).
    while (!s.done && KEY_CHAR.test(s.peek())) s.pos++;
    key = s.text.slice(first.start, s.pos);
    keySpan = { start: first.start, end: s.pos };
  }
  const end = s.pos;
  if (!s.done && !/\s/.test(s.peek()) && !OPERATOR_CHAR.test(s.peek())) {
    const t = s.tokenAt(s.pos);
    s.fail(`unexpected '${t.text}' after key '${key}'`, t.start, t.end);
  }

  if (type === "attribute") {
    const canonical = grammar.attributeAliases[key] ?? key;
    const spec = grammar.attributes[canonical];
    const ok = spec && (use === "filter" ? spec.comparators.length > 0 : spec.orderable);
    if (!ok) {
      s.fail(`invalid attribute key '${key}'`, keySpan.start, keySpan.end, `Valid keys are ${quoteList(validAttributeKeys(grammar, use))}`);
    }
    key = canonical;
  } else {
    const spec = grammar.entities[type];
    if (!spec) s.fail(`invalid entity type '${type}' for ${grammar.subject} search`, start, keySpan.start);
    if (use === "order" && !spec.orderable) s.fail(`${grammar.subject} search cannot be ordered by ${type} values`, start, end);
    if (spec.keys && !spec.keys.includes(key)) {
      s.fail(`invalid ${type} key '${key}'`, keySpan.start, keySpan.end, `Valid keys are ${quoteList(spec.keys)}`);
    }
    if (key === "") s.fail(`empty ${type} key`, keySpan.start, keySpan.end);
  }
  return { start, end, type, key, keySpan };
}

function parseComparator(s: Scanner): Span & { comparator: Comparator } {
  const start = s.pos;
  const c = s.peek();
  if (OPERATOR_CHAR.test(c)) {
    while (!s.done && OPERATOR_CHAR.test(s.peek())) s.pos++;
    const op = s.text.slice(start, s.pos);
    if (op === "=" || op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=") return { start, end: s.pos, comparator: op };
    s.fail(`unexpected token '${op}'`, start, s.pos, VALID_COMPARATORS_HINT);
  }
  if (WORD_START.test(c)) {
    const w = s.word();
    const upper = w.text.toUpperCase();
    if (upper === "LIKE" || upper === "ILIKE" || upper === "RLIKE" || upper === "IN") return { start, end: w.end, comparator: upper };
    if (upper === "IS") {
      s.skipWs();
      const w2 = s.word();
      let not = false;
      let w3 = w2;
      if (w2.text.toUpperCase() === "NOT") {
        not = true;
        s.skipWs();
        w3 = s.word();
      }
      if (w3.text.toUpperCase() === "NULL") return { start, end: w3.end, comparator: not ? "IS NOT NULL" : "IS NULL" };
      s.pos = w3.start;
      s.unexpected(not ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
    }
    if (upper === "NOT") {
      s.skipWs();
      const w2 = s.word();
      if (w2.text.toUpperCase() === "IN") return { start, end: w2.end, comparator: "NOT IN" };
      s.pos = w2.start;
      s.unexpected("IN after NOT (NOT LIKE is not supported)");
    }
    s.fail(`unexpected token '${w.text}'`, w.start, w.end, VALID_COMPARATORS_HINT);
  }
  s.unexpected("a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN)");
}

type RawValue =
  | (Span & { kind: "string"; value: string })
  | (Span & { kind: "number"; value: number; raw: string })
  | (Span & { kind: "list"; value: string[] });

function parseValue(s: Scanner): RawValue {
  const start = s.pos;
  const c = s.peek();
  if (s.done) s.fail("missing value", s.text.length);
  if (c === "'" || c === '"') {
    const q = s.quoted();
    return { kind: "string", value: q.text, start, end: q.end };
  }
  if (c === "(") {
    s.pos++;
    const items: string[] = [];
    s.skipWs();
    if (s.peek() === ")") s.fail("expected a non-empty list of quoted strings", start, s.pos + 1);
    for (;;) {
      s.skipWs();
      const q = s.peek();
      if (q !== "'" && q !== '"') s.unexpected("a quoted string in the list");
      items.push(s.quoted().text);
      s.skipWs();
      if (s.peek() === ",") {
        s.pos++;
        continue;
      }
      if (s.peek() === ")") {
        s.pos++;
        return { kind: "list", value: items, start, end: s.pos };
      }
      if (s.done) s.fail("unterminated list (missing ')')", start, s.text.length);
      s.unexpected("',' or ')' in the list");
    }
  }
  NUMBER.lastIndex = start;
  const m = NUMBER.exec(s.text);
  if (m && !KEY_CHAR.test(s.text[start + m[0].length] ?? "")) {
    s.pos = start + m[0].length;
    return { kind: "number", value: Number(m[0]), raw: m[0], start, end: s.pos };
  }
  const t = s.tokenAt(start);
  if (t.text.toUpperCase() === "AND" || t.text.toUpperCase() === "OR") s.fail(`missing value before '${t.text}'`, t.start, t.end);
  return s.fail(`expected a value (a quoted string, a number or a list) but got '${t.text}'`, t.start, t.end);
}

/** The identifier's rules; fails when the comparator is not one of them. */
function checkComparator(s: Scanner, grammar: Grammar, id: Identifier, cmp: Span & { comparator: Comparator }): AttributeSpec | EntitySpec {
  const { type, key } = id;
  const spec = type === "attribute" ? grammar.attributes[key] : grammar.entities[type];
  if (!spec) return s.fail(`invalid key '${key}'`, id.start, id.end); // unreachable: parseIdentifier checked it
  const what = type === "attribute" ? `attribute '${key}'` : `${type} '${key}'`;
  if (!spec.comparators.includes(cmp.comparator)) {
    s.fail(`invalid comparator '${cmp.comparator}' for ${what}`, cmp.start, cmp.end, `Valid comparators are ${quoteList(spec.comparators)}`);
  }
  return spec;
}

function checkClause(s: Scanner, grammar: Grammar, id: Identifier, cmp: Span & { comparator: Comparator }, v: RawValue): Clause["value"] {
  const { type, key } = id;
  const { comparator } = cmp;
  const spec = checkComparator(s, grammar, id, cmp);
  const list = comparator === "IN" || comparator === "NOT IN";
  if (list) {
    if (v.kind !== "list") s.fail(`${comparator} expects a list of quoted strings such as ('a', 'b'), got ${s.text.slice(v.start, v.end)}`, v.start, v.end);
    return v.value;
  }
  if (v.kind === "list") {
    s.fail(`a list of values is only allowed with IN / NOT IN`, v.start, v.end);
  }
  if (spec.kind === "number") {
    if (v.kind !== "number") {
      const label = type === "metric" ? "metric" : `numeric attribute: ${key}`;
      s.fail(`expected numeric value type for ${label}, found ${s.text.slice(v.start, v.end)}`, v.start, v.end);
    }
    return v.value;
  }
  if (v.kind !== "string") {
    const label = type === "attribute" ? "attributes" : type;
    s.fail(`expected a quoted string value for ${label} (e.g. 'my-value'), got value ${s.text.slice(v.start, v.end)}`, v.start, v.end);
  }
  return v.value;
}

/**
 * Bounds on one filter, so that a small hostile request cannot keep the database busy: every
 * clause costs a comparison per candidate row and every distinct metric/param/tag/… key an
 * index probe (README "Search limits"). The defaults hold for every grammar.
 */
export interface FilterLimits {
  /** Clauses joined by AND. */
  maxClauses: number;
  /** Distinct `<prefix>.<key>` identifiers (attributes are a fixed set and do not count). */
  maxKeys: number;
  /** Values across all IN / NOT IN lists. */
  maxListValues: number;
}

export const FILTER_LIMITS: FilterLimits = { maxClauses: 100, maxKeys: 50, maxListValues: 10_000 };

/**
 * Parses an MLflow filter string into AND-ed clauses (empty/blank filter → []).
 * Throws FilterSyntaxError (INVALID_PARAMETER_VALUE) with the offending span, also when the
 * filter exceeds `limits` (FILTER_LIMITS; the override is for tests and benchmarks).
 */
export function parseFilter(filter: string | undefined, grammar: Grammar, limits: FilterLimits = FILTER_LIMITS): Clause[] {
  if (!filter || !filter.trim()) return [];
  const s = new Scanner(filter, `Invalid filter '${filter.length > 1000 ? `${filter.slice(0, 1000)}…` : filter}'`);
  const clauses: Clause[] = [];
  const keys = new Set<string>();
  let listValues = 0;
  s.skipWs();
  for (;;) {
    if (clauses.length === limits.maxClauses) {
      s.fail(`too many clauses: a filter may have at most ${limits.maxClauses} clauses joined by AND`, s.pos, s.text.length);
    }
    const id = parseIdentifier(s, grammar, "filter");
    s.skipWs();
    const cmp = parseComparator(s);
    let value: Clause["value"];
    let end: number;
    if (cmp.comparator === "IS NULL" || cmp.comparator === "IS NOT NULL") {
      checkComparator(s, grammar, id, cmp);
      value = "";
      end = cmp.end;
    } else {
      s.skipWs();
      const v = parseValue(s);
      value = checkClause(s, grammar, id, cmp, v);
      end = v.end;
    }
    if (id.type !== "attribute") {
      keys.add(`${id.type}.${id.key}`);
      if (keys.size > limits.maxKeys) {
        s.fail(`too many distinct keys: a filter may name at most ${limits.maxKeys} distinct ${keyKinds(grammar)} keys`, id.start, id.end);
      }
    }
    if (Array.isArray(value)) {
      listValues += value.length;
      if (listValues > limits.maxListValues) {
        s.fail(`too many values: the IN / NOT IN lists of a filter may hold at most ${limits.maxListValues} values in all`, id.start, end);
      }
    }
    clauses.push({ type: id.type, key: id.key, comparator: cmp.comparator, value, start: id.start, end });
    const afterValue = s.pos;
    s.skipWs();
    if (s.done) return clauses;
    if (s.pos === afterValue && WORD_START.test(s.peek())) s.unexpected("whitespace before AND");
    const w = s.word();
    const upper = w.text.toUpperCase();
    if (upper === "AND") {
      s.skipWs();
      if (s.done) s.fail("expected a clause after 'AND'", w.start, w.end);
      continue;
    }
    if (upper === "OR") s.fail("'OR' is not supported", w.start, w.end, "A filter is a list of clauses joined by AND; run separate searches instead");
    if (w.text) {
      const t = s.tokenAt(w.start);
      s.fail(`unexpected token '${t.text}' (expected AND)`, t.start, t.end);
    }
    s.unexpected("AND");
  }
}

/** "metric/param/tag" for messages: the grammar's non-attribute entity types. */
function keyKinds(grammar: Grammar): string {
  return Object.keys(grammar.entities).join("/");
}

/**
 * Parses one order_by expression: `<identifier> [ASC|DESC]` (case-insensitive, default ASC).
 * Attribute aliases resolve to canonical names. Throws FilterSyntaxError (INVALID_PARAMETER_VALUE).
 */
export function parseOrderBy(expr: string, grammar: Grammar): OrderBy {
  const s = new Scanner(expr, `Invalid order_by clause '${expr}'`);
  s.skipWs();
  if (s.done) s.fail("empty order_by clause", 0);
  const id = parseIdentifier(s, grammar, "order");
  s.skipWs();
  let ascending = true;
  if (!s.done) {
    const w = s.word();
    const upper = w.text.toUpperCase();
    if (upper === "ASC" || upper === "DESC") ascending = upper === "ASC";
    else if (w.text) s.fail(`invalid ordering key '${w.text}' (expected ASC or DESC)`, w.start, w.end);
    else s.unexpected("ASC or DESC");
    s.skipWs();
    if (!s.done) s.unexpected("the end of the order_by clause");
  }
  return { type: id.type, key: id.key, ascending };
}

/** order_by entries per search: each one is a join (or a sort key) of the query. */
export const MAX_ORDER_BY = 10;

/** Parses a list of order_by expressions (blank ones skipped); at most MAX_ORDER_BY. */
export function parseOrderByList(exprs: readonly string[] | undefined, grammar: Grammar): OrderBy[] {
  const list = (exprs ?? []).filter((o) => o.trim() !== "");
  if (list.length > MAX_ORDER_BY) {
    throw new FilterSyntaxError(`Invalid order_by: at most ${MAX_ORDER_BY} order_by clauses are allowed, got ${list.length}`, 0, 1);
  }
  return list.map((o) => parseOrderBy(o, grammar));
}
