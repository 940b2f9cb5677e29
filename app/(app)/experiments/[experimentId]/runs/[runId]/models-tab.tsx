// The run page's Logged models tab: one card per logged model (MLflow 3 logged models, and
// models logged the MLflow 2 way), with flavors, signature and input example.
import type { listLoggedModelsForRuns } from "@/lib/domain/logged-models/records";
import { getLoggedModelDetails, getModelDetailsAt } from "@/lib/domain/mlmodel/read";
import { type ModelDetails } from "@/lib/domain/mlmodel/parse";
import { LoggedModelCard, type LoggedModelView } from "@/components/runs/logged-model-card";
import { EmptyState } from "@/components/ui/card";

/** Artifact paths of models logged the MLflow 2 way (runs/log-model → mlflow.log-model.history). */
export function legacyModelPaths(history: string | undefined): string[] {
  if (!history) return [];
  try {
    const list = JSON.parse(history) as { artifact_path?: string; model_id?: string }[];
    return [...new Set(list.filter((m) => m.artifact_path && !m.model_id).map((m) => m.artifact_path!))];
  } catch {
    return [];
  }
}

export async function ModelsTab({ models, legacy, artifactUri }: { models: Awaited<ReturnType<typeof listLoggedModelsForRuns>>[string]; legacy: string[]; artifactUri: string }) {
  if (models.length === 0 && legacy.length === 0) {
    return (
      <EmptyState title="No models logged by this run">
        Models saved with <code className="font-mono">mlflow.&lt;flavor&gt;.log_model()</code> inside this run appear here with their signature and input example.
      </EmptyState>
    );
  }
  const safe = async (fn: () => Promise<ModelDetails | null>) => {
    try {
      return await fn();
    } catch (e) {
      return { flavors: [], parseError: e instanceof Error ? e.message : "unreadable" } as ModelDetails;
    }
  };
  const [details, legacyDetails] = await Promise.all([
    Promise.all(models.slice(0, 20).map((m) => safe(() => getLoggedModelDetails(m.modelId)))),
    Promise.all(legacy.slice(0, 20).map((p) => safe(() => getModelDetailsAt(artifactUri, p)))),
  ]);
  const views: LoggedModelView[] = [
    ...models.slice(0, 20).map((m, i) => ({
      modelId: m.modelId,
      name: m.name,
      status: m.status,
      statusMessage: m.statusMessage,
      modelType: m.modelType,
      artifactUri: m.artifactUri,
      createdAt: Number(m.creationTimestampMs),
      registrations: m.registrations,
      params: m.params,
      details: toDetailsView(details[i]),
    })),
    ...legacy.slice(0, 20).map((p, i) => ({
      modelId: `${artifactUri}/${p}`,
      name: p,
      status: "LOGGED_MODEL_READY",
      statusMessage: null,
      modelType: null,
      artifactUri: `${artifactUri}/${p}`,
      createdAt: 0,
      registrations: [],
      params: [],
      details: toDetailsView(legacyDetails[i]),
    })),
  ];
  return (
    <div className="space-y-4">
      {views.map((v) => (
        <LoggedModelCard key={v.modelId} model={v} />
      ))}
    </div>
  );
}

function toDetailsView(d: ModelDetails | null): LoggedModelView["details"] {
  if (!d) return null;
  return {
    flavors: d.flavors,
    signature: d.signature
      ? {
          inputs: d.signature.inputs.map((c) => ({ name: c.name, typeLabel: c.typeLabel, required: c.required })),
          outputs: d.signature.outputs.map((c) => ({ name: c.name, typeLabel: c.typeLabel, required: c.required })),
          params: d.signature.params?.map((p) => ({ name: p.name, typeLabel: p.typeLabel, default: p.default })),
        }
      : undefined,
    inputExample: d.inputExample
      ? { type: d.inputExample.type, table: d.inputExample.table, data: d.inputExample.data, truncated: d.inputExample.truncated, error: d.inputExample.error, size: d.inputExample.size }
      : undefined,
    mlflowVersion: d.mlflowVersion,
    parseError: d.parseError,
  };
}
