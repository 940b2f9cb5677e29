import { withRequestCaller } from "@/lib/auth/scope";
import { handleError } from "@/lib/mlflow/route";
// Read by newer MLflow clients before large artifact transfers. Multipart is off, so the
// client uses plain proxied PUT/GET (spec §1.8).
export function GET(req: Request) {
  return withRequestCaller(req, async () => serverInfo(), { anyCaller: true }).catch(handleError);
}

function serverInfo() {
  return Response.json({
    store_type: "SqlStore",
    multipart_uploads_enabled: false,
    multipart_downloads_enabled: false,
    workspaces_enabled: false,
  });
}
