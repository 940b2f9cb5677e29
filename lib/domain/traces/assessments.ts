import "server-only";
import { db, Prisma, type Tx } from "@/lib/db";
import { requireTrace } from "@/lib/domain/auth/authorize";
import { inTransaction } from "@/lib/domain/tx";
import { invalidParam, notFound } from "@/lib/errors";
import { newAssessmentId } from "./ids";

// Assessments (docs/mlflow-compatibility.md#assessments-and-evaluation): feedback and expectations on a trace or one of its spans, written by
// mlflow.log_feedback / log_expectation and by every scorer of mlflow.genai.evaluate. Same
// rules as MLflow's SQL store: an assessment that overrides another marks it invalid (restored
// when the override is deleted); updates keep source and span, merge metadata; delete is
// idempotent.

export type AssessmentKind = "feedback" | "expectation" | "issue";

export interface AssessmentRecord {
  assessmentId: string;
  traceId: string;
  name: string;
  spanId: string | null;
  sourceType: string;
  sourceId: string | null;
  createTime: bigint;
  lastUpdateTime: bigint;
  kind: AssessmentKind;
  /** The value object as sent, JSON text: {"value": …} / {"serialized_value": …} / {"error": …}. */
  payload: string;
  rationale: string | null;
  metadata: Record<string, string> | null;
  /** The deprecated top-level error object, JSON text. */
  error: string | null;
  overrides: string | null;
  valid: boolean;
}

export interface AssessmentInput {
  name: string;
  spanId?: string | null;
  sourceType?: string;
  sourceId?: string | null;
  createTime?: bigint;
  lastUpdateTime?: bigint;
  kind: AssessmentKind;
  payload: unknown;
  rationale?: string | null;
  metadata?: Record<string, string> | null;
  error?: unknown;
  overrides?: string | null;
  valid?: boolean;
}

interface Row {
  id: string;
  trace_id: string;
  name: string;
  span_id: string | null;
  source_type: string;
  source_id: string | null;
  create_time: bigint;
  last_update_time: bigint;
  kind: AssessmentKind;
  payload: string;
  rationale: string | null;
  metadata: string | null;
  error: string | null;
  overrides: string | null;
  valid: boolean;
}

const SELECT = Prisma.sql`SELECT id, trace_id, name, span_id, source_type, source_id, create_time, last_update_time, kind::text AS kind,
  payload::text AS payload, rationale, metadata::text AS metadata, error::text AS error, overrides, valid FROM assessments`;

const toRecord = (r: Row): AssessmentRecord => ({
  assessmentId: r.id,
  traceId: r.trace_id,
  name: r.name,
  spanId: r.span_id,
  sourceType: r.source_type,
  sourceId: r.source_id,
  createTime: r.create_time,
  lastUpdateTime: r.last_update_time,
  kind: r.kind,
  payload: r.payload,
  rationale: r.rationale,
  metadata: r.metadata ? (JSON.parse(r.metadata) as Record<string, string>) : null,
  error: r.error,
  overrides: r.overrides,
  valid: r.valid,
});

/** The JSON of the assessment's value (feedback.value, expectation.value or its serialized value). */
export function assessmentValueJson(kind: AssessmentKind, payload: unknown): string | null {
  if (typeof payload !== "object" || payload === null) return null;
  const p = payload as { value?: unknown; serialized_value?: { value?: unknown }; issue_name?: unknown };
  if (kind === "issue") return typeof p.issue_name === "string" ? JSON.stringify(p.issue_name) : null;
  if (p.value !== undefined) return JSON.stringify(p.value);
  if (kind === "expectation" && typeof p.serialized_value?.value === "string") return p.serialized_value.value;
  return null;
}

/** Assessments of the traces, oldest first per trace. */
export async function loadAssessments(traceIds: readonly string[], tx: Tx = db): Promise<Map<string, AssessmentRecord[]>> {
  const out = new Map<string, AssessmentRecord[]>();
  if (traceIds.length === 0) return out;
  const rows = await tx.$queryRaw<Row[]>(Prisma.sql`${SELECT} WHERE trace_id = ANY(${[...traceIds]}::text[]) ORDER BY trace_id, create_time, id`);
  for (const r of rows) {
    let l = out.get(r.trace_id);
    if (!l) out.set(r.trace_id, (l = []));
    l.push(toRecord(r));
  }
  return out;
}

async function traceMustExist(traceId: string, tx: Tx): Promise<void> {
  const rows = await tx.$queryRaw<{ one: number }[]>`SELECT 1 AS one FROM traces WHERE id = ${traceId}`;
  if (!rows.length) throw notFound(`Trace with ID '${traceId}' not found.`);
}

async function getRow(traceId: string, assessmentId: string, tx: Tx): Promise<AssessmentRecord> {
  const rows = await tx.$queryRaw<Row[]>(Prisma.sql`${SELECT} WHERE trace_id = ${traceId} AND id = ${assessmentId}`);
  if (!rows.length) {
    await traceMustExist(traceId, tx);
    throw notFound(`Assessment with ID '${assessmentId}' not found for trace '${traceId}'.`);
  }
  return toRecord(rows[0]);
}

export async function getAssessment(traceId: string, assessmentId: string, tx: Tx = db): Promise<AssessmentRecord> {
  await requireTrace(traceId, "READ", tx);
  return getRow(traceId, assessmentId, tx);
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

export async function createAssessment(traceId: string, input: AssessmentInput, tx: Tx = db): Promise<AssessmentRecord> {
  await requireTrace(traceId, "EDIT", tx);
  return inTransaction(tx, async (t) => {
    await traceMustExist(traceId, t);
    if (input.overrides) {
      const n = await t.$executeRaw`UPDATE assessments SET valid = false WHERE trace_id = ${traceId} AND id = ${input.overrides}`;
      if (n === 0) throw notFound(`Assessment with ID '${input.overrides}' not found for trace '${traceId}'.`);
    }
    const now = BigInt(Date.now());
    const id = newAssessmentId();
    const created = input.createTime ?? now;
    await t.$executeRaw`
      INSERT INTO assessments (id, trace_id, name, span_id, source_type, source_id, create_time, last_update_time, kind, payload, value, rationale, metadata, error, overrides, valid)
      VALUES (${id}, ${traceId}, ${input.name}, ${input.spanId ?? null}, ${input.sourceType ?? "SOURCE_TYPE_UNSPECIFIED"}, ${input.sourceId ?? null},
              ${created}, ${input.lastUpdateTime ?? created}, ${input.kind}::assessment_kind, ${JSON.stringify(input.payload ?? {})}::json,
              ${assessmentValueJson(input.kind, input.payload)}, ${input.rationale ?? null}, ${json(input.metadata)}::json, ${json(input.error)}::json,
              ${input.overrides ?? null}, ${input.valid ?? true})`;
    return getRow(traceId, id, t);
  });
}

export interface AssessmentUpdate {
  name?: string;
  kind?: AssessmentKind;
  payload?: unknown;
  rationale?: string | null;
  metadata?: Record<string, string> | null;
}

/** PATCH: the fields in the update mask; source and span stay; metadata merges. */
export async function updateAssessment(traceId: string, assessmentId: string, update: AssessmentUpdate, tx: Tx = db): Promise<AssessmentRecord> {
  await requireTrace(traceId, "EDIT", tx);
  return inTransaction(tx, async (t) => {
    const existing = await getRow(traceId, assessmentId, t);
    if (update.kind && update.kind !== existing.kind) {
      throw invalidParam(`Cannot update ${update.kind} value on a${existing.kind === "expectation" ? "n Expectation" : " Feedback"} assessment.`);
    }
    const payload = update.payload !== undefined ? update.payload : JSON.parse(existing.payload);
    const metadata = existing.metadata || update.metadata ? { ...(existing.metadata ?? {}), ...(update.metadata ?? {}) } : null;
    await t.$executeRaw`
      UPDATE assessments SET name = ${update.name ?? existing.name}, payload = ${JSON.stringify(payload)}::json,
        value = ${assessmentValueJson(existing.kind, payload)},
        rationale = ${update.rationale !== undefined ? update.rationale : existing.rationale},
        metadata = ${json(metadata)}::json, last_update_time = ${BigInt(Date.now())}
      WHERE trace_id = ${traceId} AND id = ${assessmentId}`;
    return getRow(traceId, assessmentId, t);
  });
}

/** Idempotent; restores the assessment this one overrode. */
export async function deleteAssessment(traceId: string, assessmentId: string, tx: Tx = db): Promise<void> {
  await requireTrace(traceId, "EDIT", tx);
  return inTransaction(tx, async (t) => {
    await traceMustExist(traceId, t);
    const rows = await t.$queryRaw<{ overrides: string | null }[]>`DELETE FROM assessments WHERE trace_id = ${traceId} AND id = ${assessmentId} RETURNING overrides`;
    const overridden = rows[0]?.overrides;
    if (overridden) await t.$executeRaw`UPDATE assessments SET valid = true WHERE trace_id = ${traceId} AND id = ${overridden}`;
  });
}

/** Inserts assessments carried inside a TraceInfoV3 on StartTraceV3 (rare; the exporter may send them). */
export async function insertTraceInfoAssessments(traceId: string, inputs: readonly (AssessmentInput & { assessmentId?: string })[], tx: Tx): Promise<void> {
  if (!inputs.length) return;
  const now = BigInt(Date.now());
  const rows = inputs.map((a) => ({
    id: a.assessmentId || newAssessmentId(),
    name: a.name,
    span_id: a.spanId ?? null,
    source_type: a.sourceType ?? "SOURCE_TYPE_UNSPECIFIED",
    source_id: a.sourceId ?? null,
    create_time: String(a.createTime ?? now),
    last_update_time: String(a.lastUpdateTime ?? a.createTime ?? now),
    kind: a.kind,
    payload: JSON.stringify(a.payload ?? {}),
    value: assessmentValueJson(a.kind, a.payload),
    rationale: a.rationale ?? null,
    metadata: json(a.metadata),
    error: json(a.error),
    overrides: a.overrides ?? null,
    valid: a.valid ?? true,
  }));
  await tx.$executeRaw`
    INSERT INTO assessments (id, trace_id, name, span_id, source_type, source_id, create_time, last_update_time, kind, payload, value, rationale, metadata, error, overrides, valid)
    SELECT r.id, ${traceId}, r.name, r.span_id, r.source_type, r.source_id, r.create_time::bigint, r.last_update_time::bigint, r.kind::assessment_kind,
           r.payload::json, r.value, r.rationale, r.metadata::json, r.error::json, r.overrides, r.valid
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(id text, name text, span_id text, source_type text, source_id text, create_time text,
         last_update_time text, kind text, payload text, value text, rationale text, metadata text, error text, overrides text, valid boolean)
    ON CONFLICT (id) DO NOTHING`;
}
