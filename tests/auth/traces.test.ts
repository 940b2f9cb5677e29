// Traces, assessments, scorers and evaluation datasets under RUNBOARD_DEFAULT_PERMISSION=
// NO_PERMISSIONS: they inherit their experiment's permission (datasets: the experiments they are
// linked to). A user with nothing reads nothing by id, batch, search or artifact; a READ user
// reads but every write is refused, and nothing is written; OTLP export needs EDIT.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, basic, enableAuth, uname } from "./helpers";
import { db } from "@/lib/db";
import { stopAuthListener } from "@/lib/domain/auth/cache";
import { dispatch } from "@/tests/mlflow-replay";

type Json = Record<string, unknown>;
const admin = basic(ADMIN.username, ADMIN.password);

async function api(method: string, url: string, auth: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json; text: string }> {
  const init = body === undefined ? { headers: { authorization: auth, ...headers } } : { body: JSON.stringify(body), headers: { "content-type": "application/json", authorization: auth, ...headers } };
  const res = await dispatch(method, url, init);
  const text = await res.text();
  let json: Json = {};
  try {
    json = text ? (JSON.parse(text) as Json) : {};
  } catch {
    json = {};
  }
  return { status: res.status, body: json, text };
}
async function ok(p: Promise<{ status: number; body: Json }>): Promise<Json> {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

interface Who {
  username: string;
  auth: string;
}
async function user(prefix: string): Promise<Who> {
  const username = uname(prefix);
  await ok(api("POST", "/api/2.0/mlflow/users/create", admin, { username, password: `${username}-password` }));
  return { username, auth: basic(username, `${username}-password`) };
}

const newTraceId = () => "tr-" + randomBytes(16).toString("hex");
const traceInfo = (traceId: string, experimentId: string) => ({
  trace_id: traceId,
  trace_location: { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: experimentId } },
  request_time: "2026-04-29T14:52:55.123Z",
  execution_duration: "0.153s",
  state: "OK",
  trace_metadata: { "mlflow.trace_schema.version": "3" },
  tags: { "mlflow.traceName": "secret-predict" },
  request_preview: '{"q": "secret question"}',
  response_preview: '"secret answer"',
});
const otlpBody = (hex: string) =>
  JSON.stringify({
    resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: hex, spanId: "00000000000000b1", name: "root", startTimeUnixNano: "1745938375123000000", endTimeUnixNano: "1745938375276000000" }] }] }],
  });

let owner: Who, reader: Who, nobody: Who;
let exp: string, traceId: string, assessmentId: string, datasetId: string, scorer: string, otherExp: string;

beforeAll(async () => {
  enableAuth({ RUNBOARD_DEFAULT_PERMISSION: "NO_PERMISSIONS" });
  [owner, reader, nobody] = [await user("t-owner"), await user("t-reader"), await user("t-nobody")];
  exp = (await ok(api("POST", "/api/2.0/mlflow/experiments/create", owner.auth, { name: uname("secret-traces") }))).experiment_id as string;
  otherExp = (await ok(api("POST", "/api/2.0/mlflow/experiments/create", reader.auth, { name: uname("reader-own") }))).experiment_id as string;
  await ok(api("POST", "/api/2.0/mlflow/experiments/permissions/create", owner.auth, { experiment_id: exp, username: reader.username, permission: "READ" }));
  traceId = newTraceId();
  await ok(api("POST", "/api/3.0/mlflow/traces", owner.auth, { trace: { trace_info: traceInfo(traceId, exp) } }));
  await ok(api("PATCH", `/api/2.0/mlflow/traces/${traceId}/tags`, owner.auth, { key: "team", value: "secret" }));
  assessmentId = ((await ok(api("POST", `/api/3.0/mlflow/traces/${traceId}/assessments`, owner.auth, {
    assessment: { assessment_name: "correct", trace_id: traceId, source: { source_type: "HUMAN", source_id: "x" }, feedback: { value: true } },
  }))).assessment as Json).assessment_id as string;
  scorer = uname("judge");
  await ok(api("POST", "/api/3.0/mlflow/scorers/register", owner.auth, { experiment_id: exp, name: scorer, serialized_scorer: '{"name": "judge"}' }));
  datasetId = ((await ok(api("POST", "/api/3.0/mlflow/datasets/create", owner.auth, { name: uname("secret-ds"), experiment_ids: [exp] }))).dataset as Json).dataset_id as string;
  await ok(api("POST", `/api/3.0/mlflow/datasets/${datasetId}/records`, owner.auth, { records: JSON.stringify([{ inputs: { q: "secret" }, expectations: { a: "42" } }]) }));
});

afterAll(async () => {
  delete process.env.RUNBOARD_AUTH;
  delete process.env.RUNBOARD_DEFAULT_PERMISSION;
  await stopAuthListener();
});

const denied = (r: { status: number; body: Json; text: string }, what: string) => {
  expect(r.status, `${what}: ${r.text.slice(0, 200)}`).toBe(403);
  expect(r.body.error_code).toBe("PERMISSION_DENIED");
  expect(r.text).not.toContain("secret");
};

describe("a user with no permission on the experiment", () => {
  it("cannot read the trace by id, batch, artifact or its assessments, scorers and datasets", async () => {
    const a = nobody.auth;
    denied(await api("GET", `/api/3.0/mlflow/traces/${traceId}`, a), "get v3");
    denied(await api("GET", `/api/2.0/mlflow/traces/${traceId}/info`, a), "get v2");
    denied(await api("GET", `/api/3.0/mlflow/traces/get?trace_id=${traceId}`, a), "get with spans");
    denied(await api("GET", `/api/3.0/mlflow/traces/batchGet?trace_ids=${traceId}`, a), "batchGet");
    denied(await api("POST", "/api/3.0/mlflow/traces/batchGetInfos", a, { trace_ids: [traceId] }), "batchGetInfos");
    denied(await api("GET", `/api/2.0/mlflow/get-trace-artifact?request_id=${traceId}`, a), "get-trace-artifact");
    denied(await api("GET", `/api/2.0/mlflow-artifacts/artifacts/${exp}/traces/${traceId}/artifacts/traces.json`, a), "proxied traces.json");
    denied(await api("GET", `/api/3.0/mlflow/traces/${traceId}/assessments/${assessmentId}`, a), "assessment");
    denied(await api("GET", `/api/3.0/mlflow/scorers/list?experiment_id=${exp}`, a), "scorers list");
    denied(await api("GET", `/api/3.0/mlflow/scorers/get?experiment_id=${exp}&name=${scorer}`, a), "scorer get");
    denied(await api("GET", `/api/3.0/mlflow/datasets/${datasetId}`, a), "dataset");
    denied(await api("GET", `/api/3.0/mlflow/datasets/${datasetId}/records`, a), "dataset records");
    denied(await api("GET", `/api/3.0/mlflow/datasets/${datasetId}/experiment-ids`, a), "dataset experiments");
  });

  it("finds nothing by search", async () => {
    const a = nobody.auth;
    const v3 = await ok(api("POST", "/api/3.0/mlflow/traces/search", a, { locations: [{ type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: exp } }] }));
    expect(v3.traces ?? []).toEqual([]);
    const v2 = await ok(api("GET", `/api/2.0/mlflow/traces?experiment_ids=${exp}`, a));
    expect(v2.traces ?? []).toEqual([]);
    const ds = await ok(api("POST", "/api/3.0/mlflow/datasets/search", a, {}));
    expect(((ds.datasets ?? []) as Json[]).map((d) => d.dataset_id)).not.toContain(datasetId);
    const byExp = await ok(api("POST", "/api/3.0/mlflow/datasets/search", a, { experiment_ids: [exp] }));
    expect(byExp.datasets ?? []).toEqual([]);
  });
});

describe("a READ user", () => {
  it("reads the trace, its assessments, scorers and dataset", async () => {
    const a = reader.auth;
    await ok(api("GET", `/api/3.0/mlflow/traces/${traceId}`, a));
    await ok(api("GET", `/api/3.0/mlflow/traces/${traceId}/assessments/${assessmentId}`, a));
    const s = await ok(api("POST", "/api/3.0/mlflow/traces/search", a, { locations: [{ type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: exp } }] }));
    expect((s.traces as Json[]).map((t) => t.trace_id)).toEqual([traceId]);
    await ok(api("GET", `/api/3.0/mlflow/scorers/list?experiment_id=${exp}`, a));
    await ok(api("GET", `/api/3.0/mlflow/datasets/${datasetId}/records`, a));
    const ds = await ok(api("POST", "/api/3.0/mlflow/datasets/search", a, { experiment_ids: [exp] }));
    expect(((ds.datasets ?? []) as Json[]).map((d) => d.dataset_id)).toEqual([datasetId]);
  });

  it("is refused every write, and nothing is written", async () => {
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all([
          db.$queryRaw`SELECT id, experiment_id, state::text, name FROM traces WHERE id = ${traceId}`,
          db.$queryRaw`SELECT key, value FROM trace_tags WHERE trace_id = ${traceId} ORDER BY key`,
          db.$queryRaw`SELECT id, name, valid FROM assessments WHERE trace_id = ${traceId} ORDER BY id`,
          db.$queryRaw`SELECT count(*)::int AS n FROM spans WHERE trace_id = ${traceId}`,
          db.$queryRaw`SELECT count(*)::int AS n FROM traces WHERE experiment_id = ${Number(exp)}`,
          db.$queryRaw`SELECT name, count(*)::int AS n FROM scorers s JOIN scorer_versions v ON v.scorer_id = s.id WHERE s.experiment_id = ${Number(exp)} GROUP BY name`,
          db.$queryRaw`SELECT tags, profile FROM evaluation_datasets WHERE id = ${datasetId}`,
          db.$queryRaw`SELECT experiment_id FROM evaluation_dataset_experiments WHERE dataset_id = ${datasetId}`,
          db.$queryRaw`SELECT count(*)::int AS n FROM evaluation_dataset_records WHERE dataset_id = ${datasetId}`,
        ]),
      );
    const before = await snapshot();
    const a = reader.auth;
    const hex = traceId.slice(3);
    const writes: [string, string, unknown?, Record<string, string>?][] = [
      ["POST", "/api/3.0/mlflow/traces", { trace: { trace_info: traceInfo(newTraceId(), exp) } }],
      // Moving the owner's trace into the reader's own experiment by upsert is refused too.
      ["POST", "/api/3.0/mlflow/traces", { trace: { trace_info: traceInfo(traceId, otherExp) } }],
      ["POST", "/api/2.0/mlflow/traces", { experiment_id: exp, timestamp_ms: 1 }],
      ["PATCH", `/api/2.0/mlflow/traces/${traceId}`, { timestamp_ms: 5, status: "ERROR" }],
      ["PATCH", `/api/2.0/mlflow/traces/${traceId}/tags`, { key: "team", value: "mine" }],
      ["DELETE", `/api/2.0/mlflow/traces/${traceId}/tags`, { key: "team" }],
      ["PATCH", `/api/3.0/mlflow/traces/${traceId}/tags`, { key: "team", value: "mine" }],
      ["POST", "/api/2.0/mlflow/traces/delete-traces", { experiment_id: exp, request_ids: [traceId] }],
      ["POST", "/api/3.0/mlflow/traces/delete-traces", { experiment_id: exp, max_timestamp_millis: Date.now() }],
      ["POST", "/api/2.0/mlflow/traces/link-prompts", { trace_id: traceId, prompt_versions: [] }],
      ["POST", `/api/3.0/mlflow/traces/${traceId}/assessments`, { assessment: { assessment_name: "x", trace_id: traceId, source: { source_type: "HUMAN", source_id: "r" }, feedback: { value: false } } }],
      ["PATCH", `/api/3.0/mlflow/traces/${traceId}/assessments/${assessmentId}`, { assessment: { assessment_name: "renamed" }, update_mask: "assessmentName" }],
      ["DELETE", `/api/3.0/mlflow/traces/${traceId}/assessments/${assessmentId}`],
      ["PUT", `/api/2.0/mlflow-artifacts/artifacts/${exp}/traces/${traceId}/artifacts/traces.json`, { spans: [] }],
      ["POST", "/v1/traces", undefined, { "x-mlflow-experiment-id": exp }],
      // Spans for the owner's trace sent under the reader's own experiment.
      ["POST", "/v1/traces", undefined, { "x-mlflow-experiment-id": otherExp }],
      ["POST", "/api/3.0/mlflow/scorers/register", { experiment_id: exp, name: scorer, serialized_scorer: "{}" }],
      ["DELETE", "/api/3.0/mlflow/scorers/delete", { experiment_id: exp, name: scorer }],
      ["POST", "/api/3.0/mlflow/datasets/create", { name: "mine", experiment_ids: [exp] }],
      ["POST", `/api/3.0/mlflow/datasets/${datasetId}/records`, { records: JSON.stringify([{ inputs: { q: "mine" } }]) }],
      ["DELETE", `/api/3.0/mlflow/datasets/${datasetId}/records`, { dataset_record_ids: ["x"] }],
      ["PATCH", `/api/3.0/mlflow/datasets/${datasetId}/tags`, { tags: '{"k": "v"}' }],
      ["DELETE", `/api/3.0/mlflow/datasets/${datasetId}/tags/k`],
      ["POST", `/api/3.0/mlflow/datasets/${datasetId}/add-experiments`, { experiment_ids: [otherExp] }],
      ["POST", `/api/3.0/mlflow/datasets/${datasetId}/remove-experiments`, { experiment_ids: [exp] }],
      ["DELETE", `/api/3.0/mlflow/datasets/${datasetId}`],
    ];
    for (const [method, url, body, headers] of writes) {
      if (url === "/v1/traces") {
        const res = await dispatch("POST", url, { body: otlpBody(hex), headers: { authorization: a, "content-type": "application/json", ...headers } });
        expect(res.status, `OTLP ${JSON.stringify(headers)}: ${await res.text()}`).toBe(403);
        continue;
      }
      const r = await api(method, url, a, body, headers);
      expect(r.status, `${method} ${url}: ${r.text.slice(0, 300)}`).toBe(403);
    }
    expect(await snapshot()).toBe(before);
  });
});

describe("the owner", () => {
  it("exports spans by OTLP, links datasets, deletes traces and datasets", async () => {
    const hex = randomBytes(16).toString("hex");
    const res = await dispatch("POST", "/v1/traces", { body: otlpBody(hex), headers: { authorization: owner.auth, "content-type": "application/json", "x-mlflow-experiment-id": exp } });
    expect(res.status, await res.clone().text()).toBe(200);
    const ds = ((await ok(api("POST", "/api/3.0/mlflow/datasets/create", owner.auth, { name: uname("own-ds"), experiment_ids: [] }))).dataset as Json).dataset_id as string;
    // Linked to no experiment: the creator (the authenticated user) manages it; others cannot see it.
    expect(((await ok(api("GET", `/api/3.0/mlflow/datasets/${ds}`, owner.auth))).dataset as Json).created_by).toBe(owner.username);
    expect((await api("GET", `/api/3.0/mlflow/datasets/${ds}`, nobody.auth)).status).toBe(403);
    // Linking needs EDIT on the experiment too.
    expect((await api("POST", `/api/3.0/mlflow/datasets/${ds}/add-experiments`, owner.auth, { experiment_ids: [otherExp] })).status).toBe(403);
    await ok(api("POST", `/api/3.0/mlflow/datasets/${ds}/add-experiments`, owner.auth, { experiment_ids: [exp] }));
    await ok(api("DELETE", `/api/3.0/mlflow/datasets/${ds}`, owner.auth));
    const n = await ok(api("POST", "/api/2.0/mlflow/traces/delete-traces", owner.auth, { experiment_id: exp, request_ids: [`tr-${hex}`] }));
    expect(n.traces_deleted).toBe(1);
  });

  it("admins read everything", async () => {
    await ok(api("GET", `/api/3.0/mlflow/traces/get?trace_id=${traceId}`, admin));
    await ok(api("GET", `/api/3.0/mlflow/datasets/${datasetId}`, admin));
  });
});
