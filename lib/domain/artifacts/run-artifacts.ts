import "server-only";
import { requireLoggedModel, requireRun } from "@/lib/domain/auth/authorize";
import { db, type Tx } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { artifactFile, listArtifactsPage, type ArtifactFile, type ArtifactListing } from "@/lib/domain/artifacts/files";

// The artifacts of runs and logged models, addressed by the owner's id: the owner's
// `artifact_uri` is read from the database, then the path below it is resolved in the store.

async function runArtifactUri(runId: string, tx: Tx): Promise<string> {
  await requireRun(runId, "READ", tx);
  const run = await tx.run.findUnique({ where: { id: runId }, select: { artifactUri: true } });
  if (!run) throw notFound(`Run with id=${runId} not found`);
  return run.artifactUri;
}

/** Tracking-API listing of a run's artifacts (`artifacts/list`): run-relative paths, paged. */
export async function listRunArtifacts(runId: string, relPath?: string | null, pageToken?: string | null, tx: Tx = db): Promise<ArtifactListing> {
  return listArtifactsPage(await runArtifactUri(runId, tx), relPath, pageToken);
}

/** A run's artifact file (UI download helper `/get-artifact`). */
export async function getRunArtifactFile(runId: string, relPath: string, tx: Tx = db): Promise<ArtifactFile> {
  return artifactFile(await runArtifactUri(runId, tx), relPath);
}

async function loggedModelArtifactUri(modelId: string, tx: Tx): Promise<string> {
  await requireLoggedModel(modelId, "READ", tx);
  const model = await tx.loggedModel.findUnique({ where: { id: modelId }, select: { artifactUri: true, lifecycleStage: true } });
  if (!model || model.lifecycleStage === "deleted") throw notFound(`Logged model with ID '${modelId}' not found.`);
  return model.artifactUri;
}

/** Listing of a logged model's artifacts: paths relative to the model's artifact root, paged. */
export async function listLoggedModelArtifacts(modelId: string, relPath?: string | null, pageToken?: string | null, tx: Tx = db): Promise<ArtifactListing> {
  return listArtifactsPage(await loggedModelArtifactUri(modelId, tx), relPath, pageToken);
}

/** A logged model's artifact file. */
export async function getLoggedModelArtifactFile(modelId: string, relPath: string, tx: Tx = db): Promise<ArtifactFile> {
  return artifactFile(await loggedModelArtifactUri(modelId, tx), relPath);
}
