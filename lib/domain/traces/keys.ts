// Well-known trace tag, metadata and span attribute keys (docs/mlflow-compatibility.md#traces). Pure module.

export const TAG = {
  traceName: "mlflow.traceName",
  artifactLocation: "mlflow.artifactLocation",
  spansLocation: "mlflow.trace.spansLocation",
  linkedPrompts: "mlflow.linkedPrompts",
  user: "mlflow.user",
  evalRequestId: "mlflow.eval.requestId",
  sourceScorer: "mlflow.trace.sourceScorer",
} as const;

export const META = {
  schemaVersion: "mlflow.trace_schema.version",
  sourceRun: "mlflow.sourceRun",
  modelId: "mlflow.modelId",
  traceInputs: "mlflow.traceInputs",
  traceOutputs: "mlflow.traceOutputs",
  tokenUsage: "mlflow.trace.tokenUsage",
  cost: "mlflow.trace.cost",
  sizeStats: "mlflow.trace.sizeStats",
  user: "mlflow.trace.user",
  session: "mlflow.trace.session",
  infoFinalized: "mlflow.trace.infoFinalized",
} as const;

export const ATTR = {
  requestId: "mlflow.traceRequestId",
  spanType: "mlflow.spanType",
  inputs: "mlflow.spanInputs",
  outputs: "mlflow.spanOutputs",
  functionName: "mlflow.spanFunctionName",
  chatUsage: "mlflow.chat.tokenUsage",
  cost: "mlflow.llm.cost",
  model: "mlflow.llm.model",
  provider: "mlflow.llm.provider",
  messageFormat: "mlflow.message.format",
  linkedPrompts: "mlflow.linkedPrompts",
  userId: "user.id",
  sessionId: "session.id",
} as const;

/** Tag values the server writes; the client may not set or delete them. */
export const SPANS_IN_TRACKING_STORE = "TRACKING_STORE";

/** Tags the server owns (set on start, never by set-tag). */
export const IMMUTABLE_TAGS: ReadonlySet<string> = new Set([TAG.artifactLocation, TAG.spansLocation]);

/** The artifact location of a trace: `<experiment artifact location>/traces/<trace id>/artifacts`. */
export function traceArtifactLocation(experimentArtifactLocation: string, traceId: string): string {
  return `${experimentArtifactLocation.replace(/\/+$/, "")}/traces/${traceId}/artifacts`;
}

/** Limits (docs/mlflow-compatibility.md#traces, MLflow's SQL store). */
export const MAX_TAG_KEY_LENGTH = 250;
export const MAX_TAG_VALUE_LENGTH = 8000;
export const PREVIEW_MAX_LENGTH = 1000;
export const SEARCH_TRACES_MAX_RESULTS = 500;
export const SEARCH_TRACES_DEFAULT_MAX_RESULTS = 100;
export const MAX_TRACE_IDS_PER_CALL = 100;
