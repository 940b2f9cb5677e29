import "server-only";

import { parse as parseYaml } from "yaml";

// Parses an MLflow model directory (the `MLmodel` YAML, its input example and requirements) into
// plain data for the run and compare pages. Formats follow mlflow/models/model.py (MLmodel keys),
// mlflow/models/signature.py (signature inputs/outputs/params are JSON strings inside the YAML)
// and mlflow/models/utils.py `_Example` (input_example.json: pandas "split"/"values" orient,
// tf-serving `{"inputs": …}`, `json_object`, sparse matrices, optional `{"inputs", "params"}`).
// Pure functions over text and JSON; read.ts reads the files (with size caps) and calls them.

export interface SignatureColumn {
  name?: string;
  /** MLflow type name: string, long, double, boolean, binary, datetime, array, object, map, tensor, any… */
  type: string;
  required: boolean;
  /** Readable type: "array<string>", "{a: long, b?: string}", "tensor<float32>(-1, 28)". */
  typeLabel: string;
}

export interface SignatureParam {
  name: string;
  type: string;
  default: unknown;
  shape: number[] | null;
  typeLabel: string;
}

export interface ModelSignatureInfo {
  inputs: SignatureColumn[];
  outputs: SignatureColumn[];
  params?: SignatureParam[];
}

export interface InputExampleTable {
  columns: string[];
  /** At most EXAMPLE_MAX_ROWS rows (cells themselves truncated like `data`). */
  rows: unknown[][];
  totalRows: number;
}

export interface InputExampleInfo {
  /** dataframe | ndarray | json_object | sparse_matrix_csr | sparse_matrix_csc | … */
  type: string;
  pandasOrient?: string;
  /** File name inside the model directory (usually input_example.json). */
  artifactPath: string;
  /** Parsed JSON (long arrays/strings cut down); undefined when the file was too large to parse. */
  data?: unknown;
  /** The example as a table, when it is tabular (DataFrame, list of records, dict of columns). */
  table?: InputExampleTable;
  /** Inference params saved with the example (`(data, params)` tuples). */
  params?: Record<string, unknown>;
  /** True when `data`/`table` is not the whole example. */
  truncated: boolean;
  /** File size in bytes. */
  size: number;
  /** Why `data` is missing: the file is too large to parse, or not valid JSON. */
  error?: string;
}

export interface PythonFunctionFlavor {
  loaderModule?: string;
  pythonVersion?: string;
  pythonModel?: string;
  /** Environment files: { conda: "conda.yaml", virtualenv: "python_env.yaml" }. */
  env?: Record<string, string>;
  /** The whole flavor configuration as written in MLmodel. */
  config: Record<string, unknown>;
}

export interface ModelDetails {
  flavors: string[];
  pythonFunction?: PythonFunctionFlavor;
  signature?: ModelSignatureInfo;
  inputExample?: InputExampleInfo;
  /** Prompt URIs the model uses (`prompts:/name/version`). */
  prompts?: string[];
  modelId?: string;
  runId?: string;
  artifactPath?: string;
  mlflowVersion?: string;
  utcTimeCreated?: string;
  modelSizeBytes?: number;
  metadata?: Record<string, unknown>;
  /** requirements.txt lines (comments and blanks dropped), when the file exists. */
  requirements?: string[];
  /** Set when MLmodel could not be parsed as YAML (the other fields are then absent). */
  parseError?: string;
}

export const MLMODEL_MAX_BYTES = 1024 * 1024;
export const EXAMPLE_MAX_BYTES = 2 * 1024 * 1024;
export const EXAMPLE_MAX_ROWS = 50;
const MAX_ARRAY = 100;
const MAX_KEYS = 100;
const MAX_STRING = 2000;
const MAX_DEPTH = 8;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);

// ───────────────────────────── Signature ─────────────────────────────

/** A readable label for one MLflow schema type spec (ColSpec / Array / Object / Map / TensorSpec). */
export function describeType(spec: unknown): string {
  if (typeof spec === "string") return spec;
  if (!isObject(spec)) return "unknown";
  const type = str(spec.type) ?? "unknown";
  switch (type) {
    case "array":
      return `array<${describeType(spec.items)}>`;
    case "map":
      return `map<string, ${describeType(spec.values)}>`;
    case "object": {
      const props = isObject(spec.properties) ? spec.properties : {};
      const fields = Object.entries(props).map(([k, v]) => `${k}${isObject(v) && v.required === false ? "?" : ""}: ${describeType(v)}`);
      return `{${fields.join(", ")}}`;
    }
    case "tensor": {
      const ts = isObject(spec["tensor-spec"]) ? spec["tensor-spec"] : {};
      const shape = Array.isArray(ts.shape) ? `(${ts.shape.join(", ")})` : "";
      return `tensor<${str(ts.dtype) ?? "?"}>${shape}`;
    }
    default:
      return type;
  }
}

function parseJsonField(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

function toColumns(v: unknown): SignatureColumn[] {
  const parsed = parseJsonField(v);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(isObject).map((c) => ({
    ...(str(c.name) !== undefined ? { name: str(c.name) } : {}),
    type: str(c.type) ?? "unknown",
    // ColSpec.required defaults to true (older MLflow omits the key).
    required: c.required !== false,
    typeLabel: describeType(c),
  }));
}

function toParams(v: unknown): SignatureParam[] | undefined {
  const parsed = parseJsonField(v);
  if (!Array.isArray(parsed)) return undefined;
  return parsed.filter(isObject).map((p) => {
    const shape = Array.isArray(p.shape) ? p.shape.filter((x): x is number => typeof x === "number") : null;
    const type = str(p.type) ?? "unknown";
    return { name: str(p.name) ?? "", type, default: p.default ?? null, shape, typeLabel: shape ? `${type}(${shape.join(", ")})` : type };
  });
}

/** MLmodel `signature:` → columns (the YAML holds JSON strings). */
export function parseSignature(v: unknown): ModelSignatureInfo | undefined {
  if (!isObject(v)) return undefined;
  const params = toParams(v.params);
  return { inputs: toColumns(v.inputs), outputs: toColumns(v.outputs), ...(params ? { params } : {}) };
}

// ───────────────────────────── Input example ─────────────────────────────

/** Cuts long arrays, wide objects, long strings and deep nesting; reports whether it did. */
export function truncateJson(value: unknown, depth = 0): { value: unknown; truncated: boolean } {
  if (typeof value === "string") {
    return value.length > MAX_STRING ? { value: `${value.slice(0, MAX_STRING)}…`, truncated: true } : { value, truncated: false };
  }
  if (typeof value !== "object" || value === null) return { value, truncated: false };
  if (depth >= MAX_DEPTH) return { value: Array.isArray(value) ? "[…]" : "{…}", truncated: true };
  let truncated = false;
  if (Array.isArray(value)) {
    if (value.length > MAX_ARRAY) truncated = true;
    const out = value.slice(0, MAX_ARRAY).map((x) => {
      const r = truncateJson(x, depth + 1);
      truncated ||= r.truncated;
      return r.value;
    });
    return { value: out, truncated };
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_KEYS) truncated = true;
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries.slice(0, MAX_KEYS)) {
    const r = truncateJson(v, depth + 1);
    truncated ||= r.truncated;
    out[k] = r.value;
  }
  return { value: out, truncated };
}

function table(columns: string[], rows: unknown[][]): InputExampleTable {
  const shown = rows.slice(0, EXAMPLE_MAX_ROWS).map((r) => columns.map((_, i) => truncateJson(r[i], 1).value));
  return { columns, rows: shown, totalRows: rows.length };
}

const isScalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

/** Tabular views of the common example shapes; undefined when the example is not a table. */
export function exampleTable(data: unknown, signatureInputs: SignatureColumn[] = []): InputExampleTable | undefined {
  const names = (n: number) => (signatureInputs.length === n && signatureInputs.every((c) => c.name) ? signatureInputs.map((c) => c.name!) : Array.from({ length: n }, (_, i) => String(i)));
  // pandas "split" ({columns, data}) and "values" ({data}) orient.
  if (isObject(data) && Array.isArray(data.data) && (data.columns === undefined || Array.isArray(data.columns))) {
    const rows = data.data.map((r) => (Array.isArray(r) ? r : [r]));
    const width = Array.isArray(data.columns) ? data.columns.length : Math.max(0, ...rows.map((r) => r.length));
    const columns = Array.isArray(data.columns) ? data.columns.map((c) => String(c)) : names(width);
    return table(columns, rows);
  }
  // tf-serving: {"inputs": [...]} / {"inputs": {"col": [...]}} / {"instances": [...]}.
  if (isObject(data) && Object.keys(data).length === 1 && ("inputs" in data || "instances" in data)) {
    return exampleTable(data.inputs ?? data.instances, signatureInputs);
  }
  // rows of values: [[1, 2], [3, 4]]
  if (Array.isArray(data) && data.length > 0 && data.every(Array.isArray)) {
    const width = Math.max(...data.map((r) => (r as unknown[]).length));
    return table(names(width), data as unknown[][]);
  }
  // records: [{col: value}, …]
  if (Array.isArray(data) && data.length > 0 && data.every(isObject)) {
    const columns = [...new Set(data.flatMap((r) => Object.keys(r)))];
    return table(
      columns,
      data.map((r) => columns.map((c) => (r as Record<string, unknown>)[c] ?? null)),
    );
  }
  // a list of scalars: one column.
  if (Array.isArray(data) && data.length > 0 && data.every(isScalar)) {
    return table(names(1), data.map((v) => [v]));
  }
  // a dict of equal-length columns.
  if (isObject(data) && Object.keys(data).length > 0) {
    const cols = Object.entries(data);
    const cell = (x: unknown) => isScalar(x) || (Array.isArray(x) && x.every(isScalar));
    if (cols.every(([, v]) => Array.isArray(v) && v.every(cell))) {
      const n = (cols[0][1] as unknown[]).length;
      if (cols.every(([, v]) => (v as unknown[]).length === n)) {
        return table(
          cols.map(([k]) => k),
          Array.from({ length: n }, (_, i) => cols.map(([, v]) => (v as unknown[])[i])),
        );
      }
    }
    if (cols.every(([, v]) => isScalar(v))) return table(cols.map(([k]) => k), [cols.map(([, v]) => v)]);
  }
  return undefined;
}

/** Builds the example summary from `saved_input_example_info` and the parsed file. */
export function summarizeInputExample(
  info: Record<string, unknown>,
  parsed: unknown,
  opts: { size: number; fileTruncated: boolean; signatureInputs?: SignatureColumn[]; error?: string },
): InputExampleInfo {
  const type = str(info.type) ?? "unknown";
  const base: InputExampleInfo = {
    type,
    ...(str(info.pandas_orient) ? { pandasOrient: str(info.pandas_orient) } : {}),
    artifactPath: str(info.artifact_path) ?? "input_example.json",
    truncated: opts.fileTruncated,
    size: opts.size,
    ...(opts.error ? { error: opts.error } : opts.fileTruncated ? { error: `The example is larger than ${EXAMPLE_MAX_BYTES} bytes.` } : {}),
  };
  if (opts.fileTruncated || opts.error) return base;
  let data = parsed;
  let params: Record<string, unknown> | undefined;
  const hasParams = info.params === true || str(info.params) === "true";
  if (hasParams && isObject(parsed) && "inputs" in parsed) {
    data = parsed.inputs;
    if (isObject(parsed.params)) params = parsed.params;
  }
  const tableView = type === "sparse_matrix_csr" || type === "sparse_matrix_csc" ? undefined : exampleTable(data, opts.signatureInputs);
  const cut = truncateJson(data);
  const truncated = cut.truncated || (tableView ? tableView.totalRows > tableView.rows.length : false);
  return { ...base, data: cut.value, ...(tableView ? { table: tableView } : {}), ...(params ? { params } : {}), truncated };
}

// ───────────────────────────── MLmodel ─────────────────────────────

function promptUris(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v
    .map((p) => {
      if (typeof p === "string") return p;
      if (isObject(p) && str(p.name) && str(p.version)) return `prompts:/${str(p.name)}/${str(p.version)}`;
      if (isObject(p) && str(p.uri)) return str(p.uri);
      return undefined;
    })
    .filter((x): x is string => !!x);
  return out;
}

function pythonFunction(flavors: Record<string, unknown>): PythonFunctionFlavor | undefined {
  const pf = flavors.python_function;
  if (!isObject(pf)) return undefined;
  let env: Record<string, string> | undefined;
  if (isObject(pf.env)) env = Object.fromEntries(Object.entries(pf.env).filter(([, v]) => typeof v === "string") as [string, string][]);
  else if (typeof pf.env === "string") env = { conda: pf.env };
  return {
    ...(str(pf.loader_module) ? { loaderModule: str(pf.loader_module) } : {}),
    ...(str(pf.python_version) ? { pythonVersion: str(pf.python_version) } : {}),
    ...(str(pf.python_model) ? { pythonModel: str(pf.python_model) } : {}),
    ...(env ? { env } : {}),
    config: pf,
  };
}

/** Parses MLmodel YAML text (no file access). */
export function parseMlmodel(text: string): ModelDetails & { savedInputExampleInfo?: Record<string, unknown> } {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 50 });
  } catch (e) {
    return { flavors: [], parseError: e instanceof Error ? e.message : String(e) };
  }
  if (!isObject(doc)) return { flavors: [], parseError: "MLmodel is not a YAML mapping" };
  const flavors = isObject(doc.flavors) ? doc.flavors : {};
  const signature = parseSignature(doc.signature);
  const prompts = promptUris(doc.prompts);
  const pf = pythonFunction(flavors);
  const size = typeof doc.model_size_bytes === "number" ? doc.model_size_bytes : undefined;
  return {
    flavors: Object.keys(flavors),
    ...(pf ? { pythonFunction: pf } : {}),
    ...(signature ? { signature } : {}),
    ...(prompts && prompts.length ? { prompts } : {}),
    ...(str(doc.model_id) ? { modelId: str(doc.model_id) } : {}),
    ...(str(doc.run_id) ? { runId: str(doc.run_id) } : {}),
    ...(str(doc.artifact_path) ? { artifactPath: str(doc.artifact_path) } : {}),
    ...(str(doc.mlflow_version) ? { mlflowVersion: str(doc.mlflow_version) } : {}),
    ...(str(doc.utc_time_created) ? { utcTimeCreated: str(doc.utc_time_created) } : {}),
    ...(size !== undefined ? { modelSizeBytes: size } : {}),
    ...(isObject(doc.metadata) ? { metadata: doc.metadata } : {}),
    ...(isObject(doc.saved_input_example_info) ? { savedInputExampleInfo: doc.saved_input_example_info } : {}),
  };
}
