// Contract tests for the registered-model endpoints (docs/mlflow-compatibility.md#model-registry, #registry-search, #limits, #differences-from-mlflow), called
// in-process against PostgreSQL.
import { describe, expect, it } from "vitest";
import { call, uniqueName } from "@/tests/helpers";
import { POST as create } from "./create/route";
import { GET as get } from "./get/route";
import { POST as rename } from "./rename/route";
import { PATCH as update } from "./update/route";
import { DELETE as del } from "./delete/route";
import { GET as search } from "./search/route";
import { GET as latestGet, POST as latest } from "./get-latest-versions/route";
import { POST as setTag } from "./set-tag/route";
import { DELETE as deleteTag } from "./delete-tag/route";
import { DELETE as deleteAlias, GET as getAlias, POST as setAlias } from "./alias/route";
import { POST as createVersion } from "../model-versions/create/route";
import { GET as getVersion } from "../model-versions/get/route";
import { POST as transition } from "../model-versions/transition-stage/route";

const IS_PROMPT = "mlflow.prompt.is_prompt";
type Obj = Record<string, unknown>;

async function newModel(extra: Obj = {}, prefix = "rm") {
  const name = uniqueName(prefix);
  const r = await call(create, "POST", { name, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { name, rm: r.body.registered_model as Obj };
}

async function newVersion(name: string, extra: Obj = {}) {
  const r = await call(createVersion, "POST", { name, source: "s3://bucket/model", ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.model_version as Obj;
}

async function newPrompt(prefix = "prompt") {
  const name = uniqueName(prefix).replace(/[^a-zA-Z0-9_.-]/g, "-");
  const r = await call(create, "POST", { name, tags: [{ key: IS_PROMPT, value: "true" }] });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return name;
}

const expectError = (r: { status: number; body: Obj }, status: number, code: string, message?: string | RegExp) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error_code).toBe(code);
  if (typeof message === "string") expect(r.body.message).toBe(message);
  else if (message) expect(r.body.message).toMatch(message);
};

describe("registered-models/create", () => {
  it("creates a model with tags and description; timestamps are numbers; no empty lists", async () => {
    const { name, rm } = await newModel({ description: "d", tags: [{ key: "team", value: "nlp" }, { key: "empty" }] });
    expect(rm).toMatchObject({ name, description: "d", tags: [{ key: "empty", value: "" }, { key: "team", value: "nlp" }] });
    expect(typeof rm.creation_timestamp).toBe("number");
    expect(rm.last_updated_timestamp).toBe(rm.creation_timestamp);
    expect(rm).not.toHaveProperty("latest_versions");
    expect(rm).not.toHaveProperty("aliases");
  });

  it("answers RESOURCE_ALREADY_EXISTS with HTTP 400 for a taken name", async () => {
    const { name } = await newModel();
    expectError(await call(create, "POST", { name }), 400, "RESOURCE_ALREADY_EXISTS", `Registered Model (name=${name}) already exists.`);
  });

  it("words prompt/model name clashes as MLflow does", async () => {
    const { name } = await newModel();
    expectError(
      await call(create, "POST", { name, tags: [{ key: IS_PROMPT, value: "true" }] }),
      400,
      "RESOURCE_ALREADY_EXISTS",
      `Tried to create a prompt with name '${name}', but the name is already taken by a registered model. MLflow does not allow creating a model and a prompt with the same name.`,
    );
    const p = await newPrompt();
    expectError(
      await call(create, "POST", { name: p }),
      400,
      "RESOURCE_ALREADY_EXISTS",
      `Tried to create a registered model with name '${p}', but the name is already taken by a prompt. MLflow does not allow creating a model and a prompt with the same name.`,
    );
    expectError(await call(create, "POST", { name: p, tags: [{ key: IS_PROMPT, value: "true" }] }), 400, "RESOURCE_ALREADY_EXISTS", `Prompt (name=${p}) already exists.`);
  });

  it("rejects a missing or empty name", async () => {
    expectError(await call(create, "POST", {}), 400, "INVALID_PARAMETER_VALUE", /Missing value for required parameter 'name'/);
    expectError(await call(create, "POST", { name: "" }), 400, "INVALID_PARAMETER_VALUE", /Missing value for required parameter 'name'/);
    expectError(await call(create, "POST", { name: 5 }), 400, "INVALID_PARAMETER_VALUE", /parameter 'name'/);
  });

  it("validates tag keys and value lengths", async () => {
    expectError(await call(create, "POST", { name: uniqueName("rm"), tags: [{ key: "a//b", value: "x" }] }), 400, "INVALID_PARAMETER_VALUE", /would resolve to 'a\/b'/);
    expectError(await call(create, "POST", { name: uniqueName("rm"), tags: [{ key: "bad*key", value: "x" }] }), 400, "INVALID_PARAMETER_VALUE", /Names may only contain/);
    expectError(
      await call(create, "POST", { name: uniqueName("rm"), tags: [{ key: "k", value: "x".repeat(5001) }] }),
      400,
      "INVALID_PARAMETER_VALUE",
      "'value' exceeds the maximum length of 5000 characters",
    );
    expectError(
      await call(create, "POST", { name: uniqueName("rm"), tags: [{ key: "k".repeat(251), value: "x" }] }),
      400,
      "INVALID_PARAMETER_VALUE",
      "'key' exceeds the maximum length of 250 characters",
    );
  });

  it("applies the prompt name rule to prompts only", async () => {
    expectError(
      await call(create, "POST", { name: "bad name!", tags: [{ key: IS_PROMPT, value: "true" }] }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Prompt name can only contain alphanumeric characters, hyphens, underscores, and dots.",
    );
    const name = `${uniqueName("model")} with spaces/and slashes`;
    expect((await call(create, "POST", { name })).status).toBe(200);
  });

  it("a prompt emits its is_prompt tag once (stored as a flag, not a tag row)", async () => {
    const name = await newPrompt();
    const rm = (await call(get, "GET", { name })).body.registered_model as Obj;
    expect(rm.tags).toEqual([{ key: IS_PROMPT, value: "true" }]);
  });
});

describe("registered-models/get", () => {
  it("returns tags, aliases and latest_versions per stage", async () => {
    const { name } = await newModel({ tags: [{ key: "a", value: "1" }] });
    await newVersion(name);
    await newVersion(name);
    await newVersion(name);
    await call(transition, "POST", { name, version: "1", stage: "production" });
    await call(setAlias, "POST", { name, alias: "champion", version: "2" });
    const r = await call(get, "GET", { name });
    expect(r.status).toBe(200);
    const rm = r.body.registered_model as Obj;
    expect(rm.aliases).toEqual([{ alias: "champion", version: "2" }]);
    const lv = rm.latest_versions as Obj[];
    expect(lv.map((v) => [v.version, v.current_stage])).toEqual([
      ["1", "Production"],
      ["3", "None"],
    ]);
  });

  it("404 RESOURCE_DOES_NOT_EXIST for an unknown name; 400 without a name", async () => {
    const name = uniqueName("nope");
    expectError(await call(get, "GET", { name }), 404, "RESOURCE_DOES_NOT_EXIST", `Registered Model with name=${name} not found`);
    expectError(await call(get, "GET", {}), 400, "INVALID_PARAMETER_VALUE", /'name'/);
  });
});

describe("registered-models/rename", () => {
  it("renames the model; versions and aliases follow", async () => {
    const { name } = await newModel();
    await newVersion(name);
    await call(setAlias, "POST", { name, alias: "prod", version: 1 });
    const newName = uniqueName("renamed");
    const r = await call(rename, "POST", { name, new_name: newName });
    expect(r.status).toBe(200);
    expect((r.body.registered_model as Obj).name).toBe(newName);
    expect((await call(getVersion, "GET", { name: newName, version: "1" })).status).toBe(200);
    expect(((await call(getAlias, "GET", { name: newName, alias: "prod" })).body.model_version as Obj).version).toBe("1");
    expect((await call(get, "GET", { name })).status).toBe(404);
  });

  it("rejects a taken target (400 RESOURCE_ALREADY_EXISTS), an unknown source (404) and a missing new_name (400)", async () => {
    const a = await newModel();
    const b = await newModel();
    expectError(await call(rename, "POST", { name: a.name, new_name: b.name }), 400, "RESOURCE_ALREADY_EXISTS", `Registered Model (name=${b.name}) already exists.`);
    expectError(await call(rename, "POST", { name: uniqueName("nope"), new_name: uniqueName("x") }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(await call(rename, "POST", { name: a.name }), 400, "INVALID_PARAMETER_VALUE", /'new_name'/);
  });
});

describe("registered-models/update and delete", () => {
  it("PATCH updates the description", async () => {
    const { name } = await newModel({ description: "old" });
    const r = await call(update, "PATCH", { name, description: "new" });
    expect(r.status).toBe(200);
    expect((r.body.registered_model as Obj).description).toBe("new");
    expectError(await call(update, "PATCH", { name: uniqueName("nope"), description: "x" }), 404, "RESOURCE_DOES_NOT_EXIST");
  });

  it("DELETE with a JSON body removes the model and its versions", async () => {
    const { name } = await newModel();
    await newVersion(name);
    const r = await call(del, "DELETE", { name });
    expect(r).toEqual({ status: 200, body: {} });
    expect((await call(get, "GET", { name })).status).toBe(404);
    expect((await call(getVersion, "GET", { name, version: "1" })).status).toBe(404);
    expectError(await call(del, "DELETE", { name }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(await call(del, "DELETE", {}), 400, "INVALID_PARAMETER_VALUE");
  });
});

describe("registered-models/set-tag and delete-tag", () => {
  it("upserts and deletes tags (deleting a missing tag is fine)", async () => {
    const { name } = await newModel();
    expect(await call(setTag, "POST", { name, key: "k", value: "v1" })).toEqual({ status: 200, body: {} });
    await call(setTag, "POST", { name, key: "k", value: "v2" });
    await call(setTag, "POST", { name, key: "novalue" });
    expect(((await call(get, "GET", { name })).body.registered_model as Obj).tags).toEqual([
      { key: "k", value: "v2" },
      { key: "novalue", value: "" },
    ]);
    expect(await call(deleteTag, "DELETE", { name, key: "k" })).toEqual({ status: 200, body: {} });
    expect(await call(deleteTag, "DELETE", { name, key: "never-set" })).toEqual({ status: 200, body: {} });
    expect(((await call(get, "GET", { name })).body.registered_model as Obj).tags).toEqual([{ key: "novalue", value: "" }]);
  });

  it("errors: unknown model 404, missing key 400, long value 400", async () => {
    const { name } = await newModel();
    expectError(await call(setTag, "POST", { name: uniqueName("nope"), key: "k", value: "v" }), 404, "RESOURCE_DOES_NOT_EXIST");
    expectError(await call(setTag, "POST", { name, value: "v" }), 400, "INVALID_PARAMETER_VALUE", /'key'/);
    expectError(await call(setTag, "POST", { name, key: "k", value: "v".repeat(5001) }), 400, "INVALID_PARAMETER_VALUE");
    expectError(await call(deleteTag, "DELETE", { name: uniqueName("nope"), key: "k" }), 404, "RESOURCE_DOES_NOT_EXIST");
  });

  it("setting mlflow.prompt.is_prompt flips a version-less model into a prompt, but not one with versions", async () => {
    const { name } = await newModel({}, "flip");
    await call(setTag, "POST", { name, key: IS_PROMPT, value: "true" });
    const found = await call(search, "GET", { filter: `name = '${name}' AND tags.\`${IS_PROMPT}\` = 'true'` });
    expect((found.body.registered_models as Obj[]).map((m) => m.name)).toEqual([name]);
    await call(deleteTag, "DELETE", { name, key: IS_PROMPT });
    const other = await newModel();
    await newVersion(other.name);
    expectError(await call(setTag, "POST", { name: other.name, key: IS_PROMPT, value: "true" }), 400, "INVALID_PARAMETER_VALUE", /already has versions/);
  });
});

describe("registered-models/alias", () => {
  it("sets (version as number or string), resolves, re-points and deletes (DELETE body)", async () => {
    const { name } = await newModel();
    await newVersion(name);
    await newVersion(name);
    expect(await call(setAlias, "POST", { name, alias: "prod", version: 1 })).toEqual({ status: 200, body: {} });
    let r = await call(getAlias, "GET", { name, alias: "prod" });
    expect(r.status).toBe(200);
    expect(r.body.model_version).toMatchObject({ name, version: "1", aliases: ["prod"] });
    await call(setAlias, "POST", { name, alias: "prod", version: "2" });
    r = await call(getAlias, "GET", { name, alias: "prod" });
    expect((r.body.model_version as Obj).version).toBe("2");
    expect(((await call(getVersion, "GET", { name, version: "1" })).body.model_version as Obj).aliases).toBeUndefined();
    expect(await call(deleteAlias, "DELETE", { name, alias: "prod" })).toEqual({ status: 200, body: {} });
    expect(await call(deleteAlias, "DELETE", { name, alias: "prod" })).toEqual({ status: 200, body: {} });
    expectError(await call(getAlias, "GET", { name, alias: "prod" }), 400, "INVALID_PARAMETER_VALUE", "Registered model alias prod not found.");
  });

  it("resolves `latest` (any case) to the highest version without an alias row", async () => {
    const { name } = await newModel();
    await newVersion(name);
    await newVersion(name);
    await newVersion(name);
    for (const alias of ["latest", "LATEST", "Latest"]) {
      const r = await call(getAlias, "GET", { name, alias });
      expect(r.status).toBe(200);
      expect((r.body.model_version as Obj).version).toBe("3");
    }
    const empty = await newModel();
    expectError(await call(getAlias, "GET", { name: empty.name, alias: "latest" }), 400, "INVALID_PARAMETER_VALUE", "Registered model alias latest not found.");
    expectError(await call(getAlias, "GET", { name: uniqueName("nope"), alias: "latest" }), 404, "RESOURCE_DOES_NOT_EXIST");
  });

  it("rejects reserved and malformed alias names", async () => {
    const { name } = await newModel();
    await newVersion(name);
    expectError(await call(setAlias, "POST", { name, alias: "latest", version: "1" }), 400, "INVALID_PARAMETER_VALUE", "'latest' alias name (case insensitive) is reserved.");
    expectError(await call(setAlias, "POST", { name, alias: "LaTeSt", version: "1" }), 400, "INVALID_PARAMETER_VALUE", "'latest' alias name (case insensitive) is reserved.");
    expectError(await call(setAlias, "POST", { name, alias: "v1", version: "1" }), 400, "INVALID_PARAMETER_VALUE", "Version alias name 'v1' is reserved.");
    expectError(await call(setAlias, "POST", { name, alias: "V12", version: "1" }), 400, "INVALID_PARAMETER_VALUE", "Version alias name 'V12' is reserved.");
    expectError(await call(setAlias, "POST", { name, alias: "has space", version: "1" }), 400, "INVALID_PARAMETER_VALUE", /Invalid alias name: 'has space'/);
    expectError(await call(setAlias, "POST", { name, alias: "a".repeat(256), version: "1" }), 400, "INVALID_PARAMETER_VALUE", /exceeds the maximum length of 255/);
    expectError(await call(setAlias, "POST", { name, version: "1" }), 400, "INVALID_PARAMETER_VALUE", /'alias'/);
    expectError(await call(deleteAlias, "DELETE", { name, alias: "latest" }), 400, "INVALID_PARAMETER_VALUE");
  });

  it("requires an existing, integer version", async () => {
    const { name } = await newModel();
    await newVersion(name);
    expectError(await call(setAlias, "POST", { name, alias: "a", version: "9" }), 404, "RESOURCE_DOES_NOT_EXIST", `Model Version (name=${name}, version=9) not found`);
    expectError(await call(setAlias, "POST", { name, alias: "a", version: "one" }), 400, "INVALID_PARAMETER_VALUE", "Parameter 'version' must be an integer, got 'one'.");
    expectError(await call(setAlias, "POST", { name, alias: "a", version: 1.5 }), 400, "INVALID_PARAMETER_VALUE", "Parameter 'version' must be an integer, got '1.5'.");
    expectError(await call(setAlias, "POST", { name, alias: "a" }), 400, "INVALID_PARAMETER_VALUE", /'version'/);
    expectError(await call(deleteAlias, "DELETE", { name: uniqueName("nope"), alias: "a" }), 404, "RESOURCE_DOES_NOT_EXIST");
  });
});

describe("registered-models/get-latest-versions", () => {
  it("returns the latest version per requested stage (POST and GET with repeated keys)", async () => {
    const { name } = await newModel();
    for (let i = 0; i < 4; i++) await newVersion(name);
    await call(transition, "POST", { name, version: "1", stage: "Staging" });
    await call(transition, "POST", { name, version: "2", stage: "Production" });
    await call(transition, "POST", { name, version: "3", stage: "Staging" });
    let r = await call(latest, "POST", { name });
    expect((r.body.model_versions as Obj[]).map((v) => [v.version, v.current_stage])).toEqual([
      ["2", "Production"],
      ["3", "Staging"],
      ["4", "None"],
    ]);
    r = await call(latest, "POST", { name, stages: ["staging"] });
    expect((r.body.model_versions as Obj[]).map((v) => v.version)).toEqual(["3"]);
    r = await call(latestGet, "GET", { name, stages: ["Production", "None"] });
    expect((r.body.model_versions as Obj[]).map((v) => v.version)).toEqual(["2", "4"]);
    r = await call(latestGet, "GET", { name, stages: "Archived" });
    expect(r).toEqual({ status: 200, body: {} });
  });

  it("rejects an unknown stage and an unknown model", async () => {
    const { name } = await newModel();
    expectError(await call(latest, "POST", { name, stages: ["Prod"] }), 400, "INVALID_PARAMETER_VALUE", /Invalid Model Version stage: Prod/);
    expectError(await call(latest, "POST", { name: uniqueName("nope") }), 404, "RESOURCE_DOES_NOT_EXIST");
  });
});

describe("registered-models/search", () => {
  it("filters by name and tags, orders (repeated GET keys) and pages", async () => {
    const prefix = uniqueName("srch");
    for (const [suffix, team] of [
      ["a", "x"],
      ["b", "y"],
      ["c", "x"],
    ]) {
      await call(create, "POST", { name: `${prefix}-${suffix}`, tags: [{ key: "team", value: team }] });
    }
    let r = await call(search, "GET", { filter: `name LIKE '${prefix}-%'` });
    expect((r.body.registered_models as Obj[]).map((m) => m.name)).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
    r = await call(search, "GET", { filter: `name LIKE '${prefix}-%' AND tags.team = 'x'`, order_by: ["name DESC"] });
    expect((r.body.registered_models as Obj[]).map((m) => m.name)).toEqual([`${prefix}-c`, `${prefix}-a`]);
    r = await call(search, "GET", { filter: `name ILIKE '${prefix.toUpperCase()}-%'`, order_by: ["last_updated_timestamp DESC", "name ASC"] });
    expect((r.body.registered_models as Obj[]).map((m) => m.name)).toEqual([`${prefix}-c`, `${prefix}-b`, `${prefix}-a`]);
    r = await call(search, "GET", { filter: `name LIKE '${prefix}-%'`, max_results: 2 });
    expect((r.body.registered_models as Obj[]).map((m) => m.name)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    const page2 = await call(search, "GET", { filter: `name LIKE '${prefix}-%'`, max_results: 2, page_token: r.body.next_page_token as string });
    expect((page2.body.registered_models as Obj[]).map((m) => m.name)).toEqual([`${prefix}-c`]);
    expect(page2.body.next_page_token).toBeUndefined();
    r = await call(search, "GET", { filter: `name = '${prefix}-zzz'` });
    expect(r).toEqual({ status: 200, body: {} });
  });

  it("keeps prompts and models apart; a missing is_prompt tag counts as 'false'", async () => {
    const prefix = uniqueName("sep").replace(/[^a-zA-Z0-9_.-]/g, "-");
    await call(create, "POST", { name: `${prefix}-model` });
    await call(create, "POST", { name: `${prefix}-prompt`, tags: [{ key: IS_PROMPT, value: "true" }] });
    const names = async (filter: string) => ((await call(search, "GET", { filter })).body.registered_models as Obj[] | undefined)?.map((m) => m.name) ?? [];
    expect(await names(`name LIKE '${prefix}%'`)).toEqual([`${prefix}-model`]);
    expect(await names(`name LIKE '${prefix}%' AND tags.\`${IS_PROMPT}\` != 'true'`)).toEqual([`${prefix}-model`]);
    expect(await names(`name LIKE '${prefix}%' AND tag.\`${IS_PROMPT}\` = 'false'`)).toEqual([`${prefix}-model`]);
    expect(await names(`tags.\`${IS_PROMPT}\` = 'true' AND name LIKE '${prefix}%'`)).toEqual([`${prefix}-prompt`]);
    expect(await names(`name LIKE '${prefix}%' AND tags.\`${IS_PROMPT}\` != 'false'`)).toEqual([`${prefix}-prompt`]);
  });

  it("validates max_results, filter, order_by and page tokens", async () => {
    expectError(
      await call(search, "GET", { max_results: 1001 }),
      400,
      "INVALID_PARAMETER_VALUE",
      "Invalid value for request parameter max_results. It must be at most 1000, but got value 1001",
    );
    expectError(await call(search, "GET", { max_results: "many" }), 400, "INVALID_PARAMETER_VALUE");
    expectError(await call(search, "GET", { filter: "name = 'a' OR name = 'b'" }), 400, "INVALID_PARAMETER_VALUE");
    expectError(await call(search, "GET", { filter: "run_id = 'a'" }), 400, "INVALID_PARAMETER_VALUE");
    expectError(await call(search, "GET", { order_by: "tags.x ASC" }), 400, "INVALID_PARAMETER_VALUE");
    expectError(await call(search, "GET", { order_by: ["name", "name DESC"] }), 400, "INVALID_PARAMETER_VALUE", /duplicate/);
    expectError(await call(search, "GET", { page_token: "garbage" }), 400, "INVALID_PARAMETER_VALUE");
  });
});
