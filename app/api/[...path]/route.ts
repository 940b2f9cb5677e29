import { errorResponse } from "@/lib/mlflow/route";

// Any /api path without a route of its own: MLflow's ENDPOINT_NOT_FOUND as JSON (the client
// maps it for fallbacks; a plain HTML 404 would also map, but JSON says what went wrong).
function notFound(req: Request) {
  const { pathname } = new URL(req.url);
  return errorResponse("ENDPOINT_NOT_FOUND", `No API endpoint for ${req.method} ${pathname}.`);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
