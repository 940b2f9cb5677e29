import { errorResponse, handleError } from "@/lib/mlflow/route";
import { withRequestCaller } from "@/lib/auth/scope";

// Multipart uploads (mpu/create|complete|abort/<path>) are not offered: server-info reports
// multipart off, and NOT_IMPLEMENTED makes a client that tries anyway fall back to one PUT.
function notImplemented(req: Request) {
  return withRequestCaller(req, async () => notImplementedResponse(), { anyCaller: true }).catch(handleError);
}

function notImplementedResponse() {
  return errorResponse("NOT_IMPLEMENTED", "Multipart artifact uploads are not supported by this server; upload with a single PUT.");
}

export { notImplemented as POST, notImplemented as GET, notImplemented as PUT };
