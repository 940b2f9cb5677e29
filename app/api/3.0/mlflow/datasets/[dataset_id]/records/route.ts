import { mlflowRoute } from "@/lib/mlflow/route";
import { deleteRecordsRequest, getRecordsRequest, upsertRecordsRequest } from "@/lib/mlflow/eval-datasets";
import { deleteEvalDatasetRecords, getEvalDatasetRecords, upsertEvalDatasetRecords } from "@/lib/domain/traces/eval-datasets";

// Records of an evaluation dataset: upsert by inputs (POST), page through (GET), delete by id.
export const POST = mlflowRoute(upsertRecordsRequest, async (b, _req, params) => {
  const r = await upsertEvalDatasetRecords(String(params.dataset_id), b.records);
  return { inserted_count: r.inserted, updated_count: r.updated };
});
export const GET = mlflowRoute(getRecordsRequest, async (q, _req, params) => {
  const page = await getEvalDatasetRecords(String(params.dataset_id), q.max_results ?? undefined, q.page_token);
  return { records: page.records, next_page_token: page.nextPageToken };
});
export const DELETE = mlflowRoute(deleteRecordsRequest, async (b, _req, params) => ({ deleted_count: await deleteEvalDatasetRecords(String(params.dataset_id), b.dataset_record_ids) }));
