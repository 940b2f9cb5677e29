// Realistic files of an MLflow 3 pyfunc model as `mlflow.pyfunc.log_model(name=…,
// python_model=…, signature=…, input_example=df)` writes them (mlflow/models/model.py,
// signature.py, utils.py `_Example`, pyfunc/model.py).

export function seedMlmodel(opts: { modelId: string; runId: string; artifactUri: string; prompts?: string[] }): string {
  return `artifact_path: ${opts.artifactUri}
flavors:
  python_function:
    cloudpickle_version: 3.1.1
    code: null
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.pyfunc.model
    python_model: python_model.pkl
    python_version: 3.11.9
    streamable: false
is_signature_from_type_hint: false
mlflow_version: 3.1.0
model_id: ${opts.modelId}
model_size_bytes: 2431
model_uuid: ${opts.modelId}
prompts: ${opts.prompts ? `\n${opts.prompts.map((p) => `- ${p}`).join("\n")}` : "null"}
run_id: ${opts.runId}
saved_input_example_info:
  artifact_path: input_example.json
  pandas_orient: split
  serving_input_path: serving_input_example.json
  type: dataframe
signature:
  inputs: '[{"type": "string", "name": "text", "required": true}]'
  outputs: '[{"type": "string", "name": "sentiment", "required": true}, {"type": "double",
    "name": "score", "required": false}]'
  params: '[{"name": "threshold", "type": "double", "default": 0.5, "shape": null}]'
type_hint_from_example: false
utc_time_created: '2026-11-21 12:00:00.123456'
`;
}

export const SEED_INPUT_EXAMPLE = JSON.stringify({
  columns: ["text"],
  data: [["I love this product!"], ["This is terrible."], ["It's okay, nothing special."]],
});

export const SEED_SERVING_INPUT = JSON.stringify(
  { dataframe_split: { columns: ["text"], data: [["I love this product!"], ["This is terrible."], ["It's okay, nothing special."]] } },
  null,
  2,
);

export const SEED_CONDA = `channels:
- conda-forge
dependencies:
- python=3.11.9
- pip<=24.0
- pip:
  - mlflow==3.1.0
  - cloudpickle==3.1.1
  - pandas==2.2.3
name: mlflow-env
`;

export const SEED_PYTHON_ENV = `python: 3.11.9
build_dependencies:
- pip==24.0
- setuptools==75.1.0
- wheel==0.44.0
dependencies:
- -r requirements.txt
`;

export const SEED_REQUIREMENTS = `mlflow==3.1.0
cloudpickle==3.1.1
pandas==2.2.3
`;

/** Stand-in for a cloudpickle file: binary bytes starting with the pickle protocol 5 header. */
export const SEED_PICKLE = Buffer.concat([Buffer.from([0x80, 0x05, 0x95, 0x1a, 0x00]), Buffer.from("SentimentModel\u0000keywords")]);
