// Per-resource permissions over the MLflow API with RUNBOARD_DEFAULT_PERMISSION=NO_PERMISSIONS:
// an owner (creator → MANAGE), a READ user, a user with nothing, a group member with EDIT. Reads
// by id, by search, by artifact path and by compare are refused to the user with nothing; every
// write is refused to the READ user, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, basic, enableAuth, send, uname } from "./helpers";
import { discoverRoutes, type DiscoveredRoute } from "./routes";
import { db } from "@/lib/db";
import { stopAuthListener } from "@/lib/domain/auth/cache";
import { runAs, SYSTEM } from "@/lib/domain/auth/caller";
import { loadComparison } from "@/lib/domain/compare/comparison";
import { authenticateBasic } from "@/lib/domain/auth/authenticate";

const admin = basic(ADMIN.username, ADMIN.password);
let routes: Map<string, DiscoveredRoute>;
const R = (pattern: string) => {
  const r = routes.get(pattern);
  if (!r) throw new Error(`no route ${pattern}`);
  return r.handlers;
};
const mlflow = (p: string) => R(`/api/2.0/mlflow/${p}`);

interface Who {
  username: string;
  password: string;
  auth: string;
}
let owner: Who, reader: Who, nobody: Who, member: Who;
let exp: string, runId: string, model: string, prompt: string, group: string, loggedModelId: string;

async function user(prefix: string): Promise<Who> {
  const username = uname(prefix);
  const password = `${username}-password`;
  const r = await send(mlflow("users/create").POST!, "POST", { username, password }, { auth: admin });
  expect(r.status).toBe(200);
  return { username, password, auth: basic(username, password) };
}

async function ok(p: Promise<{ status: number; body: Record<string, unknown> }>) {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

beforeAll(async () => {
  enableAuth({ RUNBOARD_DEFAULT_PERMISSION: "NO_PERMISSIONS" });
  routes = new Map((await discoverRoutes()).map((r) => [r.pattern, r]));
  [owner, reader, nobody, member] = [await user("owner"), await user("reader"), await user("nobody"), await user("member")];

  exp = (await ok(send(mlflow("experiments/create").POST!, "POST", { name: uname("secret-exp") }, { auth: owner.auth }))).experiment_id as string;
  const run = await ok(send(mlflow("runs/create").POST!, "POST", { experiment_id: exp, tags: [{ key: "mlflow.user", value: "someone-else" }] }, { auth: owner.auth }));
  runId = (run.run as { info: { run_id: string } }).info.run_id;
  await ok(send(mlflow("runs/log-batch").POST!, "POST", { run_id: runId, metrics: [{ key: "acc", value: 0.9, timestamp: 1, step: 0 }], params: [{ key: "lr", value: "0.1" }] }, { auth: owner.auth }));
  const put = await R("/api/2.0/mlflow-artifacts/artifacts/[[...path]]").PUT!(
    new Request("http://runboard.test/x", { method: "PUT", headers: { authorization: owner.auth }, body: "secret text" }),
    { params: Promise.resolve({ path: [exp, runId, "artifacts", "notes.txt"] }) },
  );
  expect(put.status).toBe(200);
  loggedModelId = ((await ok(send(mlflow("logged-models").POST!, "POST", { experiment_id: exp, name: "lm" }, { auth: owner.auth }))).model as { info: { model_id: string } }).info.model_id;

  model = uname("secret-model");
  await ok(send(mlflow("registered-models/create").POST!, "POST", { name: model }, { auth: owner.auth }));
  await ok(send(mlflow("model-versions/create").POST!, "POST", { name: model, source: `runs:/${runId}/model`, run_id: runId }, { auth: owner.auth }));
  prompt = uname("secret-prompt");
  await ok(send(mlflow("registered-models/create").POST!, "POST", { name: prompt, tags: [{ key: "mlflow.prompt.is_prompt", value: "true" }] }, { auth: owner.auth }));

  for (const [path, body] of [
    ["experiments/permissions/create", { experiment_id: exp, username: reader.username, permission: "READ" }],
    ["registered-models/permissions/create", { name: model, username: reader.username, permission: "READ" }],
    ["registered-models/permissions/create", { name: prompt, username: reader.username, permission: "READ" }],
  ] as const) {
    await ok(send(mlflow(path).POST!, "POST", body, { auth: owner.auth }));
  }
  group = uname("team");
  await ok(send(mlflow("groups/create").POST!, "POST", { name: group }, { auth: admin }));
  await ok(send(mlflow("groups/members/add").POST!, "POST", { group_name: group, username: member.username }, { auth: admin }));
  await ok(send(mlflow("experiments/permissions/create").POST!, "POST", { experiment_id: exp, group_name: group, permission: "EDIT" }, { auth: owner.auth }));
});

afterAll(async () => {
  delete process.env.RUNBOARD_AUTH;
  delete process.env.RUNBOARD_DEFAULT_PERMISSION;
  await stopAuthListener();
});

describe("creators and authorship", () => {
  it("gives the creator MANAGE and records the authenticated user on runs and versions", async () => {
    const grants = await ok(send(mlflow("experiments/permissions/list").GET!, "GET", { experiment_id: exp }, { auth: owner.auth }));
    expect(grants.experiment_permissions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: owner.username, permission: "MANAGE" }),
        expect.objectContaining({ username: reader.username, permission: "READ" }),
        expect.objectContaining({ group_name: group, permission: "EDIT" }),
      ]),
    );
    const run = await ok(send(mlflow("runs/get").GET!, "GET", { run_id: runId }, { auth: owner.auth }));
    const info = (run.run as { info: { user_id: string }; data: { tags: { key: string; value: string }[] } });
    expect(info.info.user_id).toBe(owner.username);
    expect(info.data.tags.find((t) => t.key === "mlflow.user")?.value).toBe(owner.username);
    const mv = await ok(send(mlflow("model-versions/get").GET!, "GET", { name: model, version: "1" }, { auth: owner.auth }));
    expect((mv.model_version as { user_id: string }).user_id).toBe(owner.username);
  });

  it("answers MLflow's permission endpoints with MLflow's shapes", async () => {
    const got = await ok(send(mlflow("experiments/permissions/get").GET!, "GET", { experiment_id: exp, username: reader.username }, { auth: owner.auth }));
    expect(got.experiment_permission).toMatchObject({ experiment_id: exp, permission: "READ" });
    const dup = await send(mlflow("experiments/permissions/create").POST!, "POST", { experiment_id: exp, username: reader.username, permission: "READ" }, { auth: owner.auth });
    expect(dup.body.error_code).toBe("RESOURCE_ALREADY_EXISTS");
    const bad = await send(mlflow("experiments/permissions/update").PATCH!, "PATCH", { experiment_id: exp, username: reader.username, permission: "ROOT" }, { auth: owner.auth });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("Invalid permission 'ROOT'");
    const none = await send(mlflow("experiments/permissions/get").GET!, "GET", { experiment_id: exp, username: nobody.username }, { auth: owner.auth });
    expect(none.body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    const user = await ok(send(mlflow("users/get").GET!, "GET", { username: owner.username }, { auth: owner.auth }));
    expect((user.user as { experiment_permissions: unknown[] }).experiment_permissions).toContainEqual(expect.objectContaining({ experiment_id: exp, permission: "MANAGE" }));
    // Only managers share.
    const byReader = await send(mlflow("experiments/permissions/create").POST!, "POST", { experiment_id: exp, username: nobody.username, permission: "READ" }, { auth: reader.auth });
    expect(byReader.status).toBe(403);
  });
});

describe("a user with no permission", () => {
  const denied = (r: { status: number; body: Record<string, unknown> }) => {
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(r.body.error_code).toBe("PERMISSION_DENIED");
  };

  it("cannot read by id", async () => {
    const a = nobody.auth;
    denied(await send(mlflow("experiments/get").GET!, "GET", { experiment_id: exp }, { auth: a }));
    denied(await send(mlflow("runs/get").GET!, "GET", { run_id: runId }, { auth: a }));
    denied(await send(mlflow("metrics/get-history").GET!, "GET", { run_id: runId, metric_key: "acc" }, { auth: a }));
    denied(await send(mlflow("metrics/get-history-bulk-interval").GET!, "GET", { run_ids: [runId], metric_key: "acc" }, { auth: a }));
    denied(await send(mlflow("artifacts/list").GET!, "GET", { run_id: runId }, { auth: a }));
    denied(await send(mlflow("logged-models/[model_id]").GET!, "GET", {}, { auth: a, params: { model_id: loggedModelId } }));
    denied(await send(mlflow("registered-models/get").GET!, "GET", { name: model }, { auth: a }));
    denied(await send(mlflow("model-versions/get").GET!, "GET", { name: model, version: "1" }, { auth: a }));
    denied(await send(mlflow("model-versions/get-download-uri").GET!, "GET", { name: model, version: "1" }, { auth: a }));
    denied(await send(mlflow("registered-models/get").GET!, "GET", { name: prompt }, { auth: a }));
  });

  it("cannot read by artifact path or the UI download helper", async () => {
    const get = await R("/api/2.0/mlflow-artifacts/artifacts/[[...path]]").GET!(new Request("http://runboard.test/x", { headers: { authorization: nobody.auth } }), {
      params: Promise.resolve({ path: [exp, runId, "artifacts", "notes.txt"] }),
    });
    expect(get.status).toBe(403);
    expect(await get.text()).not.toContain("secret text");
    const list = await R("/api/2.0/mlflow-artifacts/artifacts/[[...path]]").GET!(
      new Request(`http://runboard.test/x?path=${exp}/${runId}/artifacts`, { headers: { authorization: nobody.auth } }),
      { params: Promise.resolve({}) },
    );
    expect(list.status).toBe(403);
    denied(await send(R("/get-artifact").GET!, "GET", { run_id: runId, path: "notes.txt" }, { auth: nobody.auth }));
  });

  it("finds nothing by search, and counts agree", async () => {
    const a = nobody.auth;
    const es = await ok(send(mlflow("experiments/search").POST!, "POST", { max_results: 1000 }, { auth: a }));
    expect(((es.experiments ?? []) as { experiment_id: string }[]).map((e) => e.experiment_id)).not.toContain(exp);
    const rs = await ok(send(mlflow("runs/search").POST!, "POST", { experiment_ids: [exp] }, { auth: a }));
    expect(rs.runs ?? []).toEqual([]);
    const ms = await ok(send(mlflow("registered-models/search").GET!, "GET", {}, { auth: a }));
    expect(((ms.registered_models ?? []) as { name: string }[]).map((m) => m.name)).not.toContain(model);
    const ps = await ok(send(mlflow("registered-models/search").GET!, "GET", { filter: "tags.`mlflow.prompt.is_prompt` = 'true'" }, { auth: a }));
    expect(((ps.registered_models ?? []) as { name: string }[]).map((m) => m.name)).not.toContain(prompt);
    const vs = await ok(send(mlflow("model-versions/search").GET!, "GET", { filter: `name = '${model}'` }, { auth: a }));
    expect(vs.model_versions ?? []).toEqual([]);
    const lms = await ok(send(mlflow("logged-models/search").POST!, "POST", { experiment_ids: [exp] }, { auth: a }));
    expect(lms.models ?? []).toEqual([]);
  });

  it("cannot compare the runs (the compare page's domain read)", async () => {
    const caller = await authenticateBasic(nobody.username, nobody.password, null);
    await expect(runAs(caller, () => loadComparison([runId]))).rejects.toMatchObject({ code: "PERMISSION_DENIED" });
    await expect(runAs(SYSTEM, () => loadComparison([runId]))).resolves.toBeTruthy();
  });
});

describe("a READ user", () => {
  it("reads what was shared", async () => {
    await ok(send(mlflow("experiments/get").GET!, "GET", { experiment_id: exp }, { auth: reader.auth }));
    await ok(send(mlflow("runs/get").GET!, "GET", { run_id: runId }, { auth: reader.auth }));
    const rs = await ok(send(mlflow("runs/search").POST!, "POST", { experiment_ids: [exp] }, { auth: reader.auth }));
    expect((rs.runs as unknown[]).length).toBe(1);
    await ok(send(mlflow("registered-models/get").GET!, "GET", { name: model }, { auth: reader.auth }));
  });

  it("is refused every write, and nothing is written", async () => {
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all([
          db.experiment.findUnique({ where: { id: Number(exp) }, include: { tags: true } }),
          db.run.findUnique({ where: { id: runId }, include: { tags: true, params: true } }),
          db.metric.count({ where: { runId } }),
          db.registeredModel.findUnique({ where: { name: model }, include: { tags: true, versions: { include: { tags: true } }, aliases: true } }),
          db.loggedModel.findUnique({ where: { id: loggedModelId }, include: { tags: true, params: true } }),
          db.experimentPermission.count({ where: { experimentId: Number(exp) } }),
        ]),
        (_k, v) => (typeof v === "bigint" ? String(v) : v),
      );
    const before = await snapshot();
    const writes: [string, "POST" | "PATCH" | "DELETE", Record<string, unknown>, Record<string, string | string[]>?][] = [
      ["experiments/update", "POST", { experiment_id: exp, new_name: uname("renamed") }],
      ["experiments/set-experiment-tag", "POST", { experiment_id: exp, key: "k", value: "v" }],
      ["experiments/delete-experiment-tag", "POST", { experiment_id: exp, key: "k" }],
      ["experiments/delete", "POST", { experiment_id: exp }],
      ["experiments/restore", "POST", { experiment_id: exp }],
      ["runs/create", "POST", { experiment_id: exp }],
      ["runs/update", "POST", { run_id: runId, status: "KILLED" }],
      ["runs/log-metric", "POST", { run_id: runId, key: "acc", value: 0.1, timestamp: 2, step: 1 }],
      ["runs/log-parameter", "POST", { run_id: runId, key: "new", value: "x" }],
      ["runs/set-tag", "POST", { run_id: runId, key: "k", value: "v" }],
      ["runs/delete-tag", "POST", { run_id: runId, key: "mlflow.runName" }],
      ["runs/log-batch", "POST", { run_id: runId, metrics: [{ key: "acc", value: 0.2, timestamp: 3, step: 2 }] }],
      ["runs/log-inputs", "POST", { run_id: runId, datasets: [] }],
      ["runs/log-model", "POST", { run_id: runId, model_json: "{}" }],
      ["runs/delete", "POST", { run_id: runId }],
      ["runs/restore", "POST", { run_id: runId }],
      ["logged-models", "POST", { experiment_id: exp, name: "x" }],
      ["logged-models/[model_id]", "PATCH", { status: "LOGGED_MODEL_READY" }, { model_id: loggedModelId }],
      ["logged-models/[model_id]", "DELETE", {}, { model_id: loggedModelId }],
      ["logged-models/[model_id]/tags", "PATCH", { tags: [{ key: "k", value: "v" }] }, { model_id: loggedModelId }],
      ["logged-models/[model_id]/params", "POST", { params: [{ key: "k", value: "v" }] }, { model_id: loggedModelId }],
      ["registered-models/update", "PATCH", { name: model, description: "x" }],
      ["registered-models/rename", "POST", { name: model, new_name: uname("renamed") }],
      ["registered-models/set-tag", "POST", { name: model, key: "k", value: "v" }],
      ["registered-models/delete-tag", "DELETE", { name: model, key: "k" }],
      ["registered-models/alias", "POST", { name: model, alias: "prod", version: "1" }],
      ["registered-models/alias", "DELETE", { name: model, alias: "prod" }],
      ["registered-models/delete", "DELETE", { name: model }],
      ["model-versions/create", "POST", { name: model, source: "s3://x" }],
      ["model-versions/update", "PATCH", { name: model, version: "1", description: "x" }],
      ["model-versions/transition-stage", "POST", { name: model, version: "1", stage: "Production", archive_existing_versions: false }],
      ["model-versions/set-tag", "POST", { name: model, version: "1", key: "k", value: "v" }],
      ["model-versions/delete-tag", "DELETE", { name: model, version: "1", key: "k" }],
      ["model-versions/delete", "DELETE", { name: model, version: "1" }],
      ["experiments/permissions/create", "POST", { experiment_id: exp, username: reader.username, permission: "MANAGE" }],
      ["experiments/permissions/update", "PATCH", { experiment_id: exp, username: reader.username, permission: "MANAGE" }],
      ["experiments/permissions/delete", "DELETE", { experiment_id: exp, username: owner.username }],
      ["registered-models/permissions/update", "PATCH", { name: model, username: reader.username, permission: "MANAGE" }],
    ];
    for (const [path, method, body, params] of writes) {
      const r = await send(mlflow(path)[method]!, method, body, { auth: reader.auth, params });
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(403);
    }
    const put = await R("/api/2.0/mlflow-artifacts/artifacts/[[...path]]").PUT!(
      new Request("http://runboard.test/x", { method: "PUT", headers: { authorization: reader.auth }, body: "overwritten" }),
      { params: Promise.resolve({ path: [exp, runId, "artifacts", "notes.txt"] }) },
    );
    expect(put.status).toBe(403);
    const del = await R("/api/2.0/mlflow-artifacts/artifacts/[[...path]]").DELETE!(new Request("http://runboard.test/x", { method: "DELETE", headers: { authorization: reader.auth } }), {
      params: Promise.resolve({ path: [exp, runId, "artifacts", "notes.txt"] }),
    });
    expect(del.status).toBe(403);
    expect(await snapshot()).toBe(before);
    const file = await R("/api/2.0/mlflow-artifacts/artifacts/[[...path]]").GET!(new Request("http://runboard.test/x", { headers: { authorization: reader.auth } }), {
      params: Promise.resolve({ path: [exp, runId, "artifacts", "notes.txt"] }),
    });
    expect(await file.text()).toBe("secret text");
  });
});

describe("a group member with EDIT", () => {
  it("logs to the experiment but cannot delete it or its runs", async () => {
    await ok(send(mlflow("runs/log-batch").POST!, "POST", { run_id: runId, metrics: [{ key: "loss", value: 1, timestamp: 5, step: 0 }] }, { auth: member.auth }));
    expect((await send(mlflow("runs/delete").POST!, "POST", { run_id: runId }, { auth: member.auth })).status).toBe(403);
    expect((await send(mlflow("experiments/delete").POST!, "POST", { experiment_id: exp }, { auth: member.auth })).status).toBe(403);
  });

  it("loses the access when removed from the group (no stale cache)", async () => {
    await ok(send(mlflow("groups/members/remove").DELETE!, "DELETE", { group_name: group, username: member.username }, { auth: admin }));
    expect((await send(mlflow("runs/get").GET!, "GET", { run_id: runId }, { auth: member.auth })).status).toBe(403);
  });
});

describe("search filtering in SQL", () => {
  it("pages through exactly the readable experiments with correct tokens", async () => {
    const names: string[] = [];
    for (let i = 0; i < 6; i++) {
      const name = uname(`page-${i}`);
      const id = (await ok(send(mlflow("experiments/create").POST!, "POST", { name }, { auth: owner.auth }))).experiment_id as string;
      if (i % 2 === 0) {
        await ok(send(mlflow("experiments/permissions/create").POST!, "POST", { experiment_id: id, username: nobody.username, permission: "READ" }, { auth: owner.auth }));
        names.push(name);
      }
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ok(send(mlflow("experiments/search").POST!, "POST", { max_results: 1, page_token: token, filter: "name LIKE 'page-%'" }, { auth: nobody.auth }));
      for (const e of (page.experiments ?? []) as { name: string }[]) seen.push(e.name);
      token = page.next_page_token as string | undefined;
    } while (token);
    expect(seen.sort()).toEqual(names.sort());
  });

  it("admins see everything", async () => {
    const es = await ok(send(mlflow("experiments/search").POST!, "POST", { max_results: 1000 }, { auth: admin }));
    expect(((es.experiments ?? []) as { experiment_id: string }[]).map((e) => e.experiment_id)).toContain(exp);
  });
});
