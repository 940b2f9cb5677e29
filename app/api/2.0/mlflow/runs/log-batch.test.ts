// runs/log-batch: limits and messages (docs/mlflow-compatibility.md#limits), all-or-nothing, a constant number of SQL
// statements whatever the batch size, and latest_metrics under concurrent writers.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db, type Tx } from "@/lib/db";
import { logBatch } from "@/lib/domain/runs/log-batch";
import { call, uniqueName } from "@/tests/helpers";
import { POST as createExperiment } from "../experiments/create/route";
import { POST as create } from "./create/route";
import { GET as get } from "./get/route";
import { POST as del } from "./delete/route";
import { POST as batch } from "./log-batch/route";

type Json = Record<string, unknown>;

async function newRun() {
  const experimentId = (await call(createExperiment, "POST", { name: uniqueName("batch") })).body.experiment_id as string;
  const run = (await call(create, "POST", { experiment_id: experimentId, start_time: 1 })).body.run as { info: { run_id: string } };
  return { runId: run.info.run_id, experimentId };
}

async function readRun(runId: string) {
  return (await call(get, "GET", { run_id: runId })).body.run as {
    info: { run_name: string };
    data: { metrics?: Json[]; params?: { key: string; value: string }[]; tags?: { key: string; value: string }[] };
  };
}

const countRows = async (table: "metrics" | "params" | "run_tags" | "latest_metrics", runId: string) =>
  (await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table} WHERE run_id = $1`, runId))[0].n;

describe("runs/log-batch", () => {
  it("logs metrics, params and tags; answers {}", async () => {
    const { runId, experimentId } = await newRun();
    const r = await call(batch, "POST", {
      run_id: runId,
      metrics: [
        { key: "loss", value: 0.9, timestamp: 1000, step: 0 },
        { key: "loss", value: 0.5, timestamp: 1001, step: 1 },
        { key: "acc", value: "0.75", timestamp: "1002", step: "1" },
      ],
      params: [
        { key: "lr", value: "0.01" },
        { key: "model_type", value: "simple_keyword" },
      ],
      tags: [
        { key: "stage", value: "a" },
        { key: "stage", value: "b" },
        { key: "mlflow.runName", value: "from-batch" },
      ],
    });
    expect(r).toEqual({ status: 200, body: {} });
    const run = await readRun(runId);
    expect(run.info.run_name).toBe("from-batch");
    expect(run.data.metrics).toEqual([
      { key: "acc", value: 0.75, timestamp: 1002, step: 1 },
      { key: "loss", value: 0.5, timestamp: 1001, step: 1 },
    ]);
    expect(run.data.params).toEqual([
      { key: "lr", value: "0.01" },
      { key: "model_type", value: "simple_keyword" },
    ]);
    expect(Object.fromEntries(run.data.tags!.map((t) => [t.key, t.value]))).toMatchObject({ stage: "b", "mlflow.runName": "from-batch" });
    const keys = await db.experimentKey.findMany({ where: { experimentId: Number(experimentId) }, orderBy: [{ kind: "asc" }, { key: "asc" }] });
    expect(keys.map((k) => `${k.kind}:${k.key}`)).toEqual(["metric:acc", "metric:loss", "param:lr", "param:model_type", "tag:mlflow.runName", "tag:stage"]);
  });

  it("accepts an empty batch", async () => {
    const { runId } = await newRun();
    expect(await call(batch, "POST", { run_id: runId })).toEqual({ status: 200, body: {} });
  });

  it("keeps the latest value per key: highest step, then latest timestamp, then max value", async () => {
    const { runId } = await newRun();
    await call(batch, "POST", {
      run_id: runId,
      metrics: [
        { key: "a", value: 1, timestamp: 50, step: 5 },
        { key: "a", value: 2, timestamp: 10, step: 5 },
        { key: "b", value: 3, timestamp: 10, step: 1 },
        { key: "b", value: 9, timestamp: 10, step: 1 },
        { key: "c", value: 7, timestamp: 99, step: 0 },
      ],
    });
    // an older point does not replace the latest one
    await call(batch, "POST", { run_id: runId, metrics: [{ key: "a", value: 100, timestamp: 999, step: 4 }, { key: "c", value: 1, timestamp: 100, step: 0 }] });
    const m = (await readRun(runId)).data.metrics;
    expect(m).toEqual([
      { key: "a", value: 1, timestamp: 50, step: 5 },
      { key: "b", value: 9, timestamp: 10, step: 1 },
      { key: "c", value: 1, timestamp: 100, step: 0 },
    ]);
  });

  it("stores identical points once and NaN/±Infinity exactly", async () => {
    const { runId } = await newRun();
    const point = { key: "x", value: "NaN", timestamp: 1, step: 0 };
    await call(batch, "POST", { run_id: runId, metrics: [point, point, { key: "y", value: "-Infinity", timestamp: 1 }] });
    await call(batch, "POST", { run_id: runId, metrics: [point] });
    expect(await countRows("metrics", runId)).toBe(2);
    expect((await readRun(runId)).data.metrics).toEqual([
      { key: "x", value: "NaN", timestamp: 1, step: 0 },
      { key: "y", value: "-Infinity", timestamp: 1, step: 0 },
    ]);
  });

  it("is all-or-nothing: one invalid item writes nothing", async () => {
    const { runId } = await newRun();
    const metrics = Array.from({ length: 10 }, (_, i) => ({ key: "ok", value: i, timestamp: i, step: i }));
    const bad = await call(batch, "POST", {
      run_id: runId,
      metrics: [...metrics, { key: "bad key!", value: 1, timestamp: 1 }],
      params: [{ key: "p", value: "1" }],
      tags: [{ key: "t", value: "1" }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("'metrics[10].key'");
    expect(await countRows("metrics", runId)).toBe(0);

    // a param conflict found in the database also rolls back metrics and tags of the same batch
    await call(batch, "POST", { run_id: runId, params: [{ key: "p", value: "1" }] });
    const conflict = await call(batch, "POST", { run_id: runId, metrics, params: [{ key: "q", value: "2" }, { key: "p", value: "other" }], tags: [{ key: "t", value: "1" }] });
    expect(conflict).toEqual({
      status: 400,
      body: {
        error_code: "INVALID_PARAMETER_VALUE",
        message: `Changing param values is not allowed. Params were already logged='[{'key': 'p', 'old_value': '1', 'new_value': 'other'}]' for run ID='${runId}'.`,
      },
    });
    expect(await countRows("metrics", runId)).toBe(0);
    expect(await countRows("latest_metrics", runId)).toBe(0);
    expect(await countRows("params", runId)).toBe(1);
    expect(await countRows("run_tags", runId)).toBe(1); // mlflow.runName only
    // logging the same param value again is fine
    expect((await call(batch, "POST", { run_id: runId, params: [{ key: "p", value: "1" }] })).status).toBe(200);
  });

  it("enforces MLflow's batch limits", async () => {
    const { runId } = await newRun();
    const m = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `m${i}`, value: 1, timestamp: 1 }));
    const kv = (n: number, p: string) => Array.from({ length: n }, (_, i) => ({ key: `${p}${i}`, value: "v" }));
    const cases: [Json, string][] = [
      [{ metrics: m(1001) }, "A batch logging request can contain at most 1000 metrics. Got 1001 metrics. Please split up metrics across multiple requests and try again."],
      [{ params: kv(101, "p") }, "A batch logging request can contain at most 100 params. Got 101 params."],
      [{ tags: kv(101, "t") }, "A batch logging request can contain at most 100 tags. Got 101 tags."],
      [{ metrics: m(950), params: kv(60, "p") }, "A batch logging request can contain at most 1000 metrics, params, and tags. Got 1010 metrics, params, and tags."],
    ];
    for (const [body, message] of cases) {
      const r = await call(batch, "POST", { run_id: runId, ...body });
      expect([r.status, r.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
      expect(r.body.message).toContain(message);
    }
    expect(await countRows("metrics", runId)).toBe(0);
    expect((await call(batch, "POST", { run_id: runId, metrics: m(1000) })).status).toBe(200);
    expect(await countRows("metrics", runId)).toBe(1000);
  });

  it("names the offending field path", async () => {
    const { runId } = await newRun();
    const ok = { key: "k", value: 1, timestamp: 1 };
    const cases: [Json, string][] = [
      [{ metrics: [ok, ok, ok, { key: "k", value: 1 }] }, "Missing value for required parameter 'metrics[3].timestamp'. See the API docs for more information about request parameters."],
      [{ metrics: [{ key: "k", timestamp: 1 }] }, "Missing value for required parameter 'metrics[0].value'"],
      [{ metrics: [{ value: 1, timestamp: 1 }] }, "Missing value for required parameter 'metrics[0].key'"],
      [{ metrics: [{ key: "k", value: true, timestamp: 1 }] }, "Invalid value true for parameter 'metrics[0].value' supplied"],
      [{ metrics: [ok, { key: "k", value: 1, timestamp: -1 }] }, "Invalid value -1 for parameter 'metrics[1].timestamp' supplied: metric 'k' (value=1). Timestamp must be a nonnegative long"],
      [{ metrics: [{ key: "k", value: 1, timestamp: 1, step: "two" }] }, "Invalid value \"two\" for parameter 'metrics[0].step' supplied"],
      [{ metrics: [{ key: "a/./b", value: 1, timestamp: 1 }] }, "for parameter 'metrics[0].key' supplied: Names may be treated as files in certain cases"],
      [{ params: [{ value: "v" }] }, "Missing value for required parameter 'params[0].key'"],
      [{ params: [{ key: "p".repeat(251), value: "v" }] }, "'params[0].key' exceeds the maximum length of 250 characters"],
      [{ tags: [{ key: "t", value: "v" }, { value: "v" }] }, "Missing value for required parameter 'tags[1].key'"],
      [{ tags: [{ key: "t", value: 1 }] }, "Invalid value 1 for parameter 'tags[0].value' supplied"],
      [{ params: [{ key: "dup", value: "1" }, { key: "dup", value: "1" }] }, "Duplicate parameter keys have been submitted: ['dup']. Please ensure the request contains only one param value per param key."],
      [{ metrics: "not a list" }, "Invalid value \"not a list\" for parameter 'metrics' supplied"],
      [{ metrics: [{ key: "k", value: 1, timestamp: 1, model_id: "m-" + "x".repeat(40) }] }, "'metrics[0].model_id' exceeds the maximum length of 36 characters"],
      [{ tags: [{ key: "t", value: "nul\u0000" }] }, "'tags[0].value'"],
    ];
    for (const [body, message] of cases) {
      const r = await call(batch, "POST", { run_id: runId, ...body });
      expect([r.status, r.body.error_code], JSON.stringify(body)).toEqual([400, "INVALID_PARAMETER_VALUE"]);
      expect(r.body.message, JSON.stringify(body)).toContain(message);
    }
  });

  it("answers unknown, malformed, missing and deleted runs, and malformed JSON", async () => {
    const unknown = await call(batch, "POST", { run_id: randomUUID().replaceAll("-", ""), params: [{ key: "a", value: "1" }] });
    expect([unknown.status, unknown.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    const malformed = await call(batch, "POST", { run_id: "../etc", params: [{ key: "a", value: "1" }] });
    expect([malformed.status, malformed.body.message]).toEqual([400, `Invalid value "../etc" for parameter 'run_id' supplied.`]);
    const missing = await call(batch, "POST", { metrics: [] });
    expect([missing.status, missing.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const json = await call(batch, "POST", '{"run_id": "x", "metrics": [');
    expect([json.status, json.body.error_code]).toEqual([400, "BAD_REQUEST"]);
    const notObject = await call(batch, "POST", "[1,2]");
    expect([notObject.status, notObject.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const { runId } = await newRun();
    await call(del, "POST", { run_id: runId });
    const deleted = await call(batch, "POST", { run_id: runId, metrics: [{ key: "k", value: 1, timestamp: 1 }] });
    expect(deleted).toEqual({
      status: 400,
      body: { error_code: "INVALID_PARAMETER_VALUE", message: `The run ${runId} must be in the 'active' state. Current state is deleted.` },
    });
  });

  it("attaches metrics carrying model_id to an existing logged model", async () => {
    const { runId, experimentId } = await newRun();
    const modelId = `m-${randomUUID().replaceAll("-", "")}`;
    await db.loggedModel.create({
      data: { id: modelId, experimentId: Number(experimentId), name: "m", artifactUri: "x", creationTimestampMs: 1n, lastUpdatedTimestampMs: 1n },
    });
    const r = await call(batch, "POST", {
      run_id: runId,
      metrics: [
        { key: "f1", value: 0.8, timestamp: 5, step: 0, model_id: modelId, dataset_name: "eval", dataset_digest: "d1" },
        { key: "f1", value: 0.7, timestamp: 5, step: 0, model_id: "m-unknown" },
        { key: "plain", value: 1, timestamp: 5 },
      ],
    });
    expect(r.status).toBe(200);
    const rows = await db.loggedModelMetric.findMany({ where: { runId } });
    expect(rows).toEqual([
      { modelId, key: "f1", step: 0n, timestamp: 5n, value: 0.8, runId, datasetName: "eval", datasetDigest: "d1" },
    ]);
    expect(await countRows("metrics", runId)).toBe(3);
  });

  it("uses a constant number of SQL statements whatever the batch size", async () => {
    const statements = async (n: number) => {
      const { runId } = await newRun();
      let count = 0;
      await db.$transaction(async (t) => {
        const counting = new Proxy(t, {
          get(target, prop, receiver) {
            const v = Reflect.get(target, prop, receiver);
            if (typeof v === "function" && typeof prop === "string" && prop.startsWith("$")) {
              return (...args: unknown[]) => {
                count++;
                return (v as (...a: unknown[]) => unknown).apply(target, args);
              };
            }
            return v;
          },
        }) as Tx;
        await logBatch(
          {
            runId,
            metrics: Array.from({ length: n }, (_, i) => ({ key: `m${i % 7}`, value: i, timestamp: i, step: i })),
            params: Array.from({ length: Math.min(n, 100) }, (_, i) => ({ key: `p${i}`, value: String(i) })),
            tags: Array.from({ length: Math.min(n, 100) }, (_, i) => ({ key: `t${i}`, value: String(i) })),
          },
          counting,
        );
      });
      return count;
    };
    const small = await statements(2);
    const large = await statements(700);
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(8);
  });

  it("keeps latest_metrics right under concurrent writers", async () => {
    const { runId } = await newRun();
    const writers = 8;
    const perWriter = 200;
    const all: { key: string; value: number; timestamp: number; step: number }[][] = [];
    for (let w = 0; w < writers; w++) {
      const list = [];
      for (let i = 0; i < perWriter; i++) {
        // steps overlap between writers; ties on step are broken by timestamp, then value
        list.push({ key: `k${i % 5}`, value: (w * 7919 + i * 104729) % 1000, timestamp: (w * 31 + i) % 97, step: (w * 13 + i * 7) % 150 });
      }
      all.push(list);
    }
    const results = await Promise.all(all.map((metrics) => call(batch, "POST", { run_id: runId, metrics })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const expected = new Map<string, { value: number; timestamp: number; step: number }>();
    for (const m of all.flat()) {
      const cur = expected.get(m.key);
      const newer = !cur || m.step > cur.step || (m.step === cur.step && (m.timestamp > cur.timestamp || (m.timestamp === cur.timestamp && m.value > cur.value)));
      if (newer) expected.set(m.key, m);
    }
    const latest = (await readRun(runId)).data.metrics;
    expect(latest).toEqual(
      [...expected]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, m]) => ({ key, value: m.value, timestamp: m.timestamp, step: m.step })),
    );
    const distinct = new Set(all.flat().map((m) => `${m.key}|${m.step}|${m.timestamp}|${m.value}`)).size;
    expect(await countRows("metrics", runId)).toBe(distinct);
  });
});
