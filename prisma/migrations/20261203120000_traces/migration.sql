-- Traces, spans, assessments, evaluation datasets and registered scorers (MLflow 3 tracing and
-- GenAI evaluation; see the "Traces and GenAI evaluation" block of prisma/schema.prisma).

-- CreateEnum
CREATE TYPE "trace_state" AS ENUM ('STATE_UNSPECIFIED', 'OK', 'ERROR', 'IN_PROGRESS');

-- CreateEnum
CREATE TYPE "span_status" AS ENUM ('UNSET', 'OK', 'ERROR');

-- CreateEnum
CREATE TYPE "assessment_kind" AS ENUM ('feedback', 'expectation', 'issue');

-- CreateTable
CREATE TABLE "traces" (
    "id" VARCHAR(64) NOT NULL,
    "experiment_id" INTEGER NOT NULL,
    "client_request_id" TEXT,
    "request_time" BIGINT NOT NULL,
    "execution_duration" BIGINT,
    "state" "trace_state" NOT NULL DEFAULT 'STATE_UNSPECIFIED',
    "request_preview" TEXT,
    "response_preview" TEXT,
    "name" TEXT,
    "source_run_id" VARCHAR(64),
    "input_tokens" BIGINT,
    "output_tokens" BIGINT,
    "total_tokens" BIGINT,

    CONSTRAINT "traces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trace_tags" (
    "trace_id" VARCHAR(64) NOT NULL,
    "key" VARCHAR(250) NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "trace_tags_pkey" PRIMARY KEY ("trace_id","key")
);

-- CreateTable
CREATE TABLE "trace_metadata" (
    "trace_id" VARCHAR(64) NOT NULL,
    "key" VARCHAR(250) NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "trace_metadata_pkey" PRIMARY KEY ("trace_id","key")
);

-- CreateTable
CREATE TABLE "spans" (
    "trace_id" VARCHAR(64) NOT NULL,
    "span_id" VARCHAR(16) NOT NULL,
    "experiment_id" INTEGER NOT NULL,
    "parent_span_id" VARCHAR(16),
    "ordinal" INTEGER NOT NULL DEFAULT 0,
    "name" TEXT NOT NULL,
    "span_type" TEXT,
    "status" "span_status" NOT NULL DEFAULT 'UNSET',
    "status_message" TEXT NOT NULL DEFAULT '',
    "start_time_ns" BIGINT NOT NULL,
    "end_time_ns" BIGINT,
    "attributes" JSON NOT NULL,
    "inputs" TEXT,
    "outputs" TEXT,
    "events" JSON NOT NULL DEFAULT '[]',
    "input_tokens" BIGINT,
    "output_tokens" BIGINT,
    "total_tokens" BIGINT,

    CONSTRAINT "spans_pkey" PRIMARY KEY ("trace_id","span_id")
);

-- CreateTable
CREATE TABLE "trace_run_links" (
    "trace_id" VARCHAR(64) NOT NULL,
    "run_id" VARCHAR(32) NOT NULL,

    CONSTRAINT "trace_run_links_pkey" PRIMARY KEY ("trace_id","run_id")
);

-- CreateTable
CREATE TABLE "trace_prompt_links" (
    "trace_id" VARCHAR(64) NOT NULL,
    "prompt_version_id" INTEGER NOT NULL,

    CONSTRAINT "trace_prompt_links_pkey" PRIMARY KEY ("trace_id","prompt_version_id")
);

-- CreateTable
CREATE TABLE "trace_artifacts" (
    "trace_id" VARCHAR(64) NOT NULL,
    "path" VARCHAR(1000) NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "trace_artifacts_pkey" PRIMARY KEY ("trace_id","path")
);

-- CreateTable
CREATE TABLE "assessments" (
    "id" VARCHAR(64) NOT NULL,
    "trace_id" VARCHAR(64) NOT NULL,
    "name" VARCHAR(250) NOT NULL,
    "span_id" VARCHAR(16),
    "source_type" VARCHAR(32) NOT NULL DEFAULT 'SOURCE_TYPE_UNSPECIFIED',
    "source_id" TEXT,
    "create_time" BIGINT NOT NULL,
    "last_update_time" BIGINT NOT NULL,
    "kind" "assessment_kind" NOT NULL,
    "payload" JSON NOT NULL,
    "value" TEXT,
    "rationale" TEXT,
    "metadata" JSON,
    "error" JSON,
    "overrides" VARCHAR(64),
    "valid" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "assessments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evaluation_datasets" (
    "id" VARCHAR(64) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "tags" TEXT,
    "schema" TEXT,
    "profile" TEXT,
    "digest" VARCHAR(64) NOT NULL,
    "created_time" BIGINT NOT NULL,
    "last_update_time" BIGINT NOT NULL,
    "created_by" VARCHAR(255),
    "last_updated_by" VARCHAR(255),

    CONSTRAINT "evaluation_datasets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evaluation_dataset_experiments" (
    "dataset_id" VARCHAR(64) NOT NULL,
    "experiment_id" INTEGER NOT NULL,

    CONSTRAINT "evaluation_dataset_experiments_pkey" PRIMARY KEY ("dataset_id","experiment_id")
);

-- CreateTable
CREATE TABLE "evaluation_dataset_records" (
    "id" VARCHAR(64) NOT NULL,
    "dataset_id" VARCHAR(64) NOT NULL,
    "inputs_hash" VARCHAR(64) NOT NULL,
    "inputs" TEXT NOT NULL,
    "expectations" TEXT,
    "outputs" TEXT,
    "tags" TEXT,
    "source" TEXT,
    "source_id" TEXT,
    "source_type" VARCHAR(32),
    "created_time" BIGINT NOT NULL,
    "last_update_time" BIGINT NOT NULL,
    "created_by" VARCHAR(255),
    "last_updated_by" VARCHAR(255),

    CONSTRAINT "evaluation_dataset_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scorers" (
    "id" VARCHAR(36) NOT NULL,
    "experiment_id" INTEGER NOT NULL,
    "name" VARCHAR(256) NOT NULL,

    CONSTRAINT "scorers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scorer_versions" (
    "scorer_id" VARCHAR(36) NOT NULL,
    "version" INTEGER NOT NULL,
    "serialized_scorer" TEXT NOT NULL,
    "creation_time" BIGINT NOT NULL,

    CONSTRAINT "scorer_versions_pkey" PRIMARY KEY ("scorer_id","version")
);

-- CreateIndex
CREATE INDEX "traces_experiment_id_request_time_id_idx" ON "traces"("experiment_id", "request_time" DESC, "id");

-- CreateIndex
CREATE INDEX "traces_experiment_id_execution_duration_idx" ON "traces"("experiment_id", "execution_duration");

-- CreateIndex
CREATE INDEX "traces_source_run_id_idx" ON "traces"("source_run_id");

-- CreateIndex
CREATE INDEX "trace_tags_value_idx" ON "trace_tags" USING HASH ("value");

-- CreateIndex
CREATE INDEX "trace_metadata_value_idx" ON "trace_metadata" USING HASH ("value");

-- CreateIndex
CREATE INDEX "spans_name_idx" ON "spans" USING HASH ("name");

-- CreateIndex
CREATE INDEX "trace_run_links_run_id_idx" ON "trace_run_links"("run_id");

-- CreateIndex
CREATE INDEX "trace_prompt_links_prompt_version_id_idx" ON "trace_prompt_links"("prompt_version_id");

-- CreateIndex
CREATE INDEX "assessments_trace_id_idx" ON "assessments"("trace_id");

-- CreateIndex
CREATE INDEX "evaluation_datasets_name_idx" ON "evaluation_datasets"("name");

-- CreateIndex
CREATE INDEX "evaluation_datasets_created_time_idx" ON "evaluation_datasets"("created_time");

-- CreateIndex
CREATE INDEX "evaluation_dataset_experiments_experiment_id_idx" ON "evaluation_dataset_experiments"("experiment_id");

-- CreateIndex
CREATE INDEX "evaluation_dataset_records_dataset_id_created_time_idx" ON "evaluation_dataset_records"("dataset_id", "created_time");

-- CreateIndex
CREATE UNIQUE INDEX "evaluation_dataset_records_dataset_id_inputs_hash_key" ON "evaluation_dataset_records"("dataset_id", "inputs_hash");

-- CreateIndex
CREATE UNIQUE INDEX "scorers_experiment_id_name_key" ON "scorers"("experiment_id", "name");

-- AddForeignKey
ALTER TABLE "traces" ADD CONSTRAINT "traces_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trace_tags" ADD CONSTRAINT "trace_tags_trace_id_fkey" FOREIGN KEY ("trace_id") REFERENCES "traces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trace_metadata" ADD CONSTRAINT "trace_metadata_trace_id_fkey" FOREIGN KEY ("trace_id") REFERENCES "traces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "spans" ADD CONSTRAINT "spans_trace_id_fkey" FOREIGN KEY ("trace_id") REFERENCES "traces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trace_run_links" ADD CONSTRAINT "trace_run_links_trace_id_fkey" FOREIGN KEY ("trace_id") REFERENCES "traces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trace_run_links" ADD CONSTRAINT "trace_run_links_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trace_prompt_links" ADD CONSTRAINT "trace_prompt_links_trace_id_fkey" FOREIGN KEY ("trace_id") REFERENCES "traces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trace_prompt_links" ADD CONSTRAINT "trace_prompt_links_prompt_version_id_fkey" FOREIGN KEY ("prompt_version_id") REFERENCES "prompt_versions"("model_version_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trace_artifacts" ADD CONSTRAINT "trace_artifacts_trace_id_fkey" FOREIGN KEY ("trace_id") REFERENCES "traces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_trace_id_fkey" FOREIGN KEY ("trace_id") REFERENCES "traces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluation_dataset_experiments" ADD CONSTRAINT "evaluation_dataset_experiments_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "evaluation_datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluation_dataset_experiments" ADD CONSTRAINT "evaluation_dataset_experiments_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluation_dataset_records" ADD CONSTRAINT "evaluation_dataset_records_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "evaluation_datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scorers" ADD CONSTRAINT "scorers_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scorer_versions" ADD CONSTRAINT "scorer_versions_scorer_id_fkey" FOREIGN KEY ("scorer_id") REFERENCES "scorers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
