import "server-only";
import { db, type Tx } from "@/lib/db";
import { requireExperiment, requireTrace } from "@/lib/domain/auth/authorize";
import { assertExperimentActive, getExperimentOrThrow } from "@/lib/domain/experiments";
import { inTransaction } from "@/lib/domain/tx";
import { insertTraceInfoAssessments, type AssessmentInput } from "./assessments";
import { checkTraceId, newRequestId } from "./ids";
import { getTraceInfoOrThrow, traceNotFound, type TraceInfoRecord, type TraceState } from "./info";
import { META, TAG, traceArtifactLocation } from "./keys";
import { checkTagPairs, linkSourceRun, mirroredColumns, syncTracePromptLinks, upsertPairs, type Pairs } from "./writes";

// Creating and finishing traces: StartTraceV3 (what the MLflow 3 client calls once the root span
// has ended — an upsert, since OTLP spans may have created the row first) and the v2
// StartTrace / EndTrace pair older clients and the v3 fallback use (docs/mlflow-compatibility.md#traces).

export interface StartTraceInput {
  traceId: string;
  experimentId: string;
  clientRequestId?: string | null;
  requestTime: bigint;
  executionDuration?: bigint | null;
  state: TraceState;
  requestPreview?: string | null;
  responsePreview?: string | null;
  metadata: Pairs;
  tags: Pairs;
  assessments?: (AssessmentInput & { assessmentId?: string })[];
}

/** The tags the server adds: where the trace's span data lives. */
async function serverTags(tx: Tx, experimentId: string, traceId: string): Promise<[string, string][]> {
  const e = await getExperimentOrThrow(experimentId, tx);
  assertExperimentActive(e);
  return [[TAG.artifactLocation, traceArtifactLocation(e.artifactLocation, traceId)]];
}

/**
 * StartTraceV3: creates or completes the trace with the client's info (authoritative for times,
 * state, previews, token usage) and answers the stored info, which carries
 * mlflow.artifactLocation and — when OTLP spans arrived first — mlflow.trace.spansLocation.
 */
export async function startTraceV3(input: StartTraceInput, tx: Tx = db): Promise<TraceInfoRecord> {
  const traceId = checkTraceId(input.traceId);
  checkTagPairs(input.tags);
  checkTagPairs(input.metadata, "metadata");
  // EDIT on the experiment, and on the one an existing trace of that id is in (the upsert moves it).
  await requireExperiment(input.experimentId, "EDIT");
  await requireTrace(traceId, "EDIT", tx);
  return inTransaction(tx, async (t) => {
    const location = await serverTags(t, input.experimentId, traceId);
    const tags = new Map(input.tags);
    const metadata = new Map(input.metadata);
    const m = mirroredColumns(tags, metadata);
    const exp = Number(input.experimentId);
    await t.$executeRaw`
      INSERT INTO traces (id, experiment_id, client_request_id, request_time, execution_duration, state, request_preview, response_preview,
                          name, source_run_id, input_tokens, output_tokens, total_tokens)
      VALUES (${traceId}, ${exp}, ${input.clientRequestId ?? null}, ${input.requestTime}, ${input.executionDuration ?? null},
              ${input.state}::trace_state, ${input.requestPreview ?? null}, ${input.responsePreview ?? null},
              ${m.name}, ${m.sourceRunId}, ${m.inputTokens}, ${m.outputTokens}, ${m.totalTokens})
      ON CONFLICT (id) DO UPDATE SET
        experiment_id = EXCLUDED.experiment_id, client_request_id = EXCLUDED.client_request_id,
        request_time = EXCLUDED.request_time, execution_duration = EXCLUDED.execution_duration, state = EXCLUDED.state,
        request_preview = COALESCE(EXCLUDED.request_preview, traces.request_preview),
        response_preview = COALESCE(EXCLUDED.response_preview, traces.response_preview),
        name = COALESCE(EXCLUDED.name, traces.name), source_run_id = COALESCE(EXCLUDED.source_run_id, traces.source_run_id),
        input_tokens = COALESCE(EXCLUDED.input_tokens, traces.input_tokens), output_tokens = COALESCE(EXCLUDED.output_tokens, traces.output_tokens),
        total_tokens = COALESCE(EXCLUDED.total_tokens, traces.total_tokens)`;
    // Spans written by OTLP under another experiment header follow the trace.
    await t.$executeRaw`UPDATE spans SET experiment_id = ${exp} WHERE trace_id = ${traceId} AND experiment_id <> ${exp}`;
    await upsertPairs(t, "trace_tags", traceId, [...input.tags, ...location]);
    await upsertPairs(t, "trace_metadata", traceId, [...input.metadata, [META.infoFinalized, "true"]]);
    await linkSourceRun(t, traceId, metadata.get(META.sourceRun));
    if (tags.has(TAG.linkedPrompts)) await syncTracePromptLinks(t, traceId, tags.get(TAG.linkedPrompts)!);
    await insertTraceInfoAssessments(traceId, input.assessments ?? [], t);
    return getTraceInfoOrThrow(traceId, t);
  });
}

export interface StartTraceV2Input {
  experimentId: string;
  timestampMs: bigint;
  metadata: Pairs;
  tags: Pairs;
}

/** v2 StartTrace: the server picks the request id; the trace is IN_PROGRESS until EndTrace. */
export async function startTraceV2(input: StartTraceV2Input, tx: Tx = db): Promise<TraceInfoRecord> {
  checkTagPairs(input.tags);
  checkTagPairs(input.metadata, "metadata");
  await requireExperiment(input.experimentId, "EDIT");
  const requestId = newRequestId();
  return inTransaction(tx, async (t) => {
    const location = await serverTags(t, input.experimentId, requestId);
    const m = mirroredColumns(new Map(input.tags), new Map(input.metadata));
    await t.$executeRaw`
      INSERT INTO traces (id, experiment_id, request_time, state, name, source_run_id, input_tokens, output_tokens, total_tokens)
      VALUES (${requestId}, ${Number(input.experimentId)}, ${input.timestampMs}, 'IN_PROGRESS'::trace_state, ${m.name}, ${m.sourceRunId},
              ${m.inputTokens}, ${m.outputTokens}, ${m.totalTokens})`;
    await upsertPairs(t, "trace_tags", requestId, [...input.tags, ...location]);
    await upsertPairs(t, "trace_metadata", requestId, input.metadata);
    await linkSourceRun(t, requestId, new Map(input.metadata).get(META.sourceRun));
    return getTraceInfoOrThrow(requestId, t);
  });
}

export interface EndTraceV2Input {
  requestId: string;
  timestampMs: bigint;
  state: TraceState;
  metadata: Pairs;
  tags: Pairs;
}

/** v2 EndTrace: end time → execution duration, final status, metadata and tags merged in. */
export async function endTraceV2(input: EndTraceV2Input, tx: Tx = db): Promise<TraceInfoRecord> {
  checkTagPairs(input.tags);
  checkTagPairs(input.metadata, "metadata");
  await requireTrace(input.requestId, "EDIT", tx);
  return inTransaction(tx, async (t) => {
    const n = await t.$executeRaw`
      UPDATE traces SET execution_duration = GREATEST(${input.timestampMs}::bigint - request_time, 0), state = ${input.state}::trace_state
      WHERE id = ${input.requestId}`;
    if (n === 0) throw traceNotFound(input.requestId);
    await upsertPairs(t, "trace_tags", input.requestId, input.tags);
    await upsertPairs(t, "trace_metadata", input.requestId, input.metadata);
    const info = await getTraceInfoOrThrow(input.requestId, t);
    const m = mirroredColumns(new Map(info.tags), new Map(info.metadata));
    await t.$executeRaw`
      UPDATE traces SET name = ${m.name}, source_run_id = ${m.sourceRunId}, input_tokens = ${m.inputTokens}, output_tokens = ${m.outputTokens},
        total_tokens = ${m.totalTokens} WHERE id = ${input.requestId}`;
    await linkSourceRun(t, input.requestId, m.sourceRunId ?? undefined);
    const linked = new Map(info.tags).get(TAG.linkedPrompts);
    if (linked !== undefined) await syncTracePromptLinks(t, input.requestId, linked);
    return info;
  });
}
