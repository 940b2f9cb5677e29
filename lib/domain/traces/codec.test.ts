// Pure codecs: Python-compatible JSON, span shapes (traces.json ⇄ rows ⇄ OTel JSON), OTLP decoding.
import { describe, expect, it } from "vitest";
import { loadRecording } from "@/tests/mlflow-replay";
import { decodeOtlpJson, decodeOtlpProtobuf } from "./otlp";
import { pyDumps, pyFloat, pyLoads } from "./py-json";
import { parseTracesJson, renderOtelSpan, renderTracesJson, toAnyValue } from "./span-codec";
import { parseTraceFilter, parseTraceOrderBy } from "./search-grammar";
import { truncatedPreview } from "./spans";

describe("py-json", () => {
  it("prints floats as Python's repr does", () => {
    // Values and repr() strings from CPython 3.12.
    const cases: [number, string][] = [
      [0.1, "0.1"], [1, "1.0"], [100, "100.0"], [1e16, "1e+16"], [1e15, "1000000000000000.0"], [1.5e16, "1.5e+16"],
      [1e-5, "1e-05"], [0.0001, "0.0001"], [0.00012345, "0.00012345"], [123456789.123, "123456789.123"], [1e300, "1e+300"],
      [5e-324, "5e-324"], [-0, "-0.0"], [1e22, "1e+22"], [0.1 + 0.2, "0.30000000000000004"], [9007199254740992, "9007199254740992.0"],
      [-1.7976931348623157e308, "-1.7976931348623157e+308"], [2.220446049250313e-16, "2.220446049250313e-16"], [1.2345e-7, "1.2345e-07"],
      [NaN, "NaN"], [Infinity, "Infinity"],
    ];
    for (const [v, repr] of cases) expect(pyFloat(v)).toBe(repr);
  });

  it("round-trips Python json.dumps output byte for byte (ints vs floats, key order, unicode, NaN)", () => {
    const text = '{"s": "é\\"\\\\\\n\\t\\u0001😀\u2028", "1": [1, 1.0, null, true], "n": NaN, "big": 123456789012345678901234567890, "2": {}}';
    expect(pyDumps(pyLoads(text))).toBe(text);
    const v = pyLoads(text) as Map<string, unknown>;
    expect([...v.keys()]).toEqual(["s", "1", "n", "big", "2"]);
    expect(v.get("big")).toBe(123456789012345678901234567890n);
  });

  it("rejects what json.loads rejects", () => {
    for (const bad of ['{"a": 1,}', "[1 2]", '"unterminated', "01", '{"a" 1}', '"\u0001"']) expect(() => pyLoads(bad)).toThrow();
  });
});

describe("span codec", () => {
  const pair = loadRecording("span-pair.json") as unknown as { otlp_base64: string; traces_json: string };

  it("traces.json → rows → traces.json is byte-identical", () => {
    const rows = parseTracesJson(pair.traces_json).map((s) => ({ ...s, traceId: s.requestId! }));
    expect(rows.map((r) => [r.name, r.spanType, r.parentSpanId === null])).toEqual([["answer", "CHAIN", true], ["retrieve", "RETRIEVER", false], ["llm", "CHAT_MODEL", false]]);
    expect(rows[0].inputs).toBe('{"question": "What is MLflow?"}');
    expect(rows[0].attributes).not.toContain("What is MLflow"); // inputs live in their own column
    expect(renderTracesJson(rows)).toBe(pair.traces_json);
  });

  it("the OTLP export of the same spans renders the same traces.json", () => {
    const spans = decodeOtlpProtobuf(Buffer.from(pair.otlp_base64, "base64"));
    const order = new Map(parseTracesJson(pair.traces_json).map((s, i) => [s.spanId, i]));
    const rows = spans.map((s) => ({ ...s, traceId: s.requestId!, ordinal: order.get(s.spanId)! })).sort((a, b) => a.ordinal - b.ordinal);
    expect(renderTracesJson(rows)).toBe(pair.traces_json);
  });

  it("renders OTel span JSON with typed AnyValues (what the client's Span.from_otel_proto re-dumps)", () => {
    const [root] = parseTracesJson(pair.traces_json).map((s) => ({ ...s, traceId: s.requestId! }));
    const otel = renderOtelSpan(root);
    expect(otel).toMatchObject({ trace_id: "pQffA/1ZnNW+ffBswNUdwA==", span_id: "ogsqXZJy2PQ=", name: "answer", start_time_unix_nano: "1796298988407181109", status: { code: "STATUS_CODE_OK" } });
    expect(otel.parent_span_id).toBeUndefined();
    expect(toAnyValue(pyLoads('{"a": [1, 1.5, "x", false, null]}'))).toEqual({
      kvlist_value: { values: [{ key: "a", value: { array_value: { values: [{ int_value: "1" }, { double_value: 1.5 }, { string_value: "x" }, { bool_value: false }, {}] } } }] },
    });
  });

  it("decodes OTLP JSON (hex ids, camelCase, int64 as strings) like the protobuf form", () => {
    const body = {
      resourceSpans: [{ scopeSpans: [{ spans: [{
        traceId: "5b8efff798038103d269b633813fc60c", spanId: "eee19b7ec3c1b174", name: "otel-root", kind: 1,
        startTimeUnixNano: "1544712660000000000", endTimeUnixNano: "1544712661000000000",
        attributes: [{ key: "http.method", value: { stringValue: "GET" } }, { key: "retries", value: { intValue: "3" } }, { key: "ratio", value: { doubleValue: 1 } }],
        events: [{ timeUnixNano: "1544712660500000000", name: "exception", attributes: [{ key: "exception.message", value: { stringValue: "boom" } }] }],
        status: { code: 2, message: "failed" },
      }] }] }],
    };
    const [s] = decodeOtlpJson(JSON.stringify(body));
    expect(s).toMatchObject({ requestId: "tr-5b8efff798038103d269b633813fc60c", spanId: "eee19b7ec3c1b174", parentSpanId: null, status: "ERROR", statusMessage: "failed", endTimeNs: 1544712661000000000n });
    expect(s.attributes).toBe('{"mlflow.traceRequestId": "\\"tr-5b8efff798038103d269b633813fc60c\\"", "http.method": "\\"GET\\"", "retries": "3", "ratio": "1.0"}');
    expect(s.events).toBe('[{"name": "exception", "time_unix_nano": 1544712660500000000, "attributes": {"exception.message": "boom"}}]');
  });

  it("refuses malformed OTLP", () => {
    expect(() => decodeOtlpProtobuf(Buffer.from([0x0a, 0xff, 0xff, 0xff]))).toThrow(/Invalid OpenTelemetry protobuf/);
    expect(() => decodeOtlpJson("{")).toThrow(/malformed JSON/);
    expect(() => decodeOtlpJson(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "00", spanId: "01", name: "x" }] }] }] }))).toThrow(/trace_id/);
  });
});

describe("previews", () => {
  it("takes the last user / assistant message of chat-shaped data, else the JSON, truncated to 1000", () => {
    expect(truncatedPreview('{"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "hi"}]}', "user")).toBe("hi");
    expect(truncatedPreview('{"choices": [{"message": {"role": "assistant", "content": "yo"}}]}', "assistant")).toBe("yo");
    expect(truncatedPreview('{"q": 1}', "user")).toBe('{"q": 1}');
    const long = truncatedPreview(JSON.stringify("x".repeat(2000)), "user")!;
    expect(long.length).toBe(1000);
    expect(long.endsWith("...")).toBe(true);
  });
});

describe("search_traces grammar", () => {
  it("parses MLflow's identifier forms and comparators", () => {
    const c = parseTraceFilter(
      "trace.status = 'OK' AND timestamp > 5 AND tags.`mlflow.traceName` RLIKE '^a' AND metadata.`mlflow.sourceRun` IS NOT NULL AND span.name IN ('llm', 'tool') AND span.attributes.mlflow.spanType = 'LLM' AND feedback.`exact match` = 'true' AND run_id = 'r'",
    );
    expect(c.map((x) => [x.type, x.key, x.comparator])).toEqual([
      ["attribute", "status", "="],
      ["attribute", "timestamp_ms", ">"],
      ["tag", "mlflow.traceName", "RLIKE"],
      ["metadata", "mlflow.sourceRun", "IS NOT NULL"],
      ["span", "name", "IN"],
      ["span", "attributes.mlflow.spanType", "="],
      ["feedback", "exact match", "="],
      ["attribute", "run_id", "="],
    ]);
    expect(parseTraceOrderBy(["timestamp_ms DESC", "tag.k", "execution_time ASC"]).map((o) => [o.type, o.key, o.ascending])).toEqual([
      ["attribute", "timestamp_ms", false],
      ["tag", "k", true],
      ["attribute", "execution_time_ms", true],
    ]);
  });

  it("rejects what MLflow rejects, with the position of the bad token", () => {
    expect(() => parseTraceFilter("foo = 'x'")).toThrow(/invalid attribute key 'foo'/);
    expect(() => parseTraceFilter("span.colour = 'x'")).toThrow(/invalid span key 'colour'/);
    expect(() => parseTraceFilter("span.content = 'x'")).toThrow(/Valid comparators are 'LIKE', 'ILIKE'/);
    expect(() => parseTraceFilter("tag.a IN ('x')")).toThrow(/invalid comparator 'IN'/);
    expect(() => parseTraceFilter("status = 'OK' OR status = 'ERROR'")).toThrow(/'OR' is not supported/);
    expect(() => parseTraceFilter("tag.a IS 'x'")).toThrow(/NULL/);
    expect(() => parseTraceOrderBy(["span.name"])).toThrow();
  });
});
