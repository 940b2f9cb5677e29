import "server-only";
import type { Tx } from "@/lib/db";
import { DomainError, invalidParam, notFound } from "@/lib/errors";
import { posixNormpath } from "@/lib/domain/validation";

// Which sources a model version may be registered from (MLflow's handlers.py rules): a local
// path only inside the artifact directory of the run or logged model named in the request, no
// relative path tricks in any URI, and no local paths for prompt versions.

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const schemeOf = (uri: string) => SCHEME.exec(uri)?.[1].toLowerCase() ?? "";

/** MLflow's is_local_uri: no scheme (a path), a Windows drive, or file:// on this host. */
function isLocalUri(uri: string): boolean {
  const scheme = schemeOf(uri);
  if (scheme === "" || /^[a-z]$/.test(scheme)) return true;
  if (scheme === "file") {
    const host = /^file:\/\/([^/]*)/i.exec(uri)?.[1] ?? "";
    return host === "" || host === "localhost";
  }
  return false;
}

function localPathOf(uri: string): string {
  if (schemeOf(uri) === "file") return decodeURIComponent(uri.replace(/^file:(\/\/[^/]*)?/i, ""));
  return uri;
}

function urlPath(uri: string): string {
  let rest = uri;
  const scheme = SCHEME.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  if (rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    rest = slash === -1 ? "" : rest.slice(slash);
  }
  return rest.replace(/[?#].*$/s, "");
}

function unquotePlus(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

function relativePathsError(source: string): DomainError {
  return invalidParam(
    `Invalid model version source: '${source}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.`,
  );
}

function validateNoRelativePaths(source: string): void {
  let s = source;
  for (let i = 0; i < 10; i++) {
    const u = unquotePlus(s);
    if (u === s) break;
    s = u;
  }
  const sourcePath = urlPath(s).replace(/\/+$/, "").replace(/\/+/g, "/");
  if (sourcePath.includes("\0") || s.split("/").some((p) => p === "..")) throw relativePathsError(source);
  if (sourcePath.startsWith("/") && posixNormpath(sourcePath) !== sourcePath) throw relativePathsError(source);
}

function isInside(path: string, root: string): boolean {
  const p = posixNormpath(path);
  const r = posixNormpath(root);
  return p === r || p.startsWith(r.endsWith("/") ? r : r + "/");
}

export async function validateSource(source: string, runId: string | undefined, modelId: string | undefined, isPrompt: boolean, tx: Tx) {
  if (isPrompt) {
    // Prompt versions carry placeholder sources ("prompt-template", "dummy-source").
    if (schemeOf(source) === "file" || source.startsWith("/") || /^[a-zA-Z]:[\\/]/.test(source)) {
      throw invalidParam(`Invalid model version source: '${source}'. A prompt version's source must not be a local absolute path or a file URI.`);
    }
    validateNoRelativePaths(source);
    return;
  }
  if (isLocalUri(source)) {
    const via = modelId ? "model_id" : "run_id";
    let root: string | null = null;
    if (modelId) {
      const m = await tx.loggedModel.findUnique({ where: { id: modelId }, select: { artifactUri: true } });
      if (!m) throw notFound(`Logged model with ID '${modelId}' not found.`);
      root = m.artifactUri;
    } else if (runId) {
      const r = await tx.run.findUnique({ where: { id: runId }, select: { artifactUri: true } });
      if (!r) throw notFound(`Run with id=${runId} not found`);
      root = r.artifactUri;
    }
    if (root !== null && isLocalUri(root) && localPathOf(source).startsWith("/") && isInside(localPathOf(source), localPathOf(root))) return;
    throw invalidParam(
      `Invalid model version source: '${source}'. To use a local path as a model version source, the ${via} request parameter has to be specified and the local path has to be contained within the artifact directory of the ${modelId ? "model" : "run"} specified by the ${via}.`,
    );
  }
  validateNoRelativePaths(source);
}

/** `models:/<model_id>` → the id; other sources → null. */
export function loggedModelIdOfSource(source: string): string | null {
  const m = /^models:\/([^/@]+)\/?$/i.exec(source);
  return m ? m[1] : null;
}
