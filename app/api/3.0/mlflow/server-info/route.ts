// Read by newer MLflow clients before large artifact transfers (docs/mlflow-compatibility.md#server-info). Multipart uploads
// (mlflow-artifacts/mpu/*) and ranged "presigned" downloads (mlflow-artifacts/presigned/*) are
// served on both artifact backends.
import { withRequestCaller } from "@/lib/auth/scope";
import { handleError } from "@/lib/mlflow/route";

export function GET(req: Request) {
  return withRequestCaller(req, async () => serverInfo(), { anyCaller: true }).catch(handleError);
}

function serverInfo() {
  return Response.json({
    store_type: "SqlStore",
    multipart_uploads_enabled: true,
    multipart_downloads_enabled: true,
    workspaces_enabled: false,
  });
}
