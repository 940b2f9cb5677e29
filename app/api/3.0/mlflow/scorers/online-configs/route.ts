import { mlflowRoute } from "@/lib/mlflow/route";
import { onlineConfigsRequest } from "@/lib/mlflow/eval-datasets";

// Online (continuous) scoring runs scorers server-side on new traces; Runboard does not run
// judges, so no scorer has an online configuration. The client asks after every list/get.
export const GET = mlflowRoute(onlineConfigsRequest, async () => ({ configs: [] }));
