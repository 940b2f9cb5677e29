"use server";
// Server actions for the experiments UI, each through lib/actions/action.ts (zod schema from
// lib/schemas/experiment.ts → the same domain function as the REST API → result, revalidate).
import { createExperiment, deleteExperiment, deleteExperimentTag, restoreExperiment, setExperimentTag, updateExperiment } from "@/lib/domain/experiments";
import { callAction, formAction, type Revalidate } from "@/lib/actions/action";
import type { ActionResult } from "@/lib/actions/result";
import {
  createExperimentSchema,
  deleteExperimentTagSchema,
  experimentRefSchema,
  setExperimentTagSchema,
  updateExperimentSchema,
} from "@/lib/schemas/experiment";

/** Every experiment page (list, runs table, run pages) shows names and tags. */
const EXPERIMENT_PAGES: Revalidate[] = [{ path: "/experiments", layout: true }];

export async function createExperimentAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, createExperimentSchema, {
    run: createExperiment,
    errorField: (message) => (message.toLowerCase().includes("artifact") ? "artifactLocation" : "name"),
    revalidate: () => ["/experiments"],
    redirectTo: (_, experiment) => `/experiments/${experiment.experimentId}`,
  });
}

export async function renameExperimentAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, updateExperimentSchema, { run: updateExperiment, errorField: "newName", revalidate: () => EXPERIMENT_PAGES });
}

export async function deleteExperimentAction(experimentId: string): Promise<ActionResult<void>> {
  return callAction({ experimentId }, experimentRefSchema, { run: (i) => deleteExperiment(i.experimentId), revalidate: () => EXPERIMENT_PAGES });
}

export async function restoreExperimentAction(experimentId: string): Promise<ActionResult<void>> {
  return callAction({ experimentId }, experimentRefSchema, { run: (i) => restoreExperiment(i.experimentId), revalidate: () => EXPERIMENT_PAGES });
}

export async function setExperimentTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, setExperimentTagSchema, {
    run: setExperimentTag,
    errorField: (message) => (message.includes("'value'") ? "value" : "key"),
    revalidate: () => EXPERIMENT_PAGES,
  });
}

/** Deletes an experiment tag. Fields: experimentId, key. */
export async function deleteExperimentTagAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return formAction(form, deleteExperimentTagSchema, { run: deleteExperimentTag, errorField: "key", revalidate: () => EXPERIMENT_PAGES });
}
