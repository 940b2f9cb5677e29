// Stored span rows → what the trace page shows: a tree in depth-first order with offsets for the
// waterfall, inputs/outputs as pretty JSON (and as chat messages when they read as such),
// attributes and events decoded. Pure module (no database), so it is unit-tested directly.
import type { ChatMessageView, LinkedPromptView, PromptSegment, RenderedPromptView, SpanEventView, SpanView, ValueView } from "@/lib/schemas/ui-traces";
import { parseChat } from "@/lib/text-diff";
import { ATTR } from "./keys";
import { pyLoads, toPlain, tryPyLoads } from "./py-json";
import { attributeValue, unpackAttributes, type SpanRow } from "./span-codec";

const HIDDEN_ATTRIBUTES: ReadonlySet<string> = new Set([ATTR.inputs, ATTR.outputs, ATTR.requestId]);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Text of a message's content: a string, or the text parts of an OpenAI/Anthropic parts list. */
function contentText(c: unknown): string | null {
  if (typeof c === "string") return c;
  if (Array.isArray(c)) {
    const parts = c.map((p) => (typeof p === "string" ? p : isObj(p) && typeof p.text === "string" ? p.text : isObj(p) ? JSON.stringify(p) : null));
    return parts.every((p) => p !== null) ? parts.join("\n") : null;
  }
  if (c === null || c === undefined) return "";
  return null;
}

const LC_ROLES: Record<string, string> = { human: "user", ai: "assistant", system: "system", tool: "tool", function: "function", chat: "user" };

function asMessage(m: unknown): ChatMessageView | null {
  if (!isObj(m)) return null;
  let role: string | null = null;
  if (typeof m.role === "string") role = m.role;
  else if (typeof m.type === "string" && LC_ROLES[m.type]) role = LC_ROLES[m.type];
  if (!role || !("content" in m)) return null;
  const content = contentText(m.content);
  if (content === null) return null;
  const rest = Object.fromEntries(Object.entries(m).filter(([k, v]) => !["role", "content", "type", "id", "name", "additional_kwargs", "response_metadata", "usage_metadata", "example", "invalid_tool_calls"].includes(k) && !(Array.isArray(v) && v.length === 0) && v !== null));
  return { role, content, extra: Object.keys(rest).length ? JSON.stringify(rest, null, 2) : null };
}

function asMessages(list: unknown): ChatMessageView[] | null {
  if (!Array.isArray(list) || list.length === 0) return null;
  const flat = list.length === 1 && Array.isArray(list[0]) ? list[0] : list; // LangChain batches: [[…]]
  const out = (flat as unknown[]).map(asMessage);
  return out.every((m): m is ChatMessageView => m !== null) ? out : null;
}

/** Chat messages in a span value: [{role, content}], {messages: […]}, {choices: [{message}]}, LangChain messages. */
export function chatMessages(v: unknown): ChatMessageView[] | null {
  const direct = asMessages(v);
  if (direct) return direct;
  if (isObj(v)) {
    if (Array.isArray(v.messages)) return asMessages(v.messages);
    if (Array.isArray(v.choices)) {
      const ms = v.choices.map((c) => (isObj(c) ? asMessage(c.message) : null));
      if (ms.length && ms.every((m): m is ChatMessageView => m !== null)) return ms;
    }
    // LangChain ChatResult: {generations: [[{message: {…}}]]}
    if (Array.isArray(v.generations)) {
      const gens = (v.generations as unknown[]).flat().map((g) => (isObj(g) ? asMessage(g.message) : null));
      if (gens.length && gens.every((m): m is ChatMessageView => m !== null)) return gens;
    }
    const single = asMessage(v);
    if (single && (typeof v.role === "string" || typeof v.type === "string")) return [single];
  }
  return null;
}

/** A JSON text (Python json.dumps output) as a display value. */
export function valueView(text: string | null): ValueView | null {
  if (text === null) return null;
  const parsed = tryPyLoads(text);
  if (parsed === undefined) return { text, messages: null };
  const plain = toPlain(parsed);
  return { text: typeof plain === "string" ? plain : JSON.stringify(plain, null, 2), messages: chatMessages(plain) };
}

function attrText(raw: unknown): string {
  if (typeof raw === "string") return raw;
  return JSON.stringify(raw, null, 2) ?? String(raw);
}

const nsToMs = (ns: bigint) => Number(ns / 1000n) / 1000;

/** The spans of one trace as a tree in depth-first order (children by start time). */
export function buildSpanViews(rows: readonly SpanRow[]): { spans: SpanView[]; totalMs: number } {
  if (rows.length === 0) return { spans: [], totalMs: 0 };
  const ids = new Set(rows.map((r) => r.spanId));
  const children = new Map<string | null, SpanRow[]>();
  for (const r of rows) {
    const parent = r.parentSpanId && ids.has(r.parentSpanId) && r.parentSpanId !== r.spanId ? r.parentSpanId : null;
    let l = children.get(parent);
    if (!l) children.set(parent, (l = []));
    l.push(r);
  }
  for (const l of children.values()) l.sort((a, b) => (a.startTimeNs < b.startTimeNs ? -1 : a.startTimeNs > b.startTimeNs ? 1 : a.ordinal - b.ordinal));
  const t0 = rows.reduce((m, r) => (r.startTimeNs < m ? r.startTimeNs : m), rows[0].startTimeNs);
  const tEnd = rows.reduce((m, r) => (r.endTimeNs !== null && r.endTimeNs > m ? r.endTimeNs : r.startTimeNs > m ? r.startTimeNs : m), t0);
  const out: SpanView[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number, parentPath: string) => {
    const counts = new Map<string, number>();
    for (const r of children.get(parent) ?? []) {
      if (seen.has(r.spanId)) continue;
      seen.add(r.spanId);
      const n = (counts.get(r.name) ?? 0) + 1;
      counts.set(r.name, n);
      const path = (parentPath ? parentPath + "/" : "") + r.name + (n > 1 ? `#${n}` : "");
      out.push(toView(r, t0, depth, path));
      walk(r.spanId, depth + 1, path);
    }
  };
  walk(null, 0, "");
  return { spans: out, totalMs: nsToMs(tEnd - t0) };
}

function toView(r: SpanRow, t0: bigint, depth: number, path: string): SpanView {
  const attrs: [string, string][] = [];
  let model: string | null = null;
  let totalTokens: number | null = null;
  try {
    for (const [k, raw] of unpackAttributes(r)) {
      if (HIDDEN_ATTRIBUTES.has(k)) continue;
      const v = attributeValue(raw);
      const plain = v === undefined ? null : toPlain(v);
      if (k === ATTR.model && typeof plain === "string") model = plain;
      if (k === ATTR.chatUsage && isObj(plain) && typeof plain.total_tokens === "number") totalTokens = plain.total_tokens;
      attrs.push([k, attrText(plain)]);
    }
  } catch {
    attrs.push(["(attributes)", r.attributes]);
  }
  let events: SpanEventView[] = [];
  try {
    const ev = pyLoads(r.events);
    if (Array.isArray(ev)) {
      events = ev.flatMap((e) => {
        if (!(e instanceof Map)) return [];
        const t = e.get("time_unix_nano");
        const ns = typeof t === "bigint" ? t : typeof t === "number" ? BigInt(Math.trunc(t)) : typeof t === "string" && /^\d+$/.test(t) ? BigInt(t) : t0;
        const a = e.get("attributes");
        const plainAttrs = a instanceof Map && a.size ? toPlain(a) : null;
        return [{ name: String(e.get("name") ?? ""), offsetMs: nsToMs(ns - t0), attributes: plainAttrs ? JSON.stringify(plainAttrs, null, 2) : null }];
      });
    }
  } catch {
    events = [];
  }
  return {
    spanId: r.spanId,
    parentSpanId: r.parentSpanId,
    name: r.name,
    spanType: r.spanType,
    status: r.status,
    statusMessage: r.statusMessage,
    offsetMs: nsToMs(r.startTimeNs - t0),
    durationMs: r.endTimeNs === null ? null : nsToMs(r.endTimeNs - r.startTimeNs),
    depth,
    path,
    inputs: valueView(r.inputs),
    outputs: valueView(r.outputs),
    attributes: attrs,
    events,
    totalTokens,
    model,
  };
}

/** Spans of two traces aligned by path (name from the root, #n for repeated siblings), in tree order. */
export function alignSpans<T extends { path: string }>(a: readonly T[], b: readonly T[]): { path: string; left: T | null; right: T | null }[] {
  const right = new Map(b.map((s) => [s.path, s]));
  const used = new Set<string>();
  const out: { path: string; left: T | null; right: T | null }[] = [];
  let bi = 0;
  const flushRightUntil = (path: string | null) => {
    // Right-only spans that come before the next shared one keep their place.
    while (bi < b.length && b[bi].path !== path) {
      const s = b[bi++];
      if (!used.has(s.path) && !a.some((x) => x.path === s.path)) {
        out.push({ path: s.path, left: null, right: s });
        used.add(s.path);
      }
    }
    if (bi < b.length) bi++;
  };
  for (const s of a) {
    const match = right.get(s.path) ?? null;
    if (match) flushRightUntil(s.path);
    out.push({ path: s.path, left: s, right: match });
    if (match) used.add(s.path);
  }
  flushRightUntil(null);
  return out;
}

// ───────────────────────────── the rendered prompt ─────────────────────────────

const VARIABLE_RE = /(\{\{\s*[a-zA-Z_][a-zA-Z0-9_]*(?:\.[a-zA-Z_][a-zA-Z0-9_]*)*\s*\}\})/;
const LLM_TYPES: ReadonlySet<string> = new Set(["LLM", "CHAT_MODEL"]);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The text split into template text and variable values when it is `template` filled in; null when it is not. */
export function matchTemplate(template: string, text: string): PromptSegment[] | null {
  const parts = template.split(VARIABLE_RE);
  if (parts.length > 41 || text.length > 100_000) return null;
  if (parts.length === 1) return template === text ? [{ text }] : null;
  const re = new RegExp("^" + parts.map((p, i) => (i % 2 ? "([\\s\\S]*?)" : escapeRe(p))).join("") + "$");
  const m = re.exec(text);
  if (!m) return null;
  const out: PromptSegment[] = [];
  parts.forEach((p, i) => {
    if (i % 2 === 0) {
      if (p) out.push({ text: p });
    } else {
      out.push({ text: m[(i + 1) / 2], variable: p.replace(/[{}\s]/g, "") });
    }
  });
  return out;
}

function templateMessages(p: LinkedPromptView): { role: string; content: string }[] {
  if (p.promptType === "chat") {
    const chat = parseChat(p.template);
    if (chat) return chat;
  }
  return [{ role: "*", content: p.template }];
}

/** The input messages of the first LLM span (or the first span with chat-message inputs), matched against the linked prompts. */
export function renderedPrompt(spans: readonly SpanView[], prompts: readonly LinkedPromptView[]): RenderedPromptView | null {
  const promptInputs = (s: SpanView): ChatMessageView[] | null => {
    if (!s.inputs) return null;
    if (s.inputs.messages) return s.inputs.messages;
    const v = tryPyLoads(s.inputs.text === undefined ? "" : s.inputs.text);
    const plain = v === undefined ? s.inputs.text : toPlain(v);
    if (typeof plain === "string" && LLM_TYPES.has(s.spanType ?? "")) return [{ role: "prompt", content: plain, extra: null }];
    if (isObj(plain)) {
      if (typeof plain.prompt === "string") return [{ role: "prompt", content: plain.prompt, extra: null }];
      if (Array.isArray(plain.prompts) && plain.prompts.every((x) => typeof x === "string")) return plain.prompts.map((x) => ({ role: "prompt", content: x as string, extra: null }));
    }
    return null;
  };
  const span = spans.find((s) => LLM_TYPES.has(s.spanType ?? "") && promptInputs(s)) ?? spans.find((s) => s.inputs?.messages);
  const messages = span ? promptInputs(span) : null;
  if (!span || !messages) return null;
  for (const p of prompts) {
    const tmpl = templateMessages(p);
    let matched = 0;
    const rendered = messages.map((m) => {
      for (const t of tmpl) {
        if (t.role !== "*" && t.role !== m.role) continue;
        const segs = matchTemplate(t.content, m.content);
        if (segs) {
          matched++;
          return { role: m.role, segments: segs };
        }
      }
      return { role: m.role, segments: [{ text: m.content }] };
    });
    if (matched > 0) return { spanId: span.spanId, spanName: span.name, prompt: { name: p.name, version: p.version }, messages: rendered };
  }
  return { spanId: span.spanId, spanName: span.name, prompt: null, messages: messages.map((m) => ({ role: m.role, segments: [{ text: m.content }] })) };
}
