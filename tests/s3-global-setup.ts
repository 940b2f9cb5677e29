// Vitest global setup of the "s3" project: a real S3-compatible server (s3rver) for this run,
// with a fresh bucket. Its endpoint reaches the test workers through provide/inject
// (tests/s3-setup.ts), so the "local" project's workers keep their local artifact root.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startS3Server } from "../scripts/lib/s3-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    s3Endpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "runboard-s3rver-"));
  const server = await startS3Server({ directory: dir, buckets: ["runboard-test"] });
  project.provide("s3Endpoint", server.endpoint);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
