// runs/search streams a large page (issue 15 item 6): with RUNBOARD_STREAM_CHUNK small (2 runs
// per chunk here), every page of every size is byte for byte the answer built whole (the same
// search with one chunk), and carries exactly what was logged — awkward doubles, int64 steps,
// quotes and unicode in params and tags, model links, datasets. Errors of the search are MLflow
// JSON with their status (nothing is streamed before the checks), and a client that stops
// reading after the first chunk leaves the server able to answer the next search.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, uniqueName } from "@/tests/helpers";
import { POST as createExperiment } from "../experiments/create/route";
import { POST as createRun } from "./create/route";
import { POST as batch } from "./log-batch/route";
import { POST as logInputs } from "./log-inputs/route";
import { POST as search } from "./search/route";

const saved = process.env.RUNBOARD_STREAM_CHUNK;
const RUNS = 9;
let experimentId = "";
const logged = new Map<string, { params: Record<string, string>; tags: Record<string, string>; metrics: Record<string, { value: number | string; step: string }> }>();

async function raw(body: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
  return search(new Request("http://runboard.test/api/2.0/mlflow/runs/search", { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" }, signal }));
}

/** The same search answered with a chunk larger than any page: built whole. */
async function whole(body: Record<string, unknown>): Promise<string> {
  process.env.RUNBOARD_STREAM_CHUNK = "100000";
  try {
    return await (await raw(body)).text();
  } finally {
    process.env.RUNBOARD_STREAM_CHUNK = "20";
  }
}

beforeAll(async () => {
  process.env.RUNBOARD_STREAM_CHUNK = "20"; // 2 runs per chunk
  experimentId = (await call(createExperiment, "POST", { name: uniqueName("search-stream") })).body.experiment_id as string;
  const values: (number | string)[] = ["NaN", "Infinity", "-Infinity", -0, 1e-7, 1.5e300, 0.1, 123456789012345680, 2];
  for (let i = 0; i < RUNS; i++) {
    const run = (await call(createRun, "POST", { experiment_id: experimentId, start_time: 1_700_000_000_000 + i, run_name: `run "${i}" ✓` })).body.run as { info: { run_id: string } };
    const id = run.info.run_id;
    const params = { lr: String(10 ** -i), "quote key": `va"l\\ue ${i}`, "uni_code": "☃\n" + i };
    const tags = { "team/name": `t${i % 3}`, note: "<b>&amp;</b>" };
    const step = i === 4 ? "9223372036854775807" : String(i * 10);
    const metrics = { loss: { value: values[i], step }, acc: { value: i / 10, step: "0" } };
    const r = await call(batch, "POST", {
      run_id: id,
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
      metrics: Object.entries(metrics).map(([key, m]) => ({ key, value: m.value, timestamp: 5, step: m.step })),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    if (i % 4 === 0) {
      const d = await call(logInputs, "POST", { run_id: id, datasets: [{ dataset: { name: `ds${i}`, digest: "abc", source_type: "local", source: "{}" }, tags: [{ key: "mlflow.data.context", value: "train" }] }] });
      expect(d.status).toBe(200);
    }
    logged.set(id, { params, tags, metrics });
  }
});

afterAll(() => {
  if (saved === undefined) delete process.env.RUNBOARD_STREAM_CHUNK;
  else process.env.RUNBOARD_STREAM_CHUNK = saved;
});

describe("runs/search, streamed", () => {
  it("every page size and page is byte for byte the whole answer", async () => {
    for (const maxResults of [1, 2, 3, 4, 5, 8, 9, 10, 1000]) {
      let token: string | undefined;
      let seen = 0;
      do {
        const body = { experiment_ids: [experimentId], max_results: maxResults, page_token: token, order_by: ["metrics.acc DESC"] };
        const res = await raw(body);
        expect(res.status).toBe(200);
        const text = await res.text();
        expect(text).toBe(await whole(body));
        const page = JSON.parse(text) as { runs?: unknown[]; next_page_token?: string };
        seen += page.runs?.length ?? 0;
        token = page.next_page_token;
      } while (token);
      expect(seen).toBe(RUNS);
    }
  });

  it("is written a chunk of runs at a time", async () => {
    const res = await raw({ experiment_ids: [experimentId], max_results: 100 });
    const reader = res.body!.getReader();
    let pieces = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) pieces++;
    // 9 runs, 2 per chunk: 5 chunks of runs and the closing piece (one piece if built whole).
    expect(pieces).toBe(6);
  });

  it("carries exactly what was logged", async () => {
    const res = await raw({ experiment_ids: [experimentId], max_results: 100 });
    const { runs } = (await res.json()) as { runs: { info: { run_id: string; run_name: string }; data: { params: { key: string; value: string }[]; tags: { key: string; value: string }[]; metrics: { key: string; value: number | string; step: number; timestamp: number }[] }; inputs: { dataset_inputs?: { dataset: { name: string } }[] } }[] };
    expect(runs).toHaveLength(RUNS);
    // Newest first (start_time DESC).
    expect(runs.map((r) => r.info.run_name)).toEqual(Array.from({ length: RUNS }, (_, i) => `run "${RUNS - 1 - i}" ✓`));
    for (const r of runs) {
      const want = logged.get(r.info.run_id)!;
      expect(Object.fromEntries(r.data.params.map((p) => [p.key, p.value]))).toEqual(want.params);
      const userTags = r.data.tags.filter((t) => !t.key.startsWith("mlflow."));
      expect(Object.fromEntries(userTags.map((t) => [t.key, t.value]))).toEqual(want.tags);
      // Keys in order, the latest value of each with MLflow's wire form of doubles and int64s.
      expect(r.data.metrics.map((m) => m.key)).toEqual(["acc", "loss"]);
      const loss = r.data.metrics[1];
      const v = want.metrics.loss.value;
      expect(loss.value).toEqual(typeof v === "number" ? (Object.is(v, -0) ? 0 : v) : v);
      expect(BigInt(loss.step)).toBe(want.metrics.loss.step === "9223372036854775807" ? BigInt(Number("9223372036854775807")) : BigInt(want.metrics.loss.step));
      const n = Number(r.info.run_name.match(/\d+/)![0]);
      expect(r.inputs.dataset_inputs?.map((d) => d.dataset.name) ?? []).toEqual(n % 4 === 0 ? [`ds${n}`] : []);
    }
  });

  it("a bad filter answers MLflow's 400 JSON; a client that stops reading leaves the next search working", async () => {
    const bad = await raw({ experiment_ids: [experimentId], filter: "metrics.loss >" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error_code: string }).error_code).toBe("INVALID_PARAMETER_VALUE");

    const ctl = new AbortController();
    const res = await raw({ experiment_ids: [experimentId], max_results: 100 }, ctl.signal);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).startsWith('{"runs":[{"info":')).toBe(true);
    await reader.cancel();
    ctl.abort();
    const again = await raw({ experiment_ids: [experimentId], max_results: 100 });
    expect(((await again.json()) as { runs: unknown[] }).runs).toHaveLength(RUNS);
  });
});
