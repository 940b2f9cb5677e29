// The experiment server actions, end to end against PostgreSQL: input parsed by the schema,
// the domain's MLflow rules answered as field errors, the right pages revalidated.
import { describe, expect, it } from "vitest";
import { createExperiment, getExperiment, getExperimentByName } from "@/lib/domain/experiments";
import { uniqueName } from "@/tests/helpers";
import { runAction, submit } from "@/tests/actions";
import {
  createExperimentAction,
  deleteExperimentAction,
  deleteExperimentTagAction,
  renameExperimentAction,
  restoreExperimentAction,
  setExperimentTagAction,
} from "@/lib/actions/experiments";

const LAYOUT = "/experiments/layout";

describe("experiment actions", () => {
  it("createExperimentAction creates, revalidates the list and opens the experiment", async () => {
    const name = uniqueName("act-exp");
    const out = await submit(createExperimentAction, { name: `  ${name} `, artifactLocation: "  " });
    const e = await getExperimentByName(name);
    expect(e).not.toBeNull();
    expect(e!.artifactLocation).toBe(`mlflow-artifacts:/${e!.experimentId}`);
    expect(out.redirectedTo).toBe(`/experiments/${e!.experimentId}`);
    expect(out.revalidated).toEqual(["/experiments"]);
  });

  it("createExperimentAction: an empty name and a taken name are field errors, the input is echoed", async () => {
    const empty = await submit(createExperimentAction, { name: " ", artifactLocation: "" });
    expect(empty.result).toMatchObject({ ok: false, fieldErrors: { name: ["Name is required"] } });
    const name = uniqueName("act-exp");
    await createExperiment({ name });
    const taken = await submit(createExperimentAction, { name, artifactLocation: "" });
    expect(taken.result).toMatchObject({ ok: false, fieldErrors: { name: [`Experiment(name=${name}) already exists.`] }, values: { name } });
    expect(taken.revalidated).toEqual([]);
    expect(taken.redirectedTo).toBeNull();
  });

  it("renameExperimentAction renames; a missing experiment is an error on newName", async () => {
    const e = await createExperiment({ name: uniqueName("act-exp") });
    const newName = uniqueName("renamed");
    const ok = await submit(renameExperimentAction, { experimentId: e.experimentId, newName });
    expect(ok.result).toEqual({ ok: true, data: undefined, message: undefined });
    expect(ok.revalidated).toEqual([LAYOUT]);
    expect((await getExperiment(e.experimentId))!.name).toBe(newName);
    const missing = await submit(renameExperimentAction, { experimentId: "987654321", newName });
    expect(missing.result).toMatchObject({ ok: false, fieldErrors: { newName: ["No Experiment with id=987654321 exists"] } });
  });

  it("deleteExperimentAction / restoreExperimentAction validate the id and move the lifecycle", async () => {
    const e = await createExperiment({ name: uniqueName("act-exp") });
    const del = await runAction(() => deleteExperimentAction(e.experimentId));
    expect(del.result?.ok).toBe(true);
    expect(del.revalidated).toEqual([LAYOUT]);
    expect((await getExperiment(e.experimentId))!.lifecycleStage).toBe("deleted");
    expect((await runAction(() => restoreExperimentAction(e.experimentId))).result?.ok).toBe(true);
    expect((await getExperiment(e.experimentId))!.lifecycleStage).toBe("active");
    const bad = await runAction(() => deleteExperimentAction(""));
    expect(bad.result).toMatchObject({ ok: false, fieldErrors: { experimentId: ["An experiment id is required"] } });
    expect(bad.revalidated).toEqual([]);
  });

  it("setExperimentTagAction / deleteExperimentTagAction write tags; limits are field errors", async () => {
    const e = await createExperiment({ name: uniqueName("act-exp") });
    const set = await submit(setExperimentTagAction, { experimentId: e.experimentId, key: " team ", value: "nlp" });
    expect(set.result?.ok).toBe(true);
    expect((await getExperiment(e.experimentId))!.tags).toEqual([{ key: "team", value: "nlp" }]);
    const noKey = await submit(setExperimentTagAction, { experimentId: e.experimentId, key: "", value: "x" });
    expect(noKey.result).toMatchObject({ ok: false, fieldErrors: { key: ["Enter a tag key."] } });
    const tooLong = await submit(setExperimentTagAction, { experimentId: e.experimentId, key: "k", value: "v".repeat(5001) });
    expect(tooLong.result?.fieldErrors?.value?.[0]).toMatch(/'value'/);
    expect((await submit(deleteExperimentTagAction, { experimentId: e.experimentId, key: "team" })).result?.ok).toBe(true);
    expect((await getExperiment(e.experimentId))!.tags).toEqual([]);
    const gone = await submit(deleteExperimentTagAction, { experimentId: e.experimentId, key: "team" });
    expect(gone.result).toMatchObject({ ok: false, fieldErrors: { key: [expect.stringContaining("No tag with name: team")] } });
  });
});
