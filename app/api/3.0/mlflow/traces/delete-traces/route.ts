export { POST } from "@/app/api/2.0/mlflow/traces/delete-traces/route";
