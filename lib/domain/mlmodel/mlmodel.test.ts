import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { putArtifact } from "@/lib/domain/artifacts/files";
import { describeType, exampleTable, parseMlmodel, parseSignature, summarizeInputExample, truncateJson } from "@/lib/domain/mlmodel/parse";
import { getModelDetailsAt } from "@/lib/domain/mlmodel/read";
import { SEED_INPUT_EXAMPLE, SEED_REQUIREMENTS, seedMlmodel } from "@/tests/api/mlmodel-fixtures";
import { uniqueName } from "@/tests/helpers";

const put = (p: string, s: string | Buffer) => putArtifact(p, Readable.from([Buffer.from(s)]));

describe("parseMlmodel", () => {
  test("an MLflow 3 pyfunc MLmodel", () => {
    const text = seedMlmodel({
      modelId: "m-0123456789abcdef0123456789abcdef",
      runId: "a".repeat(32),
      artifactUri: "mlflow-artifacts:/0/models/m-0123456789abcdef0123456789abcdef/artifacts",
      prompts: ["prompts:/sentiment/2"],
    });
    const d = parseMlmodel(text);
    expect(d.parseError).toBeUndefined();
    expect(d.flavors).toEqual(["python_function"]);
    expect(d.pythonFunction).toMatchObject({
      loaderModule: "mlflow.pyfunc.model",
      pythonVersion: "3.11.9",
      pythonModel: "python_model.pkl",
      env: { conda: "conda.yaml", virtualenv: "python_env.yaml" },
    });
    expect(d.pythonFunction?.config.cloudpickle_version).toBe("3.1.1");
    expect(d.signature).toEqual({
      inputs: [{ name: "text", type: "string", required: true, typeLabel: "string" }],
      outputs: [
        { name: "sentiment", type: "string", required: true, typeLabel: "string" },
        { name: "score", type: "double", required: false, typeLabel: "double" },
      ],
      params: [{ name: "threshold", type: "double", default: 0.5, shape: null, typeLabel: "double" }],
    });
    expect(d.prompts).toEqual(["prompts:/sentiment/2"]);
    expect(d).toMatchObject({
      modelId: "m-0123456789abcdef0123456789abcdef",
      runId: "a".repeat(32),
      mlflowVersion: "3.1.0",
      utcTimeCreated: "2026-11-21 12:00:00.123456",
      modelSizeBytes: 2431,
      savedInputExampleInfo: { artifact_path: "input_example.json", type: "dataframe", pandas_orient: "split" },
    });
  });

  test("an MLflow 2 sklearn MLmodel with a tensor signature and no example", () => {
    const d = parseMlmodel(`artifact_path: model
flavors:
  python_function:
    env: conda.yaml
    loader_module: mlflow.sklearn
    model_path: model.pkl
    predict_fn: predict
    python_version: 3.10.12
  sklearn:
    code: null
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.3.0
mlflow_version: 2.9.2
model_uuid: 3f4e
run_id: 0123
signature:
  inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1, 4]}}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}]'
  params: null
utc_time_created: '2024-01-02 03:04:05.000006'
`);
    expect(d.flavors).toEqual(["python_function", "sklearn"]);
    expect(d.pythonFunction?.env).toEqual({ conda: "conda.yaml" });
    expect(d.signature).toEqual({
      inputs: [{ type: "tensor", required: true, typeLabel: "tensor<float64>(-1, 4)" }],
      outputs: [{ type: "tensor", required: true, typeLabel: "tensor<int64>(-1)" }],
    });
    expect(d.prompts).toBeUndefined();
  });

  test("broken YAML is reported, not thrown", () => {
    expect(parseMlmodel("flavors: [unclosed").parseError).toBeTruthy();
    expect(parseMlmodel("- just\n- a list\n").parseError).toMatch(/mapping/);
  });
});

describe("signature types", () => {
  test("arrays, objects, maps and optional properties", () => {
    expect(describeType({ type: "array", items: { type: "string" } })).toBe("array<string>");
    expect(
      describeType({
        type: "object",
        properties: { role: { type: "string", required: true }, content: { type: "string", required: false } },
      }),
    ).toBe("{role: string, content?: string}");
    expect(describeType({ type: "map", values: { type: "array", items: { type: "double" } } })).toBe("map<string, array<double>>");
    const s = parseSignature({
      inputs: JSON.stringify([{ type: "array", items: { type: "object", properties: { role: { type: "string", required: true } } }, name: "messages", required: true }]),
      outputs: "not json",
    });
    expect(s).toEqual({ inputs: [{ name: "messages", type: "array", required: true, typeLabel: "array<{role: string}>" }], outputs: [] });
  });
});

describe("input examples", () => {
  const info = (type: string, extra: Record<string, unknown> = {}) => ({ artifact_path: "input_example.json", type, ...extra });
  const opts = { size: 100, fileTruncated: false };

  test("pandas split orient becomes a table", () => {
    const ex = summarizeInputExample(info("dataframe", { pandas_orient: "split" }), JSON.parse(SEED_INPUT_EXAMPLE), opts);
    expect(ex.table).toEqual({
      columns: ["text"],
      rows: [["I love this product!"], ["This is terrible."], ["It's okay, nothing special."]],
      totalRows: 3,
    });
    expect(ex).toMatchObject({ type: "dataframe", pandasOrient: "split", truncated: false, size: 100 });
  });

  test("values orient takes column names from the signature", () => {
    const ex = summarizeInputExample(info("dataframe", { pandas_orient: "values" }), { data: [[1, 2], [3, 4]] }, {
      ...opts,
      signatureInputs: [
        { name: "a", type: "long", required: true, typeLabel: "long" },
        { name: "b", type: "long", required: true, typeLabel: "long" },
      ],
    });
    expect(ex.table).toEqual({ columns: ["a", "b"], rows: [[1, 2], [3, 4]], totalRows: 2 });
  });

  test("tf-serving ndarray: list and dict of columns", () => {
    expect(exampleTable({ inputs: [[0.1, 0.2], [0.3, 0.4]] })).toEqual({ columns: ["0", "1"], rows: [[0.1, 0.2], [0.3, 0.4]], totalRows: 2 });
    expect(exampleTable({ inputs: { x: [1, 2], y: ["a", "b"] } })).toEqual({ columns: ["x", "y"], rows: [[1, "a"], [2, "b"]], totalRows: 2 });
    expect(exampleTable({ inputs: ["hello", "world"] })).toEqual({ columns: ["0"], rows: [["hello"], ["world"]], totalRows: 2 });
  });

  test("records and json_object chat input", () => {
    expect(exampleTable([{ q: "hi", n: 1 }, { q: "yo" }])).toEqual({ columns: ["q", "n"], rows: [["hi", 1], ["yo", null]], totalRows: 2 });
    const chat = { messages: [{ role: "user", content: "What is MLflow?" }] };
    const ex = summarizeInputExample(info("json_object"), chat, opts);
    expect(ex.data).toEqual(chat);
    expect(ex.table).toBeUndefined();
  });

  test("(data, params) examples split out the params", () => {
    const ex = summarizeInputExample(
      info("dataframe", { pandas_orient: "split", params: "true" }),
      { inputs: { columns: ["text"], data: [["hi"]] }, params: { temperature: 0.2 } },
      opts,
    );
    expect(ex.params).toEqual({ temperature: 0.2 });
    expect(ex.table?.columns).toEqual(["text"]);
  });

  test("huge examples are cut down and flagged", () => {
    const rows = Array.from({ length: 500 }, (_, i) => [`row ${i}`, "x".repeat(5000)]);
    const ex = summarizeInputExample(info("dataframe", { pandas_orient: "split" }), { columns: ["id", "blob"], data: rows }, opts);
    expect(ex.truncated).toBe(true);
    expect(ex.table?.rows).toHaveLength(50);
    expect(ex.table?.totalRows).toBe(500);
    expect((ex.table?.rows[0][1] as string).length).toBeLessThan(2100);
    expect(((ex.data as { data: unknown[] }).data).length).toBe(100);
    expect(truncateJson({ a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } }).truncated).toBe(true);
    const file = summarizeInputExample(info("dataframe"), undefined, { size: 9_000_000, fileTruncated: true });
    expect(file).toEqual({
      type: "dataframe",
      artifactPath: "input_example.json",
      truncated: true,
      size: 9_000_000,
      error: "The example is larger than 2097152 bytes.",
    });
  });
});

describe("getModelDetailsAt", () => {
  test("reads MLmodel, the input example and requirements from the artifact store", async () => {
    const base = uniqueName("mlm");
    const uri = `mlflow-artifacts:/${base}/artifacts`;
    await put(`${base}/artifacts/model/MLmodel`, seedMlmodel({ modelId: "m-x", runId: "r", artifactUri: uri }));
    await put(`${base}/artifacts/model/input_example.json`, SEED_INPUT_EXAMPLE);
    await put(`${base}/artifacts/model/requirements.txt`, `# generated\n${SEED_REQUIREMENTS}\n`);
    const d = await getModelDetailsAt(uri, "model");
    expect(d?.flavors).toEqual(["python_function"]);
    expect(d?.inputExample?.table?.rows).toHaveLength(3);
    expect(d?.inputExample?.size).toBe(Buffer.byteLength(SEED_INPUT_EXAMPLE));
    expect(d?.requirements).toEqual(["mlflow==3.1.0", "cloudpickle==3.1.1", "pandas==2.2.3"]);
    expect(await getModelDetailsAt(uri, "nothing-here")).toBeNull();
    expect(await getModelDetailsAt("s3://bucket/x")).toBeNull();
    // An example that is not JSON is reported as unreadable, the rest still works.
    await put(`${base}/artifacts/model/input_example.json`, "{broken");
    const broken = await getModelDetailsAt(uri, "model");
    expect(broken?.inputExample).toEqual({
      type: "dataframe",
      pandasOrient: "split",
      artifactPath: "input_example.json",
      truncated: false,
      size: 7,
      error: "input_example.json is not valid JSON.",
    });
    expect(broken?.signature?.inputs[0].name).toBe("text");
  });
});
