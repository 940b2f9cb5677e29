import "server-only";
import { DomainError } from "@/lib/errors";
import { getModelDetailsAt } from "@/lib/domain/mlmodel/read";
import type { ModelDetails, SignatureColumn } from "@/lib/domain/mlmodel/parse";
import { stableJson } from "@/lib/text-diff";
import type { CompareModel } from "@/lib/schemas/compare";

// A model's MLmodel details (signature, input example, environment, requirements) as text the
// compare page can diff line by line against the baseline's.

export type ModelDetailsView = Pick<CompareModel, "flavors" | "signature" | "inputExample" | "environment" | "requirements">;

const columnsText = (cols: SignatureColumn[] | undefined) =>
  cols && cols.length ? cols.map((c, i) => `${c.name ?? `[${i}]`}${c.required ? "" : "?"}: ${c.typeLabel}`).join("\n") : null;

/** MLmodel details as comparable text; null when there is no readable MLmodel. */
export function modelDetailsView(d: ModelDetails | null): ModelDetailsView | null {
  if (!d || d.parseError) return null;
  const sig = d.signature;
  let example: string | null = null;
  const ex = d.inputExample;
  if (ex?.table) {
    example = ex.table.rows.map((row) => stableJson(Object.fromEntries(ex.table!.columns.map((c, i) => [c, row[i]]))).replace(/\n\s*/g, " ")).join("\n");
    if (ex.table.totalRows > ex.table.rows.length) example += `\n… ${ex.table.totalRows - ex.table.rows.length} more rows`;
  } else if (ex?.data !== undefined) {
    example = stableJson(ex.data);
  } else if (ex?.error) {
    example = `(${ex.error})`;
  }
  if (example !== null && ex?.params) example += `\nparams: ${stableJson(ex.params).replace(/\n\s*/g, " ")}`;
  const env = [
    d.pythonFunction?.pythonVersion && `python ${d.pythonFunction.pythonVersion}`,
    d.mlflowVersion && `mlflow ${d.mlflowVersion}`,
    d.pythonFunction?.loaderModule && `loader ${d.pythonFunction.loaderModule}`,
  ].filter(Boolean);
  return {
    flavors: d.flavors,
    signature: sig
      ? { inputs: columnsText(sig.inputs), outputs: columnsText(sig.outputs), params: sig.params?.length ? sig.params.map((p) => `${p.name}: ${p.typeLabel} = ${JSON.stringify(p.default)}`).join("\n") : null }
      : null,
    inputExample: example,
    environment: env.length ? env.join("\n") : null,
    requirements: d.requirements?.length ? d.requirements.join("\n") : null,
  };
}

export async function readModelDetails(artifactUri: string, dir = ""): Promise<ModelDetailsView | null> {
  try {
    return modelDetailsView(await getModelDetailsAt(artifactUri, dir));
  } catch (e) {
    if (e instanceof DomainError) return null;
    throw e;
  }
}

export const EMPTY_DETAILS: ModelDetailsView = { flavors: [], signature: null, inputExample: null, environment: null, requirements: null };
