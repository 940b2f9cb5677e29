// Text diffs for prompt templates, chat prompts and any other text (run params, tags, notes).
// Pure (no Node or browser APIs): import it from server and client code alike. Built on the
// `diff` package (jsdiff v9): lines with `diffLines`, words with `diffWordsWithSpace`,
// chat messages with `diffArrays`.
//
// API
//   diffTemplates(before, after) → TextDiff
//     Line diff with word-level segments inside changed lines. `rows` is the side-by-side form:
//     one row per displayed line, `left` = before, `right` = after (null on the side where the
//     line does not exist). Concatenating a side's segments (minus the other side's kinds)
//     gives back that side's line exactly.
//   toUnifiedLines(rows) → UnifiedLine[]
//     The same diff as a unified listing: within each changed block all removed lines come
//     first, then the added ones, each with its before/after line numbers.
//   foldRows(rows, context = 3) → (DiffRow | Fold)[]
//     Collapses long runs of unchanged rows, keeping `context` rows around each change.
//   diffVariables(beforeVars, afterVars) → { added, removed, kept }
//   extractTemplateVariables(text) → string[]  ({{ var }} names, docs/mlflow-compatibility.md#prompt-templates, first-seen order)
//   parseChat(template) → ChatMessage[] | null    (a chat prompt's JSON message list)
//   diffChat(before, after) → ChatDiff              (message by message; each changed message
//                                                    carries its own TextDiff)
//   diffJsonValues(before, after) → TextDiff        (pretty, key-sorted JSON, e.g. model config)
import { diffArrays, diffLines, diffWordsWithSpace, type Change } from "diff";

export type SegmentKind = "equal" | "added" | "removed";
/** A run of characters within one line. */
export interface Segment {
  text: string;
  kind: SegmentKind;
}
/** One side of a displayed line: its 1-based line number and its word-level segments. */
export interface DiffSide {
  lineNo: number;
  segments: Segment[];
}
/**
 * A side-by-side row. `equal`: same line on both sides. `changed`: a before line replaced by an
 * after line (segments carry the word-level changes). `removed` / `added`: a line on one side only.
 */
export interface DiffRow {
  kind: "equal" | "changed" | "removed" | "added";
  left: DiffSide | null;
  right: DiffSide | null;
}
export interface DiffStats {
  /** Lines only in `after` (including the after half of changed lines). */
  added: number;
  /** Lines only in `before` (including the before half of changed lines). */
  removed: number;
  /** Rows that pair a before line with an after line. */
  changed: number;
  unchanged: number;
}
export interface TextDiff {
  rows: DiffRow[];
  stats: DiffStats;
  identical: boolean;
}
export interface UnifiedLine {
  kind: "equal" | "added" | "removed";
  oldNo: number | null;
  newNo: number | null;
  segments: Segment[];
}
/** A collapsed run of unchanged rows (see foldRows). */
export interface Fold {
  kind: "fold";
  rows: DiffRow[];
}

/** Above this many characters a line pair is shown whole instead of word by word. */
const MAX_WORD_DIFF_CHARS = 4000;
/** Below this share of unchanged characters a changed line is shown as whole removed/added. */
const MIN_SIMILARITY = 0.35;

function splitLines(value: string): string[] {
  if (value === "") return [];
  const lines = value.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function wordSegments(before: string, after: string): { left: Segment[]; right: Segment[] } {
  const whole = { left: [{ text: before, kind: "removed" as const }], right: [{ text: after, kind: "added" as const }] };
  if (before.length + after.length > MAX_WORD_DIFF_CHARS) return whole;
  const parts = diffWordsWithSpace(before, after);
  let same = 0;
  for (const p of parts) if (!p.added && !p.removed) same += p.value.length;
  const longest = Math.max(before.length, after.length);
  // Lines that share almost nothing read better as a plain replacement than as confetti.
  if (longest > 0 && same / longest < MIN_SIMILARITY && same < 12) return whole;
  const left: Segment[] = [];
  const right: Segment[] = [];
  for (const p of parts) {
    if (p.added) right.push({ text: p.value, kind: "added" });
    else if (p.removed) left.push({ text: p.value, kind: "removed" });
    else {
      left.push({ text: p.value, kind: "equal" });
      right.push({ text: p.value, kind: "equal" });
    }
  }
  return { left: mergeSegments(left), right: mergeSegments(right) };
}

function mergeSegments(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (!s.text) continue;
    const last = out[out.length - 1];
    if (last && last.kind === s.kind) last.text += s.text;
    else out.push({ ...s });
  }
  return out;
}

/** Line diff of two texts with word-level segments inside changed lines. */
export function diffTemplates(before: string, after: string): TextDiff {
  before = before ?? "";
  after = after ?? "";
  const changes: Change[] = diffLines(before, after, { ignoreNewlineAtEof: true });
  const rows: DiffRow[] = [];
  let oldNo = 0;
  let newNo = 0;
  let removedBuf: string[] = [];
  let addedBuf: string[] = [];

  const flush = () => {
    for (const [bi, ai] of alignBlock(removedBuf, addedBuf)) {
      const b = bi === null ? undefined : removedBuf[bi];
      const a = ai === null ? undefined : addedBuf[ai];
      if (b !== undefined && a !== undefined) {
        const { left, right } = wordSegments(b, a);
        rows.push({ kind: "changed", left: { lineNo: ++oldNo, segments: left }, right: { lineNo: ++newNo, segments: right } });
      } else if (b !== undefined) {
        rows.push({ kind: "removed", left: { lineNo: ++oldNo, segments: seg(b, "removed") }, right: null });
      } else if (a !== undefined) {
        rows.push({ kind: "added", left: null, right: { lineNo: ++newNo, segments: seg(a, "added") } });
      }
    }
    removedBuf = [];
    addedBuf = [];
  };

  for (const c of changes) {
    const lines = splitLines(c.value);
    if (c.removed) removedBuf.push(...lines);
    else if (c.added) addedBuf.push(...lines);
    else {
      flush();
      for (const line of lines) {
        rows.push({ kind: "equal", left: { lineNo: ++oldNo, segments: seg(line, "equal") }, right: { lineNo: ++newNo, segments: seg(line, "equal") } });
      }
    }
  }
  flush();

  const stats: DiffStats = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const r of rows) {
    if (r.kind === "equal") stats.unchanged++;
    else if (r.kind === "changed") {
      stats.changed++;
      stats.added++;
      stats.removed++;
    } else if (r.kind === "added") stats.added++;
    else stats.removed++;
  }
  return { rows, stats, identical: stats.added === 0 && stats.removed === 0 };
}

/** Share of characters two lines have in common (0..1), from a word diff. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length || a.length + b.length > MAX_WORD_DIFF_CHARS) return 0;
  let same = 0;
  for (const p of diffWordsWithSpace(a, b)) if (!p.added && !p.removed) same += p.value.replace(/\s+/g, "").length;
  const total = a.replace(/\s+/g, "").length + b.replace(/\s+/g, "").length;
  return total ? (2 * same) / total : 0;
}

/** Above this many line pairs in one changed block, lines are paired by position. */
const MAX_ALIGN_PAIRS = 2500;
const MIN_PAIR_SIMILARITY = 0.4;

/**
 * Pairs the removed and added lines of one changed block: an order-keeping alignment that
 * maximises the total similarity of paired lines (so an inserted line does not shift every
 * later pair). Returns [removedIndex | null, addedIndex | null] in display order.
 */
function alignBlock(removed: string[], added: string[]): [number | null, number | null][] {
  const n = removed.length;
  const m = added.length;
  const out: [number | null, number | null][] = [];
  if (n === 0 || m === 0 || n * m > MAX_ALIGN_PAIRS) {
    for (let i = 0; i < Math.max(n, m); i++) out.push([i < n ? i : null, i < m ? i : null]);
    return out;
  }
  const sim: number[][] = removed.map((r) => added.map((a) => similarity(r, a)));
  // score[i][j]: best total for removed[i..] and added[j..].
  const score: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const pair = sim[i][j] >= MIN_PAIR_SIMILARITY ? score[i + 1][j + 1] + sim[i][j] : -1;
      score[i][j] = Math.max(score[i + 1][j], score[i][j + 1], pair);
    }
  }
  let i = 0;
  let j = 0;
  let pendingRemoved: number[] = [];
  let pendingAdded: number[] = [];
  const flushPending = () => {
    // Unpaired lines between two pairs: pair them by position (they replace each other).
    const k = Math.max(pendingRemoved.length, pendingAdded.length);
    for (let x = 0; x < k; x++) out.push([pendingRemoved[x] ?? null, pendingAdded[x] ?? null]);
    pendingRemoved = [];
    pendingAdded = [];
  };
  while (i < n && j < m) {
    if (sim[i][j] >= MIN_PAIR_SIMILARITY && score[i][j] === score[i + 1][j + 1] + sim[i][j]) {
      flushPending();
      out.push([i++, j++]);
    } else if (score[i][j] === score[i + 1][j]) pendingRemoved.push(i++);
    else pendingAdded.push(j++);
  }
  while (i < n) pendingRemoved.push(i++);
  while (j < m) pendingAdded.push(j++);
  flushPending();
  return out;
}

function seg(text: string, kind: SegmentKind): Segment[] {
  return text === "" ? [] : [{ text, kind }];
}

/** The diff as a unified listing: per changed block, removed lines first, then added ones. */
export function toUnifiedLines(rows: DiffRow[]): UnifiedLine[] {
  const out: UnifiedLine[] = [];
  let removed: UnifiedLine[] = [];
  let added: UnifiedLine[] = [];
  const flush = () => {
    out.push(...removed, ...added);
    removed = [];
    added = [];
  };
  for (const r of rows) {
    if (r.kind === "equal") {
      flush();
      out.push({ kind: "equal", oldNo: r.left!.lineNo, newNo: r.right!.lineNo, segments: r.right!.segments });
      continue;
    }
    if (r.left) removed.push({ kind: "removed", oldNo: r.left.lineNo, newNo: null, segments: r.left.segments });
    if (r.right) added.push({ kind: "added", oldNo: null, newNo: r.right.lineNo, segments: r.right.segments });
  }
  flush();
  return out;
}

/**
 * Collapses runs of unchanged rows longer than `2 * context + 1` into a Fold, keeping `context`
 * rows next to each change (and at most `context` at the start and end).
 */
export function foldRows(rows: DiffRow[], context = 3): (DiffRow | Fold)[] {
  const out: (DiffRow | Fold)[] = [];
  let i = 0;
  while (i < rows.length) {
    if (rows[i].kind !== "equal") {
      out.push(rows[i++]);
      continue;
    }
    let j = i;
    while (j < rows.length && rows[j].kind === "equal") j++;
    const run = rows.slice(i, j);
    const head = i === 0 ? 0 : context;
    const tail = j === rows.length ? 0 : context;
    if (run.length > head + tail + 1) {
      out.push(...run.slice(0, head));
      out.push({ kind: "fold", rows: run.slice(head, run.length - tail) });
      out.push(...run.slice(run.length - tail));
    } else out.push(...run);
    i = j;
  }
  return out;
}

/** Variable names that appear only after, only before, or in both (in first-seen order). */
export function diffVariables(beforeVars: readonly string[], afterVars: readonly string[]): { added: string[]; removed: string[]; kept: string[] } {
  const b = new Set(beforeVars);
  const a = new Set(afterVars);
  return {
    added: [...a].filter((v) => !b.has(v)),
    removed: [...b].filter((v) => !a.has(v)),
    kept: [...a].filter((v) => b.has(v)),
  };
}

const VARIABLE_RE = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*(?:\.[a-zA-Z_][a-zA-Z0-9_]*)*)\s*\}\}/g;

/** `{{ var }}` names in a template (docs/mlflow-compatibility.md#prompt-templates), each once, in order of first appearance. */
export function extractTemplateVariables(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(VARIABLE_RE)) seen.add(m[1]);
  return [...seen];
}

export interface ChatMessage {
  role: string;
  content: string;
}

/**
 * A chat prompt's messages: the template is a JSON array of {role, content}. Non-string content
 * (e.g. OpenAI content parts) is shown as pretty JSON. Returns null when the text is not a list.
 */
export function parseChat(template: string): ChatMessage[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(template);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  return parsed.map((m) => {
    if (typeof m !== "object" || m === null) return { role: "unknown", content: typeof m === "string" ? m : JSON.stringify(m) };
    const { role, content } = m as { role?: unknown; content?: unknown };
    return {
      role: typeof role === "string" ? role : "unknown",
      content: typeof content === "string" ? content : content === undefined ? "" : JSON.stringify(content, null, 2),
    };
  });
}

export interface ChatMessageDiff {
  kind: "equal" | "changed" | "added" | "removed";
  /** 0-based index in the before list (null for added messages). */
  beforeIndex: number | null;
  /** 0-based index in the after list (null for removed messages). */
  afterIndex: number | null;
  beforeRole: string | null;
  afterRole: string | null;
  /** Content diff (for added/removed messages: against the empty string). */
  diff: TextDiff;
}
export interface ChatDiff {
  messages: ChatMessageDiff[];
  stats: { added: number; removed: number; changed: number; unchanged: number };
  identical: boolean;
}

/**
 * Message-by-message diff of two chat prompts. Identical messages are aligned first; within a
 * replaced block, messages are paired in order (a pair becomes `changed`, with a content diff),
 * the rest are added/removed.
 */
export function diffChat(before: readonly ChatMessage[], after: readonly ChatMessage[]): ChatDiff {
  const same = (x: ChatMessage, y: ChatMessage) => x.role === y.role && x.content === y.content;
  const parts = diffArrays([...before], [...after], { comparator: same });
  const messages: ChatMessageDiff[] = [];
  let bi = 0;
  let ai = 0;
  let removedBuf: number[] = [];
  let addedBuf: number[] = [];
  // Keeps the displayed order close to the after prompt, removed messages where they were.
  const order = ([r, a]: [number | null, number | null]) => (a !== null ? a : r! - 0.5);
  const flush = () => {
    // Pair by role first (a system message is compared with a system message), then in order.
    const pairs: [number | null, number | null][] = [];
    const freeAdded = [...addedBuf];
    for (const r of removedBuf) {
      const k = freeAdded.findIndex((a) => after[a].role === before[r].role);
      if (k >= 0) pairs.push([r, freeAdded.splice(k, 1)[0]]);
      else pairs.push([r, null]);
    }
    for (const a of freeAdded) pairs.push([null, a]);
    pairs.sort((p, q) => order(p) - order(q));
    for (const [r, a] of pairs) {
      const b = r === null ? null : before[r];
      const n = a === null ? null : after[a];
      messages.push({
        kind: b && n ? "changed" : b ? "removed" : "added",
        beforeIndex: r,
        afterIndex: a,
        beforeRole: b?.role ?? null,
        afterRole: n?.role ?? null,
        diff: diffTemplates(b?.content ?? "", n?.content ?? ""),
      });
    }
    removedBuf = [];
    addedBuf = [];
  };
  for (const p of parts) {
    if (p.removed) for (let k = 0; k < p.count; k++) removedBuf.push(bi++);
    else if (p.added) for (let k = 0; k < p.count; k++) addedBuf.push(ai++);
    else {
      flush();
      for (let k = 0; k < p.count; k++) {
        messages.push({ kind: "equal", beforeIndex: bi, afterIndex: ai, beforeRole: before[bi].role, afterRole: after[ai].role, diff: diffTemplates(before[bi].content, after[ai].content) });
        bi++;
        ai++;
      }
    }
  }
  flush();
  const stats = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const m of messages) {
    if (m.kind === "equal") stats.unchanged++;
    else stats[m.kind]++;
  }
  return { messages, stats, identical: stats.added + stats.removed + stats.changed === 0 };
}

/** Pretty JSON with object keys sorted, so key order never shows up as a change. */
export function stableJson(value: unknown): string {
  if (value === undefined || value === null) return "";
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value), null, 2);
}

/** Diff of two JSON values (model config, response format) as key-sorted, pretty-printed text. */
export function diffJsonValues(before: unknown, after: unknown): TextDiff {
  return diffTemplates(stableJson(before), stableJson(after));
}
