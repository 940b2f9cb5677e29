import "server-only";
import { getPool } from "@/lib/db";
import { artifactStoreInfo, checkArtifactStore } from "@/lib/domain/artifacts/files";

// Readiness (GET /health/ready): can this instance serve requests? It can when the database
// answers and the artifact store answers, each within CHECK_TIMEOUT_MS, and the process is not
// shutting down (scripts/server.mjs sets the draining flag on SIGTERM so a load balancer stops
// sending new requests while in-flight ones finish). Liveness (/health) checks nothing.

const CHECK_TIMEOUT_MS = 3000;

export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

export interface Readiness {
  ready: boolean;
  draining: boolean;
  database: CheckResult;
  artifactStore: CheckResult & { kind: "local" | "s3"; location: string };
}

const g = globalThis as unknown as { runboardDraining?: boolean };

/** True once the server has started shutting down (set by scripts/server.mjs). */
export const isDraining = () => g.runboardDraining === true;

async function timed(fn: () => Promise<unknown>): Promise<CheckResult> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS))),
    ]);
    return { ok: true, ms: Math.round(performance.now() - start) };
  } catch (e) {
    const error = e instanceof Error ? `${e.name === "Error" ? "" : `${e.name}: `}${e.message}` : String(e);
    return { ok: false, ms: Math.round(performance.now() - start), error };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(): Promise<Readiness> {
  const [database, store] = await Promise.all([timed(() => getPool().query("SELECT 1")), timed(() => checkArtifactStore())]);
  const draining = isDraining();
  return { ready: database.ok && store.ok && !draining, draining, database, artifactStore: { ...store, ...artifactStoreInfo() } };
}
