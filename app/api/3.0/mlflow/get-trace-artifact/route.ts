export { GET } from "@/app/api/2.0/mlflow/get-trace-artifact/route";
