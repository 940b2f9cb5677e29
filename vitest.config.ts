import { defineConfig } from "vitest/config";
import path from "node:path";

// Two projects: "local" runs every test with artifacts on the local disk; "s3" runs the artifact
// suites again with artifacts in a real S3-compatible server (s3rver, started by
// tests/s3-global-setup.ts), so both backends pass the same tests. The database (a fresh,
// migrated one per run) is set up once for both, by the root globalSetup.
const ARTIFACT_SUITES = ["lib/domain/artifacts/**/*.test.ts", "lib/domain/purge.test.ts", "tests/api/artifacts*.test.ts", "tests/api/seed-logged-model.test.ts"];

const resolve = {
  alias: {
    "@": path.resolve(import.meta.dirname),
    "server-only": path.resolve(import.meta.dirname, "tests/server-only-stub.ts"),
  },
};
const shared = {
  environment: "node" as const,
  setupFiles: ["tests/next-runtime.ts"],
  exclude: ["node_modules/**", ".next/**", "e2e/**", ".runboard/**"],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: "forks" as const,
};

export default defineConfig({
  resolve,
  test: {
    globalSetup: ["tests/global-setup.ts"],
    projects: [
      { resolve, test: { ...shared, name: "local", include: ["**/*.test.ts"] } },
      { resolve, test: { ...shared, name: "s3", include: ARTIFACT_SUITES, globalSetup: ["tests/s3-global-setup.ts"], setupFiles: ["tests/next-runtime.ts", "tests/s3-setup.ts"] } },
    ],
  },
});
