import { MLFLOW_COMPAT_VERSION } from "@/lib/version";

export function GET() {
  return new Response(MLFLOW_COMPAT_VERSION, { headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
