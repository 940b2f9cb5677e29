import { errorResponse, handleError } from "@/lib/mlflow/route";
import { withRequestCaller } from "@/lib/auth/scope";

// Any /api path without a route of its own: MLflow's ENDPOINT_NOT_FOUND as JSON (the client
// maps it for fallbacks; a plain HTML 404 would also map, but JSON says what went wrong).
// With auth on, only a signed-in caller learns which endpoints exist.
function notFound(req: Request) {
  const { pathname } = new URL(req.url);
  return withRequestCaller(req, async () => errorResponse("ENDPOINT_NOT_FOUND", `No API endpoint for ${req.method} ${pathname}.`), { anyCaller: true }).catch(handleError);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
