// Runboard's environment, resolved in one place for the start, migrate, test and e2e scripts.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_HOST } from "./bind.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Loads ./.env into process.env (existing variables win), like Next.js does for the app. */
export function loadDotEnv() {
  const file = path.join(ROOT, ".env");
  if (existsSync(file) && typeof process.loadEnvFile === "function") process.loadEnvFile(file);
}

export function resolveConfig(env = process.env) {
  const home = path.resolve(ROOT, env.RUNBOARD_HOME ?? ".runboard");
  return {
    home,
    databaseUrl: env.DATABASE_URL || undefined,
    pgDataDir: path.join(home, "pgdata"),
    // A directory (resolved against the checkout) or an s3://bucket/prefix URL (kept as given).
    artifactRoot: /^s3:\/\//i.test(env.RUNBOARD_ARTIFACT_ROOT ?? "") ? env.RUNBOARD_ARTIFACT_ROOT : path.resolve(ROOT, env.RUNBOARD_ARTIFACT_ROOT ?? path.join(home, "artifacts")),
    port: Number(env.PORT ?? 3000),
    // 127.0.0.1 unless told otherwise (scripts/lib/bind.mjs: the safe default without auth).
    host: env.RUNBOARD_HOST ?? DEFAULT_HOST,
  };
}

/** Connection URL with the password masked, for printing. */
export function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  } catch {
    return "(invalid URL)";
  }
}
