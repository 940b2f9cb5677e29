// Fixtures for the artifact and logged-model tests: experiments and runs written straight through
// Prisma (so these tests do not depend on the runs/experiments routes), and helpers that call the
// raw-byte artifact route handlers in-process the way Next.js would.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { uniqueName } from "@/tests/helpers";

export async function makeExperiment(opts: { deleted?: boolean } = {}): Promise<{ id: string; artifactLocation: string }> {
  const now = BigInt(Date.now());
  const e = await db.experiment.create({
    data: { name: uniqueName("art-exp"), artifactLocation: "pending", creationTime: now, lastUpdateTime: now, lifecycleStage: opts.deleted ? "deleted" : "active" },
  });
  const artifactLocation = `mlflow-artifacts:/${e.id}`;
  await db.experiment.update({ where: { id: e.id }, data: { artifactLocation } });
  return { id: String(e.id), artifactLocation };
}

export async function makeRun(experimentId: string, name = uniqueName("run")): Promise<{ runId: string; artifactUri: string }> {
  const runId = randomBytes(16).toString("hex");
  const artifactUri = `mlflow-artifacts:/${experimentId}/${runId}/artifacts`;
  await db.run.create({ data: { id: runId, experimentId: Number(experimentId), name, startTime: BigInt(Date.now()), artifactUri } });
  return { runId, artifactUri };
}

type RawHandler = (req: Request, ctx: { params: Promise<{ path?: string[] }> }) => Promise<Response>;

/** Path segments as Next.js hands them to a catch-all route (split on "/", each decoded). */
export const segmentsOf = (p: string) => (p === "" ? [] : p.split("/").filter((s) => s !== ""));

/** Calls the proxied artifact route handler for `relPath` (given as decoded segments or a path). */
export async function callArtifacts(
  handler: RawHandler,
  method: string,
  relPath: string | string[],
  init: { body?: BodyInit | null; headers?: Record<string, string>; query?: Record<string, string> } = {},
): Promise<Response> {
  const segments = Array.isArray(relPath) ? relPath : segmentsOf(relPath);
  const q = new URLSearchParams(init.query ?? {}).toString();
  const url = `http://runboard.test/api/2.0/mlflow-artifacts/artifacts/${segments.map(encodeURIComponent).join("/")}${q ? `?${q}` : ""}`;
  const req = new Request(url, {
    method,
    headers: init.headers,
    body: init.body ?? undefined,
    // Required by undici for streaming request bodies.
    ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  return handler(req, { params: Promise.resolve(segments.length ? { path: segments } : {}) });
}

/** A JSON body helper: parses a Response as JSON (or returns its text under `_text`). */
export async function json(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { _text: text };
  }
}
