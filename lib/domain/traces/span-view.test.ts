// The trace page's span read model (pure): tree order, waterfall offsets, paths, values as
// pretty JSON and chat messages, attributes and events decoded, the rendered prompt matched
// against linked prompt templates, and spans of two traces aligned by path.
import { describe, expect, it } from "vitest";
import type { LinkedPromptView, SpanView } from "@/lib/schemas/ui-traces";
import { alignSpans, buildSpanViews, chatMessages, matchTemplate, renderedPrompt, valueView } from "./span-view";
import type { SpanRow } from "./span-codec";

const T0 = 1_745_938_375_000_000_000n;
const ms = (n: number) => BigInt(Math.round(n * 1_000_000));
// Attributes as the client stores them: each value is itself a JSON text.
const attrs = (o: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, JSON.stringify(v)])));

let ordinal = 0;
function span(p: Partial<SpanRow> & { spanId: string; name: string; start: number; end: number | null }): SpanRow {
  return {
    traceId: "tr-x",
    spanId: p.spanId,
    parentSpanId: p.parentSpanId ?? null,
    ordinal: p.ordinal ?? ordinal++,
    name: p.name,
    spanType: p.spanType ?? null,
    status: p.status ?? "OK",
    statusMessage: p.statusMessage ?? "",
    startTimeNs: T0 + ms(p.start),
    endTimeNs: p.end === null ? null : T0 + ms(p.end),
    attributes: p.attributes ?? "{}",
    inputs: p.inputs ?? null,
    outputs: p.outputs ?? null,
    events: p.events ?? "[]",
  };
}

describe("buildSpanViews", () => {
  it("orders depth-first with children by start time, and gives offsets, durations, depths and paths", () => {
    // Stored out of order: the tree comes from parent ids and start times, not row order.
    const rows = [
      span({ spanId: "c2", parentSpanId: "root", name: "llm", start: 40, end: 90, spanType: "LLM" }),
      span({ spanId: "root", name: "agent", start: 0, end: 100, spanType: "CHAIN" }),
      span({ spanId: "c1", parentSpanId: "root", name: "retrieve", start: 5, end: 30 }),
      span({ spanId: "c3", parentSpanId: "root", name: "llm", start: 91, end: 99.5 }),
      span({ spanId: "g1", parentSpanId: "c1", name: "embed", start: 6, end: 10 }),
    ];
    const { spans, totalMs } = buildSpanViews(rows);
    expect(spans.map((s) => [s.spanId, s.depth, s.path])).toEqual([
      ["root", 0, "agent"],
      ["c1", 1, "agent/retrieve"],
      ["g1", 2, "agent/retrieve/embed"],
      ["c2", 1, "agent/llm"],
      ["c3", 1, "agent/llm#2"],
    ]);
    expect(spans.map((s) => [s.offsetMs, s.durationMs])).toEqual([[0, 100], [5, 25], [6, 4], [40, 50], [91, 8.5]]);
    expect(totalMs).toBe(100);
  });

  it("keeps orphans (parent not in the trace) and self-parented spans as roots, and an unfinished span open", () => {
    const rows = [
      span({ spanId: "a", name: "root", start: 10, end: 20 }),
      span({ spanId: "b", parentSpanId: "missing", name: "orphan", start: 0, end: null }),
      span({ spanId: "c", parentSpanId: "c", name: "self", start: 30, end: 40 }),
    ];
    const { spans, totalMs } = buildSpanViews(rows);
    expect(spans.map((s) => [s.name, s.depth, s.offsetMs, s.durationMs])).toEqual([["orphan", 0, 0, null], ["root", 0, 10, 10], ["self", 0, 30, 10]]);
    expect(totalMs).toBe(40);
    expect(buildSpanViews([])).toEqual({ spans: [], totalMs: 0 });
  });

  it("decodes attributes (hiding inputs/outputs/request id), model and token usage, status and events", () => {
    const rows = [
      span({
        spanId: "s",
        name: "ChatOpenAI",
        start: 0,
        end: 12,
        spanType: "CHAT_MODEL",
        status: "ERROR",
        statusMessage: "RateLimitError: slow down",
        attributes: attrs({
          "mlflow.traceRequestId": "tr-x",
          "mlflow.spanType": "CHAT_MODEL",
          "mlflow.spanInputs": null,
          "mlflow.llm.model": "gpt-4o-mini",
          "mlflow.chat.tokenUsage": { input_tokens: 12, output_tokens: 5, total_tokens: 17 },
          temperature: 0.2,
        }),
        inputs: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
        events: JSON.stringify([{ name: "exception", time_unix_nano: Number(T0 + ms(11)), attributes: { "exception.message": "slow down" } }]),
      }),
    ];
    const [v] = buildSpanViews(rows).spans;
    expect(v.attributes.map(([k]) => k)).toEqual(["mlflow.spanType", "mlflow.llm.model", "mlflow.chat.tokenUsage", "temperature"]);
    expect(v.attributes.find(([k]) => k === "mlflow.chat.tokenUsage")![1]).toBe(JSON.stringify({ input_tokens: 12, output_tokens: 5, total_tokens: 17 }, null, 2));
    expect(v.attributes.find(([k]) => k === "temperature")![1]).toBe("0.2");
    expect(v).toMatchObject({ model: "gpt-4o-mini", totalTokens: 17, status: "ERROR", statusMessage: "RateLimitError: slow down" });
    expect(v.events).toEqual([{ name: "exception", offsetMs: 11, attributes: JSON.stringify({ "exception.message": "slow down" }, null, 2) }]);
    expect(v.inputs!.messages).toEqual([{ role: "user", content: "hi", extra: null }]);
  });

  it("shows attributes it cannot decode as stored text rather than failing", () => {
    const [v] = buildSpanViews([span({ spanId: "s", name: "x", start: 0, end: 1, attributes: "not json", events: "{broken" })]).spans;
    expect(v.attributes).toEqual([["(attributes)", "not json"]]);
    expect(v.events).toEqual([]);
  });
});

describe("valueView and chatMessages", () => {
  it("pretty-prints JSON, keeps non-JSON text and unwraps JSON strings", () => {
    expect(valueView('{"q": "hi", "n": [1, 2]}')).toEqual({ text: '{\n  "q": "hi",\n  "n": [\n    1,\n    2\n  ]\n}', messages: null });
    expect(valueView("plain <b>text</b>")).toEqual({ text: "plain <b>text</b>", messages: null });
    expect(valueView('"a string"')).toEqual({ text: "a string", messages: null });
    expect(valueView(null)).toBeNull();
  });

  it("reads OpenAI, LangChain and ChatResult shapes as role/content messages", () => {
    expect(chatMessages([{ role: "system", content: "Be brief." }, { role: "user", content: [{ type: "text", text: "Hi" }, { type: "text", text: "there" }] }])).toEqual([
      { role: "system", content: "Be brief.", extra: null },
      { role: "user", content: "Hi\nthere", extra: null },
    ]);
    expect(chatMessages({ choices: [{ index: 0, message: { role: "assistant", content: "Hello!" } }] })).toEqual([{ role: "assistant", content: "Hello!", extra: null }]);
    // LangChain: batches of messages, types instead of roles, empty kwargs dropped.
    expect(chatMessages([[{ type: "human", content: "What is MLflow?", additional_kwargs: {} }, { type: "ai", content: "", tool_calls: [{ name: "search", args: { q: "mlflow" } }] }]])).toEqual([
      { role: "user", content: "What is MLflow?", extra: null },
      { role: "assistant", content: "", extra: JSON.stringify({ tool_calls: [{ name: "search", args: { q: "mlflow" } }] }, null, 2) },
    ]);
    expect(chatMessages({ generations: [[{ text: "x", message: { type: "ai", content: "An answer" } }]] })).toEqual([{ role: "assistant", content: "An answer", extra: null }]);
    expect(chatMessages({ role: "tool", content: "42" })).toEqual([{ role: "tool", content: "42", extra: null }]);
  });

  it("does not read other shapes as chat", () => {
    expect(chatMessages({ q: "hi" })).toBeNull();
    expect(chatMessages([{ role: "user" }])).toBeNull(); // no content
    expect(chatMessages([{ role: "user", content: "a" }, { q: 1 }])).toBeNull(); // not all messages
    expect(chatMessages([])).toBeNull();
    expect(chatMessages("hello")).toBeNull();
  });
});

describe("matchTemplate", () => {
  it("splits a filled-in template into template text and variable values", () => {
    expect(matchTemplate("Summarise {{ text }} in {{n}} words.", "Summarise the MLflow docs in 12 words.")).toEqual([
      { text: "Summarise " },
      { text: "the MLflow docs", variable: "text" },
      { text: " in " },
      { text: "12", variable: "n" },
      { text: " words." },
    ]);
    expect(matchTemplate("Hello {{name}}", "Goodbye Ann")).toBeNull();
    expect(matchTemplate("No variables", "No variables")).toEqual([{ text: "No variables" }]);
    expect(matchTemplate("No variables", "Other")).toBeNull();
    // Regex characters in the template are literal.
    expect(matchTemplate("(a+b)* = {{x}}?", "(a+b)* = 3?")).toEqual([{ text: "(a+b)* = " }, { text: "3", variable: "x" }, { text: "?" }]);
  });
});

describe("renderedPrompt", () => {
  const view = (p: Partial<SpanView> & { spanId: string; name: string }): SpanView => ({
    parentSpanId: null, spanType: null, status: "OK", statusMessage: "", offsetMs: 0, durationMs: 1, depth: 0, path: p.name,
    inputs: null, outputs: null, attributes: [], events: [], totalTokens: null, model: null, ...p,
  });
  const chat: LinkedPromptView = { name: "qa", version: 2, promptType: "chat", template: JSON.stringify([{ role: "system", content: "You answer questions about {{topic}}." }, { role: "user", content: "{{question}}" }]) };
  const text: LinkedPromptView = { name: "summary", version: 1, promptType: "text", template: "Summarise: {{doc}}" };

  it("finds the first LLM span's messages and marks the variables of the linked prompt version that rendered them", () => {
    const spans = [
      view({ spanId: "root", name: "chain", spanType: "CHAIN", inputs: valueView('{"question": "What is a run?"}') }),
      view({ spanId: "llm", name: "ChatOpenAI", spanType: "CHAT_MODEL", inputs: valueView(JSON.stringify([{ role: "system", content: "You answer questions about MLflow." }, { role: "user", content: "What is a run?" }])) }),
    ];
    expect(renderedPrompt(spans, [text, chat])).toEqual({
      spanId: "llm",
      spanName: "ChatOpenAI",
      prompt: { name: "qa", version: 2 },
      messages: [
        { role: "system", segments: [{ text: "You answer questions about " }, { text: "MLflow", variable: "topic" }, { text: "." }] },
        { role: "user", segments: [{ text: "What is a run?", variable: "question" }] },
      ],
    });
  });

  it("reads a text prompt ({prompt: …} or a bare string on an LLM span) and leaves unmatched messages unlinked", () => {
    const s = [view({ spanId: "l", name: "OpenAI", spanType: "LLM", inputs: valueView('{"prompt": "Summarise: a long doc"}') })];
    expect(renderedPrompt(s, [text])).toMatchObject({ prompt: { name: "summary", version: 1 }, messages: [{ role: "prompt", segments: [{ text: "Summarise: " }, { text: "a long doc", variable: "doc" }] }] });
    const bare = [view({ spanId: "l", name: "OpenAI", spanType: "LLM", inputs: valueView('"Something else"') })];
    expect(renderedPrompt(bare, [text])).toEqual({ spanId: "l", spanName: "OpenAI", prompt: null, messages: [{ role: "prompt", segments: [{ text: "Something else" }] }] });
    expect(renderedPrompt([view({ spanId: "x", name: "tool", inputs: valueView('{"a": 1}') })], [text])).toBeNull();
  });
});

describe("alignSpans", () => {
  it("pairs spans by path, keeping one-sided spans in tree order", () => {
    const a = ["root", "root/a", "root/b", "root/b/x"].map((path) => ({ path }));
    const b = ["root", "root/new", "root/b", "root/c"].map((path) => ({ path }));
    expect(alignSpans(a, b).map((r) => [r.path, r.left?.path ?? null, r.right?.path ?? null])).toEqual([
      ["root", "root", "root"],
      ["root/a", "root/a", null],
      ["root/new", null, "root/new"],
      ["root/b", "root/b", "root/b"],
      ["root/b/x", "root/b/x", null],
      ["root/c", null, "root/c"],
    ]);
  });
});
