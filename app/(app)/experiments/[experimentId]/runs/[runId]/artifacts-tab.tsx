// The run page's Artifacts tab: the artifact browser, opened at ?path=.
import { listRunArtifacts } from "@/lib/domain/artifacts/run-artifacts";
import { ArtifactBrowser } from "@/components/artifacts/artifact-browser";
import { EmptyState } from "@/components/ui/card";

export async function ArtifactsTab({ runId, rootUri, path }: { runId: string; rootUri: string; path: string | null }) {
  let files: { path: string; isDir: boolean; fileSize?: number }[] = [];
  let error: string | null = null;
  try {
    files = (await listRunArtifacts(runId, null)).files.map((f) => ({ path: f.path, isDir: f.isDir, fileSize: f.fileSize }));
  } catch (e) {
    error = e instanceof Error ? e.message : "Could not list artifacts";
  }
  if (error) return <EmptyState title="Artifacts are not available">{error}</EmptyState>;
  return <ArtifactBrowser key={runId} runId={runId} rootFiles={files} initialPath={path} rootUri={rootUri} />;
}
