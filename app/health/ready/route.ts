import { checkReadiness } from "@/lib/domain/health";

// GET /health/ready — readiness for load balancers and orchestrators: 200 when the database and
// the artifact store answer and the instance is not shutting down, else 503. Both with details.
// GET /health stays the liveness check (the process serves HTTP; nothing else is checked).
export const dynamic = "force-dynamic";

export async function GET() {
  const r = await checkReadiness();
  const check = (c: { ok: boolean; ms: number; error?: string }) => ({ ok: c.ok, latency_ms: c.ms, ...(c.error ? { error: c.error } : {}) });
  const body = {
    status: r.ready ? "ready" : r.draining ? "draining" : "unavailable",
    checks: {
      database: check(r.database),
      artifact_store: { ...check(r.artifactStore), backend: r.artifactStore.kind },
    },
  };
  return Response.json(body, { status: r.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
