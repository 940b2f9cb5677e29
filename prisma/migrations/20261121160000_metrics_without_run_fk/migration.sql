-- The metric history is the hot table: a per-row foreign-key check to runs cost ~15% of
-- runs/log-batch throughput (npm run bench -- ingest). Rows are only written by the log-batch
-- statement, which checks that the run exists and is active, and runs are never hard-deleted.

-- DropForeignKey
ALTER TABLE "metrics" DROP CONSTRAINT "metrics_run_id_fkey";
