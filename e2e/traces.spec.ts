// The traces UI, seeded as the MLflow client sends traces: spans over OTLP (/v1/traces, JSON;
// attribute values as OTLP AnyValues, which the exporter decodes from the span's JSON strings),
// StartTraceV3 with the trace info (state, timings, previews, token usage, linked prompt), then
// link-to-run. Then the browser: the experiment's Traces tab (rows, filter, bad filter, sort), a
// trace page (span tree, waterfall, span detail, rendered prompt and its link), the run page's
// traces, and the compare page — all under the CSP, with no violation.
import { tracePayloads } from "../scripts/lib/trace-wire.mjs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { callApi, createExperiment, logRun, registerPrompt, snap, uniqueName } from "./fixtures";

async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(`${new URL(page.url()).pathname}: ${m.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return violations;
}

interface SpanSpec {
  id: number;
  parent?: number;
  name: string;
  type: string;
  startMs: number;
  endMs: number;
  inputs?: unknown;
  outputs?: unknown;
  attrs?: Record<string, unknown>;
  error?: string;
}
/** A trace as the MLflow 3 client sends it: OTLP spans, StartTraceV3, then link-to-run. */
async function sendTrace(
  request: APIRequestContext,
  experimentId: string,
  o: { name: string; at: number; spans: SpanSpec[]; runId?: string; prompt?: { name: string; version: number }; tokens?: [number, number]; state?: "OK" | "ERROR"; tags?: Record<string, string> },
): Promise<string> {
  const { traceId, otlp, start } = tracePayloads({ ...o, experimentId });
  const res = await request.post("/v1/traces", { data: JSON.stringify(otlp), headers: { "content-type": "application/json", "x-mlflow-experiment-id": experimentId } });
  expect(res.status(), await res.text()).toBe(200);
  const started = await request.post("/api/3.0/mlflow/traces", { data: start });
  expect(started.status(), await started.text()).toBe(200);
  if (o.runId) await callApi(request, "POST", "traces/link-to-run", { trace_ids: [traceId], run_id: o.runId });
  return traceId;
}

const qaTrace = (question: string, o: { at: number; latency: number; prompt: { name: string; version: number }; runId?: string; tokens: [number, number]; longContext?: boolean }) => ({
  name: "qa_chain",
  at: o.at,
  runId: o.runId,
  prompt: o.prompt,
  tokens: o.tokens,
  tags: { team: "search" },
  spans: [
    { id: 1, name: "qa_chain", type: "CHAIN", startMs: 0, endMs: o.latency, inputs: { question }, outputs: { answer: `MLflow answers: ${question}` } },
    {
      id: 2,
      parent: 1,
      name: "retrieve",
      type: "RETRIEVER",
      startMs: 2,
      endMs: Math.round(o.latency / 3),
      inputs: { query: question },
      outputs: [{ page_content: o.longContext ? "MLflow tracks experiments. ".repeat(200) : "MLflow tracks experiments.", metadata: { source: "docs" } }],
    },
    {
      id: 3,
      parent: 1,
      name: "ChatOpenAI",
      type: "CHAT_MODEL",
      startMs: Math.round(o.latency / 3) + 1,
      endMs: o.latency - 1,
      inputs: [{ role: "user", content: `Answer briefly: ${question}` }],
      outputs: { choices: [{ message: { role: "assistant", content: `MLflow answers: ${question}` } }] },
      attrs: { "mlflow.llm.model": "gpt-4o-mini", "mlflow.chat.tokenUsage": { input_tokens: o.tokens[0], output_tokens: o.tokens[1], total_tokens: o.tokens[0] + o.tokens[1] } },
    },
  ],
});

async function seed(request: APIRequestContext) {
  const name = uniqueName("traces");
  const experimentId = await createExperiment(request, name);
  const runId = await logRun(request, experimentId, { name: "eval-run" });
  const promptName = uniqueName("qa-prompt");
  await registerPrompt(request, promptName, "Answer briefly: {{question}}");
  const prompt = { name: promptName, version: 1 };
  const t0 = Date.now() - 60_000;
  const slow = await sendTrace(request, experimentId, qaTrace("What is a run?", { at: t0, latency: 1200, prompt, runId, tokens: [40, 20], longContext: true }));
  const fast = await sendTrace(request, experimentId, qaTrace("What is an experiment?", { at: t0 + 1000, latency: 300, prompt, runId, tokens: [30, 10] }));
  const failed = await sendTrace(request, experimentId, {
    name: "tool_call",
    at: t0 + 2000,
    state: "ERROR",
    spans: [{ id: 1, name: "tool_call", type: "TOOL", startMs: 0, endMs: 50, inputs: { city: "Paris" }, error: "TimeoutError: weather API" }],
  });
  return { name, experimentId, runId, promptName, slow, fast, failed };
}

test("the Traces tab lists the experiment's traces; filter, a bad filter and sort work", async ({ page, request }, testInfo) => {
  const violations = await watchCsp(page);
  const s = await seed(request);
  await page.goto(`/experiments/${s.experimentId}`);
  await page.getByRole("navigation", { name: "Runs view" }).getByRole("link", { name: "Traces" }).click();
  await expect(page).toHaveURL(new RegExp(`/experiments/${s.experimentId}/traces$`));
  const grid = page.getByRole("grid", { name: "Traces" });
  await expect(grid.getByRole("row")).toHaveCount(4); // header + 3
  // newest first: tool_call, then the two qa_chain traces
  await expect(grid.getByRole("row").nth(1)).toContainText("tool_call");
  await expect(grid.getByRole("row").nth(1)).toContainText("Error");
  const slowRow = grid.getByRole("row").filter({ hasText: "What is a run?" });
  await expect(slowRow).toContainText("1.2s");
  await expect(slowRow).toContainText("60");
  await expect(slowRow.getByRole("link", { name: `${s.promptName} v1` })).toHaveAttribute("href", `/prompts/${s.promptName}?version=1`);
  await expect(slowRow.getByRole("link", { name: "eval-run" })).toBeVisible();
  await snap(page, testInfo, "traces-table");

  // sort by latency, longest first
  await page.getByRole("button", { name: "Sort by Latency" }).click();
  await expect(page).toHaveURL(/sort=execution_time_ms&dir=desc/);
  await expect(grid.getByRole("row").nth(1)).toContainText("What is a run?");
  await page.getByRole("button", { name: "Sort by Latency" }).click();
  await expect(page).toHaveURL(/dir=asc/);
  await expect(grid.getByRole("row").nth(1)).toContainText("tool_call");

  // filter
  const box = page.getByRole("searchbox", { name: "Filter traces" });
  await box.fill("trace.status = 'ERROR'");
  await box.press("Enter");
  await expect(page).toHaveURL(/q=trace\.status/);
  await expect(grid.getByRole("row")).toHaveCount(2);
  await expect(grid).toContainText("tool_call");

  // a bad filter shows the parser's message
  await box.fill("trace.nope = 1");
  await box.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "Invalid" })).toContainText("trace.nope");
  await expect(page.getByText("Fix the filter above")).toBeVisible();
  await snap(page, testInfo, "traces-bad-filter");

  // an experiment with no traces tells how to produce them
  const empty = await createExperiment(request, uniqueName("no-traces"));
  await page.goto(`/experiments/${empty}/traces`);
  await expect(page.getByText("No traces in this experiment yet")).toBeVisible();
  await expect(page.getByText("@mlflow.trace").first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("the trace page: header, rendered prompt with its version link, span tree, waterfall, span detail", async ({ page, request }, testInfo) => {
  const violations = await watchCsp(page);
  const s = await seed(request);
  await page.goto(`/experiments/${s.experimentId}/traces`);
  await page.getByRole("grid", { name: "Traces" }).getByRole("link", { name: "qa_chain" }).first().click();
  await expect(page).toHaveURL(/\/traces\/tr-/);
  await expect(page.getByRole("heading", { name: "qa_chain", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Request" })).toContainText("question");

  const tree = page.getByRole("tree", { name: "Span tree" });
  const spanButton = (name: string) => tree.getByRole("button", { name: new RegExp(`^${name} [A-Z_]+$`) });
  await expect(tree.getByRole("treeitem")).toHaveCount(3);
  await expect(page.getByTestId("waterfall-bar")).toHaveCount(3);
  // the root spans the whole width; the LLM call starts a third of the way in
  const widths = await page.getByTestId("waterfall-bar").evaluateAll((els) => els.map((e) => (e as HTMLElement).style.width));
  expect(parseFloat(widths[0])).toBeGreaterThan(99);

  // the rendered prompt, the filled variable highlighted, linked to its prompt version
  const rendered = page.getByRole("region", { name: "Rendered prompt" });
  await expect(rendered.locator("mark[data-variable=question]")).toBeVisible();
  await expect(rendered.getByRole("link", { name: new RegExp(`Rendered from ${s.promptName} v1`) })).toHaveAttribute("href", `/prompts/${s.promptName}?version=1`);

  // select the LLM span: its chat messages and attributes
  await spanButton("ChatOpenAI").click();
  await expect(page).toHaveURL(/span=0000000000000003/);
  const detail = page.getByTestId("span-detail");
  await expect(detail.getByRole("heading", { name: "ChatOpenAI" })).toBeVisible();
  await expect(detail.getByTestId("span-inputs").getByRole("list", { name: "Chat messages" })).toContainText("Answer briefly:");
  await expect(detail.getByTestId("span-outputs")).toContainText("assistant");
  await expect(detail.getByTestId("span-attributes")).toContainText("gpt-4o-mini");
  await snap(page, testInfo, "trace-page-llm");

  // a link with ?span= opens that span; a long value is collapsed behind "Show more"
  await page.goto(`/traces/${s.slow}?span=0000000000000002`);
  await expect(detail.getByRole("heading", { name: "retrieve" })).toBeVisible();
  const more = detail.getByTestId("span-outputs").getByRole("button", { name: /Show more/ });
  await expect(more).toBeVisible();
  await more.click();
  await expect(detail.getByTestId("span-outputs").getByRole("button", { name: "Show less" })).toBeVisible();

  // the keyboard: ↑ from the LLM span selects retrieve, ← from there its parent
  await spanButton("ChatOpenAI").click();
  await page.keyboard.press("ArrowUp");
  await expect(detail.getByRole("heading", { name: "retrieve" })).toBeVisible();
  await page.keyboard.press("ArrowLeft");
  await expect(detail.getByRole("heading", { name: "qa_chain" })).toBeVisible();
  await expect(page).toHaveURL(/span=0000000000000001/);

  // collapse the root: only it remains
  await tree.getByRole("button", { name: "Collapse qa_chain" }).click();
  await expect(tree.getByRole("treeitem")).toHaveCount(1);

  // the selection is in the URL: a reload opens the same span
  await page.reload();
  await expect(page.getByTestId("span-detail").getByRole("heading", { name: "qa_chain" })).toBeVisible();

  // the error trace
  await page.goto(`/traces/${s.failed}`);
  await expect(page.getByTestId("span-detail")).toContainText("TimeoutError: weather API");
  await snap(page, testInfo, "trace-page-error");

  // unknown ids show the not-found page
  await page.goto(`/traces/tr-${"0".repeat(32)}`);
  await expect(page.getByText("Trace not found", { exact: true })).toBeVisible();
  expect(violations).toEqual([]);
});

test("the run page lists the run's traces with latency and tokens, linking to each trace", async ({ page, request }, testInfo) => {
  const violations = await watchCsp(page);
  const s = await seed(request);
  await page.goto(`/experiments/${s.experimentId}/runs/${s.runId}`);
  await page.getByRole("navigation", { name: "Run sections" }).getByRole("link", { name: "Traces" }).click();
  await expect(page).toHaveURL(/tab=traces/);
  const table = page.getByRole("table", { name: "Run traces" });
  await expect(table.getByRole("row")).toHaveCount(3); // header + the two linked qa_chain traces
  await expect(table.getByRole("row").filter({ hasText: "What is a run?" })).toContainText("1.2s");
  await expect(table.getByRole("row").filter({ hasText: "What is a run?" })).toContainText("60");
  await expect(page.getByText(/2 traces · average latency 750ms · 100 tokens/)).toBeVisible();
  await snap(page, testInfo, "run-traces");
  await table.getByRole("row").filter({ hasText: "What is a run?" }).getByRole("link", { name: "qa_chain" }).click();
  await expect(page).toHaveURL(new RegExp(`/traces/${s.slow}$`));
  await expect(page.getByTestId("trace-latency")).toHaveText("1.2s");
  expect(violations).toEqual([]);
});

test("the prompt page's Traces tab: latency and tokens per version, the selected version's traces", async ({ page, request }, testInfo) => {
  const violations = await watchCsp(page);
  const s = await seed(request);
  await page.goto(`/prompts/${encodeURIComponent(s.promptName)}`);
  await page.getByRole("tablist", { name: "Prompt views" }).getByRole("tab", { name: "Traces" }).click();
  await expect(page).toHaveURL(/tab=traces/);
  const figures = page.getByRole("table", { name: "Trace figures by prompt version" });
  const v1 = figures.getByRole("row").filter({ hasText: "v1" });
  await expect(v1).toContainText("750ms"); // mean of 1.2 s and 300 ms
  await expect(v1).toContainText("100"); // 60 + 40 tokens in all
  const traces = page.getByRole("table", { name: "Traces of version 1" });
  await expect(traces.getByRole("row")).toHaveCount(3);
  await snap(page, testInfo, "prompt-traces");
  await traces.getByRole("row").filter({ hasText: "What is an experiment?" }).getByRole("link", { name: "qa_chain" }).click();
  await expect(page).toHaveURL(new RegExp(`/traces/${s.fast}$`));
  expect(violations).toEqual([]);
});

test("run compare shows each run's trace count, latency and tokens against the baseline", async ({ page, request }, testInfo) => {
  const violations = await watchCsp(page);
  const s = await seed(request);
  const other = await logRun(request, s.experimentId, { name: "eval-run-2" });
  await sendTrace(request, s.experimentId, qaTrace("What is a model?", { at: Date.now() - 30_000, latency: 2000, prompt: { name: s.promptName, version: 1 }, runId: other, tokens: [90, 30] }));
  await page.goto(`/compare?runs=${s.runId},${other}`);
  await expect(page.getByTestId("section:traces")).toBeVisible();
  const latency = page.getByTestId("row:x:avgLatencyMs");
  await expect(latency).toContainText("750ms"); // the baseline: 1.2 s and 300 ms
  await expect(latency).toContainText("2.0s");
  await expect(latency.getByTestId("delta")).toHaveAttribute("data-change", "worse"); // slower is worse
  await expect(page.getByTestId("row:x:sumTotalTokens")).toContainText("120");
  await page.getByTestId("section:traces").scrollIntoViewIfNeeded();
  await snap(page, testInfo, "compare-traces");
  expect(violations).toEqual([]);
});

test("compare two traces from the table: spans aligned by path, inputs and outputs diffed", async ({ page, request }, testInfo) => {
  const violations = await watchCsp(page);
  const s = await seed(request);
  await page.goto(`/experiments/${s.experimentId}/traces`);
  const grid = page.getByRole("grid", { name: "Traces" });
  await grid.getByRole("row").filter({ hasText: "What is a run?" }).getByRole("checkbox").check();
  await grid.getByRole("row").filter({ hasText: "What is an experiment?" }).getByRole("checkbox").check();
  await page.getByRole("link", { name: /Compare 2/ }).click();
  await expect(page).toHaveURL(/\/traces\/compare\?traces=tr-[0-9a-f]+,tr-[0-9a-f]+/);
  await expect(page.getByRole("heading", { name: "Compare traces" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Trace A" })).toContainText("qa_chain");
  await expect(page.getByRole("region", { name: "Trace B" })).toContainText("qa_chain");

  const aligned = page.getByTestId("aligned-spans");
  await expect(aligned.getByRole("listitem")).toHaveCount(3);
  await expect(aligned.locator('[data-path="qa_chain/ChatOpenAI"]')).toContainText("differs");
  // the LLM span's chat input, diffed word by word
  const llm = aligned.locator('[data-path="qa_chain/ChatOpenAI"]');
  await expect(llm.getByTestId("diff-inputs").getByTestId("chat-diff")).toBeVisible();
  await expect(llm.getByTestId("diff-inputs")).toContainText("experiment");
  await expect(llm.getByTestId("diff-inputs")).toContainText("run");
  await snap(page, testInfo, "trace-compare");

  // a trace that does not exist
  await page.goto(`/traces/compare?traces=${s.slow},tr-${"0".repeat(32)}`);
  await expect(page.getByText("Trace not found", { exact: true })).toBeVisible();
  expect(violations).toEqual([]);
});
