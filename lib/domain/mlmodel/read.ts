import "server-only";
import { db, type Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { readArtifactPreview } from "@/lib/domain/artifacts/files";
import { isServedArtifactUri } from "@/lib/domain/artifacts/paths";
import { getLoggedModelOrThrow } from "@/lib/domain/logged-models/records";
import { EXAMPLE_MAX_BYTES, MLMODEL_MAX_BYTES, parseMlmodel, str, summarizeInputExample, type ModelDetails } from "@/lib/domain/mlmodel/parse";

// Reads an MLflow model directory (the `MLmodel` YAML, its input example and requirements)
// through the artifact store, with size caps so nothing large is loaded whole, and parses it
// with parse.ts into plain data for the run, model and compare pages.

async function readOptional(rootUri: string, relPath: string, maxBytes: number) {
  try {
    return await readArtifactPreview(rootUri, relPath, maxBytes);
  } catch (e) {
    if (e instanceof DomainError && e.code === "RESOURCE_DOES_NOT_EXIST") return null;
    throw e;
  }
}

const joinPath = (dir: string, name: string) => (dir ? `${dir.replace(/\/+$/, "")}/${name}` : name);

/**
 * Reads the model directory `dir` under an artifact root URI (a logged model's artifact_uri, or
 * a run's artifact_uri plus e.g. "model" for MLflow 2 models). Null when there is no MLmodel
 * (or the URI points at storage this server does not serve, e.g. s3://).
 */
export async function getModelDetailsAt(rootUri: string, dir = ""): Promise<ModelDetails | null> {
  if (!isServedArtifactUri(rootUri)) return null;
  const mlmodel = await readOptional(rootUri, joinPath(dir, "MLmodel"), MLMODEL_MAX_BYTES);
  if (!mlmodel) return null;
  if (mlmodel.truncated) return { flavors: [], parseError: `MLmodel is larger than ${MLMODEL_MAX_BYTES} bytes` };
  const { savedInputExampleInfo, ...details } = parseMlmodel(mlmodel.data.toString("utf8"));
  if (details.parseError) return details;

  if (savedInputExampleInfo) {
    const artifactPath = str(savedInputExampleInfo.artifact_path) ?? "input_example.json";
    const file = await readOptional(rootUri, joinPath(dir, artifactPath), EXAMPLE_MAX_BYTES).catch(() => null);
    if (file) {
      let parsed: unknown;
      let unparsable = false;
      if (!file.truncated) {
        try {
          parsed = JSON.parse(file.data.toString("utf8"));
        } catch {
          unparsable = true;
        }
      }
      details.inputExample = summarizeInputExample(savedInputExampleInfo, parsed, {
        size: file.size,
        fileTruncated: file.truncated,
        signatureInputs: details.signature?.inputs,
        ...(unparsable ? { error: `${artifactPath} is not valid JSON.` } : {}),
      });
    }
  }

  const req = await readOptional(rootUri, joinPath(dir, "requirements.txt"), 64 * 1024).catch(() => null);
  if (req && !req.binary) {
    details.requirements = req.data
      .toString("utf8")
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
  }
  return details;
}

/** MLmodel details of a logged model (deleted ones included). Null while it has no MLmodel. */
export async function getLoggedModelDetails(modelId: string, tx: Tx = db): Promise<ModelDetails | null> {
  const model = await getLoggedModelOrThrow(modelId, { allowDeleted: true }, tx);
  return getModelDetailsAt(model.artifactUri);
}
