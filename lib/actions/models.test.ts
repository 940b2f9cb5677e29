// The model registry's server actions against PostgreSQL: aliases and tags of registered models
// and their versions, through the same domain functions as the REST endpoints.
import { describe, expect, it } from "vitest";
import { createRegisteredModel, getRegisteredModel } from "@/lib/domain/registry/registered-models";
import { createModelVersion } from "@/lib/domain/registry/model-versions";
import { getModelVersion } from "@/lib/domain/registry/records";
import { uniqueName } from "@/tests/helpers";
import { submit } from "@/tests/actions";
import {
  deleteModelAliasAction,
  deleteModelTagAction,
  deleteModelVersionTagAction,
  setModelAliasAction,
  setModelTagAction,
  setModelVersionTagAction,
} from "@/lib/actions/models";

async function newModel() {
  const name = uniqueName("act-model");
  await createRegisteredModel({ name });
  await createModelVersion({ name, source: "s3://bucket/model" });
  return name;
}
const pages = (name: string) => ["/models", `/models/${encodeURIComponent(name)}/layout`];

describe("model registry actions", () => {
  it("setModelAliasAction / deleteModelAliasAction", async () => {
    const name = await newModel();
    const set = await submit(setModelAliasAction, { name, alias: "champion", version: "1" });
    expect(set.result).toMatchObject({ ok: true, message: "@champion → version 1" });
    expect(set.revalidated).toEqual(pages(name));
    expect((await getRegisteredModel(name))!.aliases).toEqual([{ alias: "champion", version: 1 }]);
    expect((await submit(setModelAliasAction, { name, alias: "champion", version: "7" })).result?.fieldErrors?.alias?.[0]).toMatch(/not found/);
    expect((await submit(setModelAliasAction, { name, alias: "champion", version: "x" })).result?.fieldErrors?.alias?.[0]).toMatch(/must be an integer/);
    expect((await submit(deleteModelAliasAction, { name, alias: "champion" })).result?.ok).toBe(true);
    expect((await getRegisteredModel(name))!.aliases).toEqual([]);
  });

  it("model and version tags: set and delete; MLflow's key rules are field errors", async () => {
    const name = await newModel();
    expect((await submit(setModelTagAction, { name, key: "owner", value: "ml" })).result?.ok).toBe(true);
    expect((await getRegisteredModel(name))!.tags).toEqual([{ key: "owner", value: "ml" }]);
    expect((await submit(setModelTagAction, { name, key: "../x", value: "ml" })).result?.fieldErrors?.key).toBeDefined();
    expect((await submit(deleteModelTagAction, { name, key: "owner" })).result?.ok).toBe(true);
    expect((await getRegisteredModel(name))!.tags).toEqual([]);

    expect((await submit(setModelVersionTagAction, { name, version: "1", key: "validated", value: "yes" })).result?.ok).toBe(true);
    expect((await getModelVersion(name, 1))!.tags).toEqual([{ key: "validated", value: "yes" }]);
    expect((await submit(deleteModelVersionTagAction, { name, version: "1", key: "validated" })).result?.ok).toBe(true);
    expect((await getModelVersion(name, 1))!.tags).toEqual([]);
    expect((await submit(setModelVersionTagAction, { name, version: "", key: "k", value: "v" })).result?.fieldErrors?.version).toEqual(["A version is required"]);
  });
});
