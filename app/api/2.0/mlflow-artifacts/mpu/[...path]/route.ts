import { errorResponse } from "@/lib/mlflow/route";

// Multipart uploads (mpu/create|complete|abort/<path>) are not offered: server-info reports
// multipart off, and NOT_IMPLEMENTED makes a client that tries anyway fall back to one PUT.
function notImplemented() {
  return errorResponse("NOT_IMPLEMENTED", "Multipart artifact uploads are not supported by this server; upload with a single PUT.");
}

export { notImplemented as POST, notImplemented as GET, notImplemented as PUT };
