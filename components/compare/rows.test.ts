import { describe, expect, it } from "vitest";
import { allSame, buildRows, isTextArtifact, looksLikePromptTemplate, type Row } from "@/components/compare/rows";
import { mergeChanged } from "@/components/compare/merge-segments";
import { diffTemplates } from "@/lib/text-diff";
import type { CompareData, CompareModel } from "@/lib/schemas/compare";

const run = (id: string, name: string, experimentId = "1") => ({
  id,
  name,
  experimentId,
  experimentName: `exp${experimentId}`,
  status: "FINISHED",
  startTime: 0,
  endTime: 1000,
  userId: "ana",
  lifecycleStage: "active",
});

const model = (name: string, example: string): CompareModel => ({
  modelId: `m-${example.length}`,
  name,
  status: "LOGGED_MODEL_READY",
  modelType: null,
  role: "output",
  creationTimestamp: 0,
  source: "logged",
  flavors: ["python_function"],
  signature: { inputs: "text: string", outputs: null, params: null },
  inputExample: example,
  environment: null,
  requirements: null,
  registrations: [],
});

const data: CompareData = {
  runs: [run("a", "v1"), run("b", "v2"), run("c", "v3", "2")],
  missing: [],
  experiments: [
    { id: "1", name: "exp1", directions: { accuracy: "lower" } },
    { id: "2", name: "exp2", directions: { accuracy: "higher", f1: "lower" } },
  ],
  params: [
    { key: "model_type", values: ["simple", "llm", "llm"] },
    { key: "prompt_template", values: ["Analyze the sentiment of: {text}", "Classify the sentiment of: {text}", null] },
    { key: "temperature", values: ["0", "0", "0"] },
  ],
  metrics: [
    { key: "accuracy", values: [{ value: 0.6, step: 0, timestamp: 0 }, { value: 0.8, step: 0, timestamp: 0 }, null] },
    { key: "f1", values: [{ value: 0.5, step: 0, timestamp: 0 }, { value: 0.5, step: 0, timestamp: 0 }, { value: 0.5, step: 0, timestamp: 0 }] },
    { key: "loss", values: [{ value: 1, step: 3, timestamp: 0 }, { value: 1, step: 3, timestamp: 0 }, { value: 1, step: 3, timestamp: 0 }] },
  ],
  tags: [{ key: "team", values: ["nlp", "nlp", "nlp"] }],
  prompts: [
    [{ name: "sent", version: 1, promptType: "text", template: "A {{text}}", variables: ["text"], aliases: [], commitMessage: null, creationTimestamp: 0, via: "run" }],
    [{ name: "sent", version: 2, promptType: "text", template: "B {{text}}", variables: ["text"], aliases: ["production"], commitMessage: null, creationTimestamp: 0, via: "run" }],
    [],
  ],
  models: [[model("sentiment_analyzer", "happy")], [model("sentiment_analyzer", "thrilled")], []],
  artifacts: [
    { files: [{ path: "eval/results.json", size: 10 }], truncated: false },
    { files: [{ path: "eval/results.json", size: 10 }, { path: "model.pkl", size: 99 }], truncated: false },
    { files: [], truncated: false },
  ],
  traces: [null, null, null],
};

const opts = { cols: [0, 1, 2], baseline: 0, diffOnly: new Set<never>(), collapsed: new Set<never>(), filter: "" };
const ids = (rows: Row[]) => rows.map((r) => r.id);
const find = (rows: Row[], id: string) => rows.find((r) => r.id === id)!;

describe("buildRows", () => {
  it("lists sections in order with per-row difference flags", () => {
    const rows = buildRows(data, opts);
    expect(rows.filter((r) => r.kind === "section").map((r) => r.id)).toEqual(["s:overview", "s:prompts", "s:params", "s:metrics", "s:models", "s:artifacts", "s:tags"]);
    expect(find(rows, "p:model_type")).toMatchObject({ differs: true, values: ["simple", "llm", "llm"] });
    expect(find(rows, "p:temperature")).toMatchObject({ differs: false });
    expect(find(rows, "m:accuracy")).toMatchObject({ differs: true });
    expect(find(rows, "m:f1")).toMatchObject({ differs: false });
    expect(find(rows, "t:team")).toMatchObject({ differs: false });
    expect(find(rows, "a:model.pkl")).toMatchObject({ differs: true, presentIn: 1, textLike: false });
    expect(find(rows, "a:eval/results.json")).toMatchObject({ presentIn: 2, textLike: true, sizes: [10, 10, null] });
  });

  it("adds a Traces section only when some run has traces: count, latency and tokens, lower latency is better", () => {
    expect(buildRows(data, opts).some((r) => r.id === "s:traces")).toBe(false);
    const stats = (avg: number, total: number) => ({ traces: 4, errors: 0, avgLatencyMs: avg, p50LatencyMs: avg, sumInputTokens: total - 10, sumOutputTokens: 10, sumTotalTokens: total });
    const rows = buildRows({ ...data, traces: [stats(600, 100), stats(800, 180), null] }, opts);
    expect(rows.filter((r) => r.kind === "section").map((r) => r.id)).toEqual(["s:overview", "s:prompts", "s:params", "s:metrics", "s:traces", "s:models", "s:artifacts", "s:tags"]);
    expect(find(rows, "x:avgLatencyMs")).toMatchObject({ kind: "trace", values: [600, 800, null], differs: true, direction: "lower" });
    expect(find(rows, "x:traces")).toMatchObject({ values: [4, 4, null], differs: true }); // a run without traces differs
    expect(buildRows({ ...data, traces: [stats(600, 100), stats(800, 180), null] }, { ...opts, cols: [0, 1] }).find((r) => r.id === "x:traces")).toMatchObject({ differs: false });
  });

  it("puts registered prompts by name and template-like params in the prompts section", () => {
    const rows = buildRows(data, opts);
    const prompt = find(rows, "r:sent");
    expect(prompt).toMatchObject({ kind: "prompt", differs: true });
    expect(prompt.kind === "prompt" && prompt.entries.map((e) => e?.version ?? null)).toEqual([1, 2, null]);
    expect(find(rows, "rt:prompt_template")).toMatchObject({ kind: "template", differs: true });
    expect(find(rows, "p:prompt_template")).toMatchObject({ promptLike: true });
    expect(rows.some((r) => r.id === "rt:model_type")).toBe(false);
  });

  it("groups models by name, one row per field that has a value", () => {
    const rows = buildRows(data, opts);
    expect(ids(rows).filter((id) => id.startsWith("l:"))).toEqual(["l:sentiment_analyzer:model", "l:sentiment_analyzer:flavors", "l:sentiment_analyzer:signature", "l:sentiment_analyzer:example"]);
    expect(find(rows, "l:sentiment_analyzer:example")).toMatchObject({ differs: true });
  });

  it("hides equal rows per section with differences only, keeping a note when nothing differs", () => {
    const rows = buildRows(data, { ...opts, diffOnly: new Set(["params", "tags"] as const) });
    expect(ids(rows)).toContain("p:model_type");
    expect(ids(rows)).not.toContain("p:temperature");
    expect(ids(rows)).toContain("m:f1"); // metrics section not toggled
    expect(find(rows, "e:tags")).toMatchObject({ kind: "empty", text: "No differences." });
    expect(find(rows, "s:params")).toMatchObject({ total: 3, matched: 3, shown: 2, differing: 2 });
  });

  it("follows visible columns: hiding a run can make a row equal", () => {
    const rows = buildRows(data, { ...opts, cols: [1, 2], baseline: 1 });
    expect(find(rows, "p:model_type")).toMatchObject({ differs: false, values: ["llm", "llm"] });
  });

  it("filters keys, collapses sections", () => {
    const rows = buildRows(data, { ...opts, filter: "TEMPERA", collapsed: new Set(["overview"] as const) });
    expect(ids(rows).filter((id) => id.startsWith("p:"))).toEqual(["p:temperature"]);
    expect(ids(rows).some((id) => id.startsWith("o:"))).toBe(false);
    expect(find(rows, "e:metrics")).toMatchObject({ text: "Nothing matches the filter." });
  });

  it("resolves metric directions: baseline's experiment first, then the guess; overrides win", () => {
    expect(find(buildRows(data, opts), "m:accuracy")).toMatchObject({ direction: "lower", directionSource: "tag" });
    expect(find(buildRows(data, { ...opts, cols: [2, 0], baseline: 2 }), "m:accuracy")).toMatchObject({ direction: "higher" });
    expect(find(buildRows(data, opts), "m:loss")).toMatchObject({ direction: "lower", directionSource: "guess" });
    expect(find(buildRows(data, { ...opts, directionOverrides: { loss: "higher" } }), "m:loss")).toMatchObject({ direction: "higher", directionSource: "tag" });
  });
});

describe("helpers", () => {
  it("recognises prompt-like param values", () => {
    expect(looksLikePromptTemplate("prompt_template", "Analyze the sentiment of the following text: {text}")).toBe(true);
    expect(looksLikePromptTemplate("p", "Summarise {{ doc }} in {{n}} sentences")).toBe(true);
    expect(looksLikePromptTemplate("system_prompt", "You are a helpful assistant")).toBe(true);
    expect(looksLikePromptTemplate("model_type", "simple_keyword")).toBe(false);
    expect(looksLikePromptTemplate("config", '{"a": 1, "b": "{x} y z w"}')).toBe(false);
    expect(looksLikePromptTemplate("notes", "word ".repeat(30))).toBe(true);
    expect(looksLikePromptTemplate("path", "/data/{split}")).toBe(false);
  });

  it("compares with null as a value of its own", () => {
    expect(allSame(["a", "a"])).toBe(true);
    expect(allSame(["a", null])).toBe(false);
    expect(allSame([null, null])).toBe(true);
    expect(allSame([NaN, NaN])).toBe(true);
  });

  it("knows text artifacts", () => {
    expect(isTextArtifact("eval/results.json")).toBe(true);
    expect(isTextArtifact("model/MLmodel")).toBe(true);
    expect(isTextArtifact("model.pkl")).toBe(false);
  });

  it("merges a changed line's sides into one inline stream", () => {
    const d = diffTemplates("a b c", "a X b c");
    const row = d.rows.find((r) => r.kind === "changed")!;
    const merged = mergeChanged(row.left!.segments, row.right!.segments);
    expect(merged.map((s) => s.text).join("")).toBe("a X b c");
    expect(merged.filter((s) => s.kind === "added").map((s) => s.text.trim())).toEqual(["X"]);
    const d2 = diffTemplates("Analyze the sentiment: {text}", "Classify the sentiment. Respond: {text}");
    const r2 = d2.rows.find((r) => r.kind === "changed")!;
    const m2 = mergeChanged(r2.left!.segments, r2.right!.segments);
    expect(m2.filter((s) => s.kind !== "added").map((s) => s.text).join("")).toBe("Analyze the sentiment: {text}");
    expect(m2.filter((s) => s.kind !== "removed").map((s) => s.text).join("")).toBe("Classify the sentiment. Respond: {text}");
  });
});
