// Trace, span and assessment identifiers (docs/mlflow-compatibility.md#traces). The database keeps span ids as 16 lowercase
// hex chars; traces.json and the OTel wire use base64 of the raw bytes. Pure module.
import { randomBytes, randomUUID } from "node:crypto";
import { invalidParam } from "@/lib/errors";

export const TRACE_ID_PREFIX = "tr-";

const HEX = /^[0-9a-f]*$/;

export function hexToBase64(hex: string): string {
  return Buffer.from(hex, "hex").toString("base64");
}

/** base64 (standard or url-safe) of raw id bytes → lowercase hex; null when it is not base64. */
export function base64ToHex(b64: string): string | null {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64)) return null;
  return Buffer.from(b64.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("hex");
}

/** The MLflow trace id for an OTel trace id (32 hex). */
export const mlflowTraceId = (otelTraceHex: string) => TRACE_ID_PREFIX + otelTraceHex;

/** The OTel trace id (32 hex) inside an MLflow trace id, when it has one. */
export function otelTraceHex(traceId: string): string | null {
  const hex = traceId.startsWith(TRACE_ID_PREFIX) ? traceId.slice(TRACE_ID_PREFIX.length) : traceId;
  return hex.length === 32 && HEX.test(hex) ? hex : null;
}

/**
 * Checks a trace id from the client: printable, ≤ 64 chars, no path tricks (it ends up in an
 * artifact location). v4 ids (`trace:/<location>/<id>`, Databricks only) are refused.
 */
export function checkTraceId(id: string): string {
  if (id.startsWith("trace:/")) throw invalidParam(`Trace ID '${id}' uses a Unity Catalog location; only MLflow experiment traces are supported.`);
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id) || id === "." || id === "..") {
    throw invalidParam(`Invalid trace ID '${id}': expected 'tr-' followed by 32 hex characters.`);
  }
  return id;
}

/** Span ids on the wire may be hex (OTLP JSON, MLflow v2 dicts) or base64 (traces.json). */
export function spanIdHex(id: string): string | null {
  if (/^[0-9a-fA-F]{16}$/.test(id)) return id.toLowerCase();
  const hex = base64ToHex(id);
  return hex && hex.length === 16 ? hex : null;
}

/** A v2 request id (StartTrace): 32 hex chars, like a uuid4 hex. */
export const newRequestId = () => randomUUID().replace(/-/g, "");

export const newAssessmentId = () => "a-" + randomBytes(16).toString("hex");
export const newDatasetId = () => "d-" + randomBytes(16).toString("hex");
/** "dr-" + 32 hex, time- and batch-ordered (records of one upsert keep their order when paged). */
export const newDatasetRecordId = (index = 0, now = Date.now()) =>
  "dr-" + now.toString(16).padStart(12, "0").slice(-12) + (index & 0xffff).toString(16).padStart(4, "0") + randomBytes(8).toString("hex");
export const newScorerId = () => randomUUID();
