import { gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import { withRequestCaller } from "@/lib/auth/scope";
import { errorResponse, handleError } from "@/lib/mlflow/route";
import { decodeOtlpJson, decodeOtlpProtobuf, encodeExportResponse } from "@/lib/domain/traces/otlp";
import { SpanFormatError } from "@/lib/domain/traces/span-codec";
import { logSpans } from "@/lib/domain/traces/spans";
import { parseExperimentId } from "@/lib/domain/experiments";

// OTLP/HTTP trace ingestion (docs/mlflow-compatibility.md#otlp): the MLflow 3 client (server version ≥ 3.4) and any
// OpenTelemetry exporter. Header x-mlflow-experiment-id picks the experiment; body is an
// ExportTraceServiceRequest as protobuf or OTLP JSON, optionally gzip/deflate-encoded.

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function decompress(body: Buffer, encoding: string | null): Buffer {
  const e = (encoding ?? "").trim().toLowerCase();
  if (!e || e === "identity") return body;
  try {
    if (e === "gzip") return gunzipSync(body, { maxOutputLength: MAX_BODY_BYTES });
    if (e === "deflate") {
      try {
        return inflateSync(body, { maxOutputLength: MAX_BODY_BYTES });
      } catch {
        return inflateRawSync(body, { maxOutputLength: MAX_BODY_BYTES });
      }
    }
  } catch {
    throw new SpanFormatError(`Failed to decompress ${e} payload`);
  }
  throw new SpanFormatError(`Unsupported Content-Encoding: ${e}`);
}

export async function POST(req: Request): Promise<Response> {
  try {
    return await withRequestCaller(req, () => ingest(req));
  } catch (e) {
    return handleError(e);
  }
}

async function ingest(req: Request): Promise<Response> {
  try {
    const experimentId = req.headers.get("x-mlflow-experiment-id");
    if (!experimentId) return errorResponse("BAD_REQUEST", "Missing required header 'x-mlflow-experiment-id'.");
    if (parseExperimentId(experimentId) === null) return errorResponse("INVALID_PARAMETER_VALUE", `Invalid experiment id '${experimentId}' in header 'x-mlflow-experiment-id'.`);
    const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    const isProto = type === "application/x-protobuf" || type === "application/protobuf";
    if (!isProto && type !== "application/json") {
      return errorResponse("BAD_REQUEST", `Invalid Content-Type '${type}': expected application/x-protobuf or application/json.`);
    }
    const declared = Number(req.headers.get("content-length") ?? "0");
    if (declared > MAX_BODY_BYTES) return errorResponse("INVALID_PARAMETER_VALUE", `OTLP request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    const raw = Buffer.from(await req.arrayBuffer());
    if (raw.byteLength > MAX_BODY_BYTES) return errorResponse("INVALID_PARAMETER_VALUE", `OTLP request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    const body = decompress(raw, req.headers.get("content-encoding"));
    const spans = isProto ? decodeOtlpProtobuf(body) : decodeOtlpJson(body.toString("utf8"));
    if (spans.length === 0) return errorResponse("BAD_REQUEST", "Invalid OpenTelemetry format - no spans found");
    await logSpans(experimentId, spans);
    if (isProto) return new Response(new Uint8Array(encodeExportResponse()), { headers: { "Content-Type": "application/x-protobuf" } });
    return Response.json({});
  } catch (e) {
    if (e instanceof SpanFormatError) return errorResponse("BAD_REQUEST", e.message);
    return handleError(e);
  }
}
