// Contract tests for the experiment endpoints (docs/mlflow-compatibility.md#experiments), called in-process against PostgreSQL.
import { describe, expect, it } from "vitest";
import { call, uniqueName } from "@/tests/helpers";
import { POST as create } from "./create/route";
import { GET as get } from "./get/route";
import { GET as getByName } from "./get-by-name/route";
import { GET as searchGet, POST as search } from "./search/route";
import { POST as update } from "./update/route";
import { POST as del } from "./delete/route";
import { POST as restore } from "./restore/route";
import { POST as setTag } from "./set-experiment-tag/route";
import { POST as deleteTag } from "./delete-experiment-tag/route";
import { POST as createRun } from "../runs/create/route";
import { GET as getRun } from "../runs/get/route";

async function newExperiment(extra: Record<string, unknown> = {}) {
  const name = uniqueName("exp");
  const r = await call(create, "POST", { name, ...extra });
  expect(r.status).toBe(200);
  return { id: r.body.experiment_id as string, name };
}

describe("experiments/create", () => {
  it("creates an experiment with a string id, default artifact location and tags", async () => {
    const { id, name } = await newExperiment({ tags: [{ key: "team", value: "nlp" }, { key: "empty" }] });
    expect(id).toMatch(/^\d+$/);
    const r = await call(get, "GET", { experiment_id: id });
    expect(r.status).toBe(200);
    const e = r.body.experiment as Record<string, unknown>;
    expect(e).toMatchObject({ experiment_id: id, name, artifact_location: `mlflow-artifacts:/${id}`, lifecycle_stage: "active" });
    expect(typeof e.creation_time).toBe("number");
    expect(e.last_update_time).toBe(e.creation_time);
    expect(e.tags).toEqual([
      { key: "empty", value: "" },
      { key: "team", value: "nlp" },
    ]);
  });

  it("makes a relative local artifact location absolute against the server's directory, as MLflow does", async () => {
    const { id } = await newExperiment({ artifact_location: "my_location" });
    const r = await call(get, "GET", { experiment_id: id });
    expect((r.body.experiment as { artifact_location: string }).artifact_location).toBe(`${process.cwd()}/my_location`);
    const file = await newExperiment({ artifact_location: "file:rel/dir" });
    const f = await call(get, "GET", { experiment_id: file.id });
    expect((f.body.experiment as { artifact_location: string }).artifact_location).toBe(`file://${process.cwd()}/rel/dir`);
  });

  it("keeps an explicit artifact location", async () => {
    const { id } = await newExperiment({ artifact_location: "s3://bucket/path" });
    const r = await call(get, "GET", { experiment_id: id });
    expect((r.body.experiment as { artifact_location: string }).artifact_location).toBe("s3://bucket/path");
  });

  it("refuses a duplicate name with RESOURCE_ALREADY_EXISTS (400)", async () => {
    const { name } = await newExperiment();
    const r = await call(create, "POST", { name });
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe("RESOURCE_ALREADY_EXISTS");
    expect(r.body.message).toContain(name);
  });

  it.each([
    ["no name", {}, "Missing value for required parameter 'name'"],
    ["empty name", { name: "" }, "Missing value for required parameter 'name'"],
    ["numeric name", { name: 42 }, "Invalid value 42 for parameter 'name' supplied"],
    ["long name", { name: "x".repeat(501) }, "'name' exceeds the maximum length of 500 characters"],
    ["runs: location", { name: uniqueName("e"), artifact_location: "runs:/abc/x" }, "Artifact location cannot be a runs:/ URI"],
    ["location with fragment", { name: uniqueName("e"), artifact_location: "s3://b/p#frag" }, "can't include fragments or params"],
    ["long tag value", { name: uniqueName("e"), tags: [{ key: "k", value: "v".repeat(5001) }] }, "'tags[0].value' exceeds the maximum length of 5000 characters"],
    ["bad tag key", { name: uniqueName("e"), tags: [{ key: "bad!key", value: "v" }] }, "Names may only contain alphanumerics"],
    ["NUL in name", { name: "a\u0000b" }, "'name' supplied: NUL characters are not allowed."],
    ["tags not a list of objects", { name: uniqueName("e"), tags: "nope" }, "Invalid value \"nope\" for parameter 'tags' supplied"],
    ["a float for a string (MLflow writes 9.0)", '{"name":"x","artifact_location":9.0}', "Invalid value 9.0 for parameter 'artifact_location' supplied. Hint: Value was of type 'float'."],
  ])("rejects %s", async (_label, body, message) => {
    const r = await call(create, "POST", body);
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect(r.body.message).toContain(message);
  });

  it("answers malformed JSON with 400, never 500", async () => {
    const r = await call(create, "POST", "{not json");
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe("BAD_REQUEST");
  });
});

describe("experiments/get and get-by-name", () => {
  it("returns the Default experiment 0", async () => {
    const r = await call(get, "GET", { experiment_id: "0" });
    expect(r.status).toBe(200);
    expect(r.body.experiment).toMatchObject({ experiment_id: "0", name: "Default", artifact_location: "mlflow-artifacts:/0" });
  });

  it.each(["999999999", "abc", "1; DROP TABLE runs", "99999999999999999999", "-1"])("unknown or non-numeric id %s → RESOURCE_DOES_NOT_EXIST 404", async (id) => {
    const r = await call(get, "GET", { experiment_id: id });
    expect(r.status).toBe(404);
    expect(r.body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  });

  it("requires experiment_id", async () => {
    const r = await call(get, "GET", {});
    expect(r.status).toBe(400);
    expect(r.body.message).toContain("Missing value for required parameter 'experiment_id'");
  });

  it("finds by name, and answers RESOURCE_DOES_NOT_EXIST with MLflow's message otherwise", async () => {
    const { id, name } = await newExperiment();
    const r = await call(getByName, "GET", { experiment_name: name });
    expect(r.status).toBe(200);
    expect((r.body.experiment as { experiment_id: string }).experiment_id).toBe(id);
    const missing = await call(getByName, "GET", { experiment_name: "no such experiment here" });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error_code: "RESOURCE_DOES_NOT_EXIST", message: "Could not find experiment with name 'no such experiment here'" });
  });

  it("returns deleted experiments too", async () => {
    const { id, name } = await newExperiment();
    expect((await call(del, "POST", { experiment_id: id })).status).toBe(200);
    expect(((await call(get, "GET", { experiment_id: id })).body.experiment as { lifecycle_stage: string }).lifecycle_stage).toBe("deleted");
    expect(((await call(getByName, "GET", { experiment_name: name })).body.experiment as { lifecycle_stage: string }).lifecycle_stage).toBe("deleted");
  });
});

describe("experiments/update", () => {
  it("renames and bumps last_update_time", async () => {
    const { id } = await newExperiment();
    const before = (await call(get, "GET", { experiment_id: id })).body.experiment as { last_update_time: number };
    await new Promise((r) => setTimeout(r, 5));
    const newName = uniqueName("renamed");
    expect(await call(update, "POST", { experiment_id: id, new_name: newName })).toEqual({ status: 200, body: {} });
    const after = (await call(get, "GET", { experiment_id: id })).body.experiment as { name: string; last_update_time: number };
    expect(after.name).toBe(newName);
    expect(after.last_update_time).toBeGreaterThan(before.last_update_time);
  });

  it("refuses a taken name, a deleted experiment, an unknown id and a missing new_name", async () => {
    const a = await newExperiment();
    const b = await newExperiment();
    const taken = await call(update, "POST", { experiment_id: a.id, new_name: b.name });
    expect([taken.status, taken.body.error_code]).toEqual([400, "RESOURCE_ALREADY_EXISTS"]);
    const unknown = await call(update, "POST", { experiment_id: "987654321", new_name: uniqueName("x") });
    expect([unknown.status, unknown.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    const missing = await call(update, "POST", { experiment_id: a.id });
    expect([missing.status, missing.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    await call(del, "POST", { experiment_id: a.id });
    const deleted = await call(update, "POST", { experiment_id: a.id, new_name: uniqueName("x") });
    expect([deleted.status, deleted.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });
});

describe("experiments/delete and restore", () => {
  it("soft-deletes the experiment with its runs and restores both", async () => {
    const { id } = await newExperiment();
    const run = (await call(createRun, "POST", { experiment_id: id, start_time: 1 })).body.run as { info: { run_id: string } };
    const runId = run.info.run_id;
    expect(await call(del, "POST", { experiment_id: id })).toEqual({ status: 200, body: {} });
    const stage = async () => ((await call(getRun, "GET", { run_id: runId })).body.run as { info: { lifecycle_stage: string } }).info.lifecycle_stage;
    expect(await stage()).toBe("deleted");
    // deleting again: the experiment is no longer active
    const again = await call(del, "POST", { experiment_id: id });
    expect([again.status, again.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    // creating a run in a deleted experiment
    const refused = await call(createRun, "POST", { experiment_id: id });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error_code: "INVALID_PARAMETER_VALUE", message: `The experiment ${id} must be in the 'active' state. Current state is deleted.` });
    expect(await call(restore, "POST", { experiment_id: id })).toEqual({ status: 200, body: {} });
    expect(await stage()).toBe("active");
    const restoreActive = await call(restore, "POST", { experiment_id: id });
    expect([restoreActive.status, restoreActive.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
  });

  it("answers unknown and non-numeric ids with RESOURCE_DOES_NOT_EXIST", async () => {
    for (const fn of [del, restore]) {
      for (const id of ["123456789", "nope"]) {
        const r = await call(fn, "POST", { experiment_id: id });
        expect([r.status, r.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
      }
      const missing = await call(fn, "POST", {});
      expect([missing.status, missing.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    }
  });

  it("accepts the experiment id as a JSON number", async () => {
    const { id } = await newExperiment();
    expect((await call(del, "POST", { experiment_id: Number(id) })).status).toBe(200);
    expect((await call(restore, "POST", { experiment_id: Number(id) })).status).toBe(200);
  });
});

describe("experiment tags", () => {
  it("upserts and deletes tags", async () => {
    const { id } = await newExperiment();
    expect(await call(setTag, "POST", { experiment_id: id, key: "k", value: "1" })).toEqual({ status: 200, body: {} });
    await call(setTag, "POST", { experiment_id: id, key: "k", value: "2" });
    await call(setTag, "POST", { experiment_id: id, key: "mlflow.note.content", value: "# notes" });
    let e = (await call(get, "GET", { experiment_id: id })).body.experiment as { tags: unknown[] };
    expect(e.tags).toEqual([
      { key: "k", value: "2" },
      { key: "mlflow.note.content", value: "# notes" },
    ]);
    expect(await call(deleteTag, "POST", { experiment_id: id, key: "k" })).toEqual({ status: 200, body: {} });
    e = (await call(get, "GET", { experiment_id: id })).body.experiment as { tags: unknown[] };
    expect(e.tags).toEqual([{ key: "mlflow.note.content", value: "# notes" }]);
  });

  it("enforces limits and existence", async () => {
    const { id } = await newExperiment();
    const long = await call(setTag, "POST", { experiment_id: id, key: "k", value: "v".repeat(5001) });
    expect([long.status, long.body.message]).toEqual([400, "'value' exceeds the maximum length of 5000 characters"]);
    const longKey = await call(setTag, "POST", { experiment_id: id, key: "k".repeat(251), value: "v" });
    expect([longKey.status, longKey.body.message]).toEqual([400, "'key' exceeds the maximum length of 250 characters"]);
    const badKey = await call(setTag, "POST", { experiment_id: id, key: "a//b", value: "v" });
    expect(badKey.status).toBe(400);
    expect(badKey.body.message).toContain("This name would resolve to 'a/b'");
    const noKey = await call(setTag, "POST", { experiment_id: id, value: "v" });
    expect(noKey.body.message).toContain("Missing value for required parameter 'key'");
    const unknown = await call(setTag, "POST", { experiment_id: "876543210", key: "k", value: "v" });
    expect([unknown.status, unknown.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    const missingTag = await call(deleteTag, "POST", { experiment_id: id, key: "never" });
    expect(missingTag.status).toBe(404);
    expect(missingTag.body).toEqual({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `No tag with name: never in experiment with id ${id}` });
    await call(del, "POST", { experiment_id: id });
    const onDeleted = await call(setTag, "POST", { experiment_id: id, key: "k", value: "v" });
    expect([onDeleted.status, onDeleted.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });
});

describe("experiments/search", () => {
  it("filters by name, pages with next_page_token only while more rows exist, and serves GET", async () => {
    const prefix = uniqueName("srch");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await call(create, "POST", { name: `${prefix}-${i}` })).body.experiment_id as string);
    const filter = `name LIKE '${prefix}-%'`;
    const p1 = await call(search, "POST", { filter, max_results: 2, order_by: ["name ASC"] });
    expect(p1.status).toBe(200);
    expect((p1.body.experiments as { name: string }[]).map((e) => e.name)).toEqual([`${prefix}-0`, `${prefix}-1`]);
    expect(typeof p1.body.next_page_token).toBe("string");
    const p2 = await call(search, "POST", { filter, max_results: 2, order_by: ["name ASC"], page_token: p1.body.next_page_token });
    expect((p2.body.experiments as { name: string }[]).map((e) => e.name)).toEqual([`${prefix}-2`]);
    expect(p2.body.next_page_token).toBeUndefined();
    const viaGet = await call(searchGet, "GET", { filter, order_by: "name DESC", max_results: "10" });
    expect((viaGet.body.experiments as { name: string }[]).map((e) => e.name)).toEqual([`${prefix}-2`, `${prefix}-1`, `${prefix}-0`]);
  });

  it("honours view_type (by name or number) and finds nothing for unknown names", async () => {
    const { id, name } = await newExperiment();
    await call(del, "POST", { experiment_id: id });
    const filter = `name = '${name}'`;
    expect((await call(search, "POST", { filter })).body).toEqual({});
    expect(((await call(search, "POST", { filter, view_type: "DELETED_ONLY" })).body.experiments as unknown[]).length).toBe(1);
    expect(((await call(search, "POST", { filter, view_type: 3 })).body.experiments as unknown[]).length).toBe(1);
    const bad = await call(search, "POST", { view_type: "SOMETIMES" });
    expect([bad.status, bad.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });

  it("rejects bad filters and max_results", async () => {
    const badFilter = await call(search, "POST", { filter: "name ~ 'x'" });
    expect([badFilter.status, badFilter.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const tooMany = await call(search, "POST", { max_results: 50001 });
    expect([tooMany.status, tooMany.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const notInt = await call(search, "POST", { max_results: "many" });
    expect([notInt.status, notInt.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });
});
