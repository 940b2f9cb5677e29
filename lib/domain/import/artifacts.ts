import "server-only";
import { invalidParam } from "@/lib/errors";
import { putArtifactAt } from "@/lib/domain/artifacts/files";

// Small artifact files sent inline with the run or logged model they belong to (most of a
// typical run's files are a few kB: configs, MLmodel, requirements, plots), so a run costs the
// importer one request instead of one per file. They are stored before the entity's
// transaction, through the same store as PUT …/mlflow-artifacts/artifacts; larger files are
// PUT there by the importer beforehand.

export interface InlineArtifact {
  path: string;
  data: Uint8Array;
}

/** Inline bytes per request at most (the rest is streamed with PUT). */
export const INLINE_ARTIFACT_BYTES_MAX = 8 * 1024 * 1024;

/** Stores the files under `artifactUri` (a `mlflow-artifacts:` URI of this server). */
export async function writeInlineArtifacts(artifactUri: string, files: InlineArtifact[]): Promise<void> {
  if (!files.length) return;
  const total = files.reduce((a, f) => a + f.data.byteLength, 0);
  if (total > INLINE_ARTIFACT_BYTES_MAX) throw invalidParam(`At most ${INLINE_ARTIFACT_BYTES_MAX} bytes of inline artifacts per request; got ${total}.`);
  for (const f of files) if (!f.path || f.path.startsWith("/")) throw invalidParam(`Invalid artifact path '${f.path}'.`);
  await Promise.all(
    files.map((f) =>
      putArtifactAt(artifactUri, f.path, (async function* () {
        yield f.data;
      })()),
    ),
  );
}
