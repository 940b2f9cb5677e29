export { PATCH, DELETE } from "@/app/api/2.0/mlflow/traces/[request_id]/tags/route";
