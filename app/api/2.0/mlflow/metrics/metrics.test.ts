// Metric-history endpoints (docs/mlflow-compatibility.md#metrics, #differences-from-mlflow): whole history without max_results, keyset pages,
// sampled bulk intervals, the legacy bulk endpoint.
import { describe, expect, it } from "vitest";
import { call, uniqueName } from "@/tests/helpers";
import { POST as createExperiment } from "../experiments/create/route";
import { POST as createRun } from "../runs/create/route";
import { POST as batch } from "../runs/log-batch/route";
import { GET as history } from "./get-history/route";
import { GET as bulkInterval } from "./get-history-bulk-interval/route";
import { GET as bulk } from "./get-history-bulk/route";
import { getMetricHistoryBulkInterval } from "@/lib/domain/metrics";

type Point = { key: string; value: number | string; timestamp: number; step: number; run_id?: string };

let experimentId: string | undefined;
async function newRun() {
  experimentId ??= (await call(createExperiment, "POST", { name: uniqueName("metrics") })).body.experiment_id as string;
  return ((await call(createRun, "POST", { experiment_id: experimentId, start_time: 1 })).body.run as { info: { run_id: string } }).info.run_id;
}

/** Logs points in batches of 1000. */
async function log(runId: string, points: { key: string; value: number | string; timestamp: number; step: number }[]) {
  for (let i = 0; i < points.length; i += 1000) {
    const r = await call(batch, "POST", { run_id: runId, metrics: points.slice(i, i + 1000) });
    expect(r.status).toBe(200);
  }
}

const steps = (key: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ key, value: Math.sin(from + i), timestamp: 1_700_000_000_000 + from + i, step: from + i }));

describe("metrics/get-history", () => {
  it("returns the WHOLE history when max_results is absent", async () => {
    const runId = await newRun();
    await log(runId, steps("loss", 0, 2999));
    const r = await call(history, "GET", { run_id: runId, metric_key: "loss" });
    expect(r.status).toBe(200);
    const metrics = r.body.metrics as Point[];
    expect(metrics.length).toBe(3000);
    expect(metrics[0]).toEqual({ key: "loss", value: Math.sin(0), timestamp: 1_700_000_000_000, step: 0, run_id: runId });
    expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(r.body.next_page_token).toBeUndefined();
  });

  it("pages with max_results + page_token in MLflow's order (timestamp, step, value)", async () => {
    const runId = await newRun();
    await log(runId, [
      { key: "m", value: 3, timestamp: 10, step: 2 },
      { key: "m", value: 1, timestamp: 10, step: 1 },
      { key: "m", value: 2, timestamp: 10, step: 1 },
      { key: "m", value: "NaN", timestamp: 5, step: 9 },
      { key: "m", value: "Infinity", timestamp: 20, step: 0 },
      { key: "other", value: 0, timestamp: 1, step: 0 },
    ]);
    const seen: Point[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await call(history, "GET", { run_uuid: runId, metric_key: "m", max_results: 2, ...(token ? { page_token: token } : {}) });
      expect(r.status).toBe(200);
      seen.push(...(r.body.metrics as Point[]));
      token = r.body.next_page_token as string | undefined;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen.map((m) => [m.timestamp, m.step, m.value])).toEqual([
      [5, 9, "NaN"],
      [10, 1, 1],
      [10, 1, 2],
      [10, 2, 3],
      [20, 0, "Infinity"],
    ]);
    // exactly one full page: no token
    const exact = await call(history, "GET", { run_id: runId, metric_key: "m", max_results: 5 });
    expect((exact.body.metrics as Point[]).length).toBe(5);
    expect(exact.body.next_page_token).toBeUndefined();
  });

  it("answers an unknown metric with {} and errors with MLflow's codes", async () => {
    const runId = await newRun();
    expect(await call(history, "GET", { run_id: runId, metric_key: "never" })).toEqual({ status: 200, body: {} });
    const unknownRun = await call(history, "GET", { run_id: "f".repeat(32), metric_key: "m" });
    expect([unknownRun.status, unknownRun.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    const noKey = await call(history, "GET", { run_id: runId });
    expect([noKey.status, noKey.body.message]).toEqual([400, "Missing value for required parameter 'metric_key'. See the API docs for more information about request parameters."]);
    const noRun = await call(history, "GET", { metric_key: "m" });
    expect([noRun.status, noRun.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const badToken = await call(history, "GET", { run_id: runId, metric_key: "m", max_results: 1, page_token: "garbage" });
    expect([badToken.status, badToken.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const badMax = await call(history, "GET", { run_id: runId, metric_key: "m", max_results: "ten" });
    expect([badMax.status, badMax.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });
});

describe("metrics/get-history-bulk-interval", () => {
  it("samples evenly and keeps the last step (MLflow: steps 0..5, max 3 → 0, 2, 4, 5)", async () => {
    const runId = await newRun();
    await log(runId, steps("acc", 0, 5));
    const r = await call(bulkInterval, "GET", { run_ids: runId, metric_key: "acc", max_results: 3 });
    expect(r.status).toBe(200);
    expect((r.body.metrics as Point[]).map((m) => m.step)).toEqual([0, 2, 4, 5]);
    expect((r.body.metrics as Point[])[0]).toEqual({ key: "acc", value: Math.sin(0), timestamp: 1_700_000_000_000, step: 0, run_id: runId });
  });

  it("samples the runs' steps together and adds each run's first and last step (MLflow's REST test)", async () => {
    const one = await newRun();
    const two = await newRun();
    const flat = (n: number) => Array.from({ length: n }, (_, i) => ({ key: "metricA", timestamp: 1, step: i, value: 10 }));
    await log(one, flat(10));
    await log(two, flat(20));
    const single = await call(bulkInterval, "GET", { run_ids: [one], metric_key: "metricA", max_results: 5 });
    expect((single.body.metrics as Point[]).map((m) => m.step)).toEqual([0, 2, 4, 6, 8, 9]);
    const both = await call(bulkInterval, "GET", { run_ids: [one, two], metric_key: "metricA", max_results: 5 });
    const metrics = both.body.metrics as Point[];
    expect(metrics.map((m) => [m.run_id === one ? 1 : 2, m.step])).toEqual([
      ...[0, 4, 8, 9].map((s) => [1, s]),
      ...[0, 4, 8, 9, 12, 16, 19].map((s) => [2, s]),
    ]);
    expect(metrics[0]).toEqual({ key: "metricA", value: 10, timestamp: 1, step: 0, run_id: one });
  });

  it("samples a long history by step value, shared with the other runs, and returns every point at a kept step", async () => {
    const long = await newRun();
    const short = await newRun();
    await log(long, steps("loss", 0, 9999));
    await log(short, [...steps("loss", 0, 9), { key: "loss", value: 42, timestamp: 1, step: 9 }]);
    const r = await call(bulkInterval, "GET", { run_ids: [short, long], metric_key: "loss", max_results: 100 });
    const metrics = r.body.metrics as Point[];
    const shortPoints = metrics.filter((m) => m.run_id === short);
    const longPoints = metrics.filter((m) => m.run_id === long);
    expect(metrics.slice(0, shortPoints.length)).toEqual(shortPoints); // request order: short first
    expect(shortPoints.map((m) => m.step)).toEqual([0, 9, 9]); // a shared pick, then its own last step (two points)
    const longSteps = longPoints.map((m) => m.step);
    expect(longSteps.length).toBe(102); // 100 evenly spaced picks + the last step + the short run's last step (9)
    expect(longSteps.slice(0, 4)).toEqual([0, 9, 100, 200]);
    expect(longSteps.at(-1)).toBe(9999);
    expect([...longSteps].sort((a, b) => a - b)).toEqual(longSteps);

    // the compare charts sample each run over its own steps instead
    const perRun = await getMetricHistoryBulkInterval({ runIds: [short, long], metricKey: "loss", maxResults: 100 }, undefined, "per-run");
    expect(perRun.filter((m) => m.runId === short).map((m) => Number(m.step))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9]);
    const perRunLong = perRun.filter((m) => m.runId === long).map((m) => Number(m.step));
    expect(perRunLong.length).toBe(101);
    expect(perRunLong.slice(0, 4)).toEqual([0, 100, 200, 300]);
  });

  it("restricts to [start_step, end_step]", async () => {
    const runId = await newRun();
    await log(runId, steps("x", 0, 999));
    const r = await call(bulkInterval, "GET", { run_ids: [runId], metric_key: "x", start_step: 100, end_step: 199, max_results: 10 });
    const s = (r.body.metrics as Point[]).map((m) => m.step);
    expect(s).toEqual([100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 199]);
    const all = await call(bulkInterval, "GET", { run_ids: [runId], metric_key: "x", start_step: 990, end_step: 2000 });
    expect((all.body.metrics as Point[]).map((m) => m.step)).toEqual([990, 991, 992, 993, 994, 995, 996, 997, 998, 999]);
  });

  it("validates run_ids, max_results and the step range", async () => {
    const runId = await newRun();
    const cases: [Record<string, unknown>, string][] = [
      [{ metric_key: "x" }, "Missing value for required parameter 'run_ids'"],
      [{ run_ids: Array.from({ length: 101 }, (_, i) => `r${i}`), metric_key: "x" }, "GetMetricHistoryBulkInterval request must specify at most 100 run_ids. Received 101 run_ids."],
      [{ run_ids: runId }, "Missing value for required parameter 'metric_key'"],
      [{ run_ids: runId, metric_key: "x", max_results: 0 }, "max_results must be between 1 and 2500."],
      [{ run_ids: runId, metric_key: "x", max_results: 2501 }, "max_results must be between 1 and 2500."],
      [{ run_ids: runId, metric_key: "x", start_step: 5 }, "If either start step or end step are specified, both must be specified."],
      [{ run_ids: runId, metric_key: "x", start_step: 5, end_step: 1 }, "end_step must be greater than start_step. Found start_step=5 and end_step=1."],
      [{ run_ids: runId, metric_key: "x", start_step: "a", end_step: 1 }, "'start_step'"],
    ];
    for (const [q, message] of cases) {
      const r = await call(bulkInterval, "GET", q);
      expect([r.status, r.body.error_code], JSON.stringify(q)).toEqual([400, "INVALID_PARAMETER_VALUE"]);
      expect(r.body.message).toContain(message);
    }
    expect(await call(bulkInterval, "GET", { run_ids: "0".repeat(32), metric_key: "x" })).toEqual({ status: 200, body: {} });
  });
});

describe("metrics/get-history-bulk (legacy UI endpoint)", () => {
  it("returns the histories of several runs sorted by run, timestamp, step, capped by max_results", async () => {
    const a = await newRun();
    const b = await newRun();
    await log(a, steps("m", 0, 4));
    await log(b, steps("m", 0, 2));
    const r = await call(bulk, "GET", { run_id: [b, a], metric_key: "m" });
    const metrics = r.body.metrics as Point[];
    expect(metrics.length).toBe(8);
    const [first, second] = [a, b].sort();
    expect(metrics.map((m) => m.run_id)).toEqual([...Array(first === a ? 5 : 3).fill(first), ...Array(first === a ? 3 : 5).fill(second)]);
    expect((await call(bulk, "GET", { run_id: [a, b], metric_key: "m", max_results: 2 })).body.metrics).toHaveLength(2);
  });

  it("validates run_id and metric_key", async () => {
    const none = await call(bulk, "GET", { metric_key: "m" });
    expect([none.status, none.body.message]).toEqual([400, "GetMetricHistoryBulk request must specify at least one run_id."]);
    const many = await call(bulk, "GET", { run_id: Array.from({ length: 101 }, (_, i) => `r${i}`), metric_key: "m" });
    expect(many.body.message).toBe("GetMetricHistoryBulk request cannot specify more than 100 run_ids. Received 101 run_ids.");
    const noKey = await call(bulk, "GET", { run_id: "abc" });
    expect(noKey.body.message).toBe("GetMetricHistoryBulk request must specify a metric_key.");
  });
});
