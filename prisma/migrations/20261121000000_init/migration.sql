-- Runboard initial schema (hand-written in Prisma's migration format; see prisma/schema.prisma).

-- CreateEnum
CREATE TYPE "lifecycle_stage" AS ENUM ('active', 'deleted');

-- CreateEnum
CREATE TYPE "run_status" AS ENUM ('RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED');

-- CreateEnum
CREATE TYPE "logged_model_status" AS ENUM ('LOGGED_MODEL_STATUS_UNSPECIFIED', 'LOGGED_MODEL_PENDING', 'LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED');

-- CreateEnum
CREATE TYPE "model_version_status" AS ENUM ('PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY');

-- CreateEnum
CREATE TYPE "key_kind" AS ENUM ('metric', 'param', 'tag');

-- CreateTable
CREATE TABLE "experiments" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(500) NOT NULL,
    "artifact_location" VARCHAR(2000) NOT NULL,
    "lifecycle_stage" "lifecycle_stage" NOT NULL DEFAULT 'active',
    "creation_time" BIGINT NOT NULL,
    "last_update_time" BIGINT NOT NULL,

    CONSTRAINT "experiments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "experiment_tags" (
    "experiment_id" INTEGER NOT NULL,
    "key" VARCHAR(250) NOT NULL,
    "value" VARCHAR(5000) NOT NULL,

    CONSTRAINT "experiment_tags_pkey" PRIMARY KEY ("experiment_id","key")
);

-- CreateTable
CREATE TABLE "experiment_keys" (
    "experiment_id" INTEGER NOT NULL,
    "kind" "key_kind" NOT NULL,
    "key" VARCHAR(250) NOT NULL,

    CONSTRAINT "experiment_keys_pkey" PRIMARY KEY ("experiment_id","kind","key")
);

-- CreateTable
CREATE TABLE "runs" (
    "id" VARCHAR(32) NOT NULL,
    "experiment_id" INTEGER NOT NULL,
    "name" VARCHAR(250) NOT NULL,
    "user_id" VARCHAR(256) NOT NULL DEFAULT '',
    "status" "run_status" NOT NULL DEFAULT 'RUNNING',
    "start_time" BIGINT NOT NULL,
    "end_time" BIGINT,
    "deleted_time" BIGINT,
    "artifact_uri" VARCHAR(2000) NOT NULL,
    "lifecycle_stage" "lifecycle_stage" NOT NULL DEFAULT 'active',
    "parent_run_id" VARCHAR(32),

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "params" (
    "run_id" VARCHAR(32) NOT NULL,
    "key" VARCHAR(250) NOT NULL,
    "value" VARCHAR(8000) NOT NULL,

    CONSTRAINT "params_pkey" PRIMARY KEY ("run_id","key")
);

-- CreateTable
CREATE TABLE "run_tags" (
    "run_id" VARCHAR(32) NOT NULL,
    "key" VARCHAR(250) NOT NULL,
    "value" VARCHAR(8000) NOT NULL,

    CONSTRAINT "run_tags_pkey" PRIMARY KEY ("run_id","key")
);

-- CreateTable
CREATE TABLE "metrics" (
    "run_id" VARCHAR(32) NOT NULL,
    "key" VARCHAR(250) NOT NULL,
    "step" BIGINT NOT NULL DEFAULT 0,
    "timestamp" BIGINT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "model_id" VARCHAR(36),
    "dataset_name" VARCHAR(500),
    "dataset_digest" VARCHAR(36),

    CONSTRAINT "metrics_pkey" PRIMARY KEY ("run_id","key","step","timestamp","value")
);

-- CreateTable
CREATE TABLE "latest_metrics" (
    "run_id" VARCHAR(32) NOT NULL,
    "key" VARCHAR(250) NOT NULL,
    "experiment_id" INTEGER NOT NULL,
    "step" BIGINT NOT NULL DEFAULT 0,
    "timestamp" BIGINT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "latest_metrics_pkey" PRIMARY KEY ("run_id","key")
);

-- CreateTable
CREATE TABLE "datasets" (
    "id" VARCHAR(36) NOT NULL,
    "experiment_id" INTEGER NOT NULL,
    "name" VARCHAR(500) NOT NULL,
    "digest" VARCHAR(36) NOT NULL,
    "source_type" VARCHAR(36) NOT NULL,
    "source" TEXT NOT NULL,
    "schema" TEXT,
    "profile" TEXT,

    CONSTRAINT "datasets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dataset_inputs" (
    "run_id" VARCHAR(32) NOT NULL,
    "dataset_id" VARCHAR(36) NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "dataset_inputs_pkey" PRIMARY KEY ("run_id","dataset_id")
);

-- CreateTable
CREATE TABLE "logged_models" (
    "id" VARCHAR(36) NOT NULL,
    "experiment_id" INTEGER NOT NULL,
    "name" VARCHAR(500) NOT NULL,
    "artifact_uri" VARCHAR(2000) NOT NULL,
    "creation_timestamp_ms" BIGINT NOT NULL,
    "last_updated_timestamp_ms" BIGINT NOT NULL,
    "status" "logged_model_status" NOT NULL DEFAULT 'LOGGED_MODEL_PENDING',
    "status_message" TEXT,
    "lifecycle_stage" "lifecycle_stage" NOT NULL DEFAULT 'active',
    "model_type" VARCHAR(500),
    "source_run_id" VARCHAR(32),

    CONSTRAINT "logged_models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "logged_model_tags" (
    "model_id" VARCHAR(36) NOT NULL,
    "key" VARCHAR(250) NOT NULL,
    "value" VARCHAR(8000) NOT NULL,

    CONSTRAINT "logged_model_tags_pkey" PRIMARY KEY ("model_id","key")
);

-- CreateTable
CREATE TABLE "logged_model_params" (
    "model_id" VARCHAR(36) NOT NULL,
    "key" VARCHAR(250) NOT NULL,
    "value" VARCHAR(8000) NOT NULL,

    CONSTRAINT "logged_model_params_pkey" PRIMARY KEY ("model_id","key")
);

-- CreateTable
CREATE TABLE "logged_model_metrics" (
    "model_id" VARCHAR(36) NOT NULL,
    "key" VARCHAR(250) NOT NULL,
    "step" BIGINT NOT NULL DEFAULT 0,
    "timestamp" BIGINT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "run_id" VARCHAR(32),
    "dataset_name" VARCHAR(500) NOT NULL DEFAULT '',
    "dataset_digest" VARCHAR(36) NOT NULL DEFAULT '',

    CONSTRAINT "logged_model_metrics_pkey" PRIMARY KEY ("model_id","key","step","timestamp","value","dataset_name","dataset_digest")
);

-- CreateTable
CREATE TABLE "run_model_inputs" (
    "run_id" VARCHAR(32) NOT NULL,
    "model_id" VARCHAR(36) NOT NULL,

    CONSTRAINT "run_model_inputs_pkey" PRIMARY KEY ("run_id","model_id")
);

-- CreateTable
CREATE TABLE "run_model_outputs" (
    "run_id" VARCHAR(32) NOT NULL,
    "model_id" VARCHAR(36) NOT NULL,
    "step" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "run_model_outputs_pkey" PRIMARY KEY ("run_id","model_id","step")
);

-- CreateTable
CREATE TABLE "registered_models" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(256) NOT NULL,
    "is_prompt" BOOLEAN NOT NULL DEFAULT false,
    "description" VARCHAR(5000),
    "user_id" VARCHAR(256),
    "creation_timestamp" BIGINT NOT NULL,
    "last_updated_timestamp" BIGINT NOT NULL,

    CONSTRAINT "registered_models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registered_model_tags" (
    "registered_model_id" INTEGER NOT NULL,
    "key" VARCHAR(250) NOT NULL,
    "value" VARCHAR(5000) NOT NULL,

    CONSTRAINT "registered_model_tags_pkey" PRIMARY KEY ("registered_model_id","key")
);

-- CreateTable
CREATE TABLE "registered_model_aliases" (
    "registered_model_id" INTEGER NOT NULL,
    "alias" VARCHAR(256) NOT NULL,
    "model_version_id" INTEGER NOT NULL,

    CONSTRAINT "registered_model_aliases_pkey" PRIMARY KEY ("registered_model_id","alias")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "id" SERIAL NOT NULL,
    "registered_model_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "creation_timestamp" BIGINT NOT NULL,
    "last_updated_timestamp" BIGINT NOT NULL,
    "user_id" VARCHAR(256),
    "current_stage" VARCHAR(20) NOT NULL DEFAULT 'None',
    "description" VARCHAR(5000),
    "source" VARCHAR(500),
    "run_id" VARCHAR(32),
    "run_link" VARCHAR(500),
    "model_id" VARCHAR(36),
    "status" "model_version_status" NOT NULL DEFAULT 'READY',
    "status_message" VARCHAR(500),

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_version_tags" (
    "model_version_id" INTEGER NOT NULL,
    "key" VARCHAR(250) NOT NULL,
    "value" VARCHAR(5000) NOT NULL,

    CONSTRAINT "model_version_tags_pkey" PRIMARY KEY ("model_version_id","key")
);

-- CreateTable
CREATE TABLE "prompt_versions" (
    "model_version_id" INTEGER NOT NULL,
    "prompt_type" VARCHAR(16) NOT NULL DEFAULT 'text',
    "template" TEXT NOT NULL,
    "variables" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "response_format" JSONB,
    "model_config" JSONB,

    CONSTRAINT "prompt_versions_pkey" PRIMARY KEY ("model_version_id")
);

-- CreateTable
CREATE TABLE "prompt_run_links" (
    "prompt_version_id" INTEGER NOT NULL,
    "run_id" VARCHAR(32) NOT NULL,

    CONSTRAINT "prompt_run_links_pkey" PRIMARY KEY ("prompt_version_id","run_id")
);

-- CreateTable
CREATE TABLE "prompt_logged_model_links" (
    "prompt_version_id" INTEGER NOT NULL,
    "model_id" VARCHAR(36) NOT NULL,

    CONSTRAINT "prompt_logged_model_links_pkey" PRIMARY KEY ("prompt_version_id","model_id")
);

-- CreateTable
CREATE TABLE "prompt_model_version_links" (
    "prompt_version_id" INTEGER NOT NULL,
    "model_version_id" INTEGER NOT NULL,

    CONSTRAINT "prompt_model_version_links_pkey" PRIMARY KEY ("prompt_version_id","model_version_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "experiments_name_key" ON "experiments"("name");

-- CreateIndex
CREATE INDEX "experiments_lifecycle_stage_last_update_time_idx" ON "experiments"("lifecycle_stage", "last_update_time");

-- CreateIndex
CREATE INDEX "runs_experiment_id_lifecycle_stage_start_time_id_idx" ON "runs"("experiment_id", "lifecycle_stage", "start_time" DESC, "id");

-- CreateIndex
CREATE INDEX "runs_experiment_id_name_idx" ON "runs"("experiment_id", "name");

-- CreateIndex
CREATE INDEX "runs_parent_run_id_idx" ON "runs"("parent_run_id");

-- CreateIndex
CREATE INDEX "params_key_run_id_idx" ON "params"("key", "run_id");

-- CreateIndex
CREATE INDEX "run_tags_key_run_id_idx" ON "run_tags"("key", "run_id");

-- CreateIndex
CREATE INDEX "latest_metrics_experiment_id_key_value_idx" ON "latest_metrics"("experiment_id", "key", "value");

-- CreateIndex
CREATE UNIQUE INDEX "datasets_experiment_id_name_digest_key" ON "datasets"("experiment_id", "name", "digest");

-- CreateIndex
CREATE INDEX "dataset_inputs_dataset_id_idx" ON "dataset_inputs"("dataset_id");

-- CreateIndex
CREATE INDEX "logged_models_experiment_id_lifecycle_stage_creation_timest_idx" ON "logged_models"("experiment_id", "lifecycle_stage", "creation_timestamp_ms" DESC);

-- CreateIndex
CREATE INDEX "logged_models_source_run_id_idx" ON "logged_models"("source_run_id");

-- CreateIndex
CREATE INDEX "run_model_inputs_model_id_idx" ON "run_model_inputs"("model_id");

-- CreateIndex
CREATE INDEX "run_model_outputs_model_id_idx" ON "run_model_outputs"("model_id");

-- CreateIndex
CREATE UNIQUE INDEX "registered_models_name_key" ON "registered_models"("name");

-- CreateIndex
CREATE INDEX "registered_models_is_prompt_name_idx" ON "registered_models"("is_prompt", "name");

-- CreateIndex
CREATE INDEX "registered_models_is_prompt_last_updated_timestamp_idx" ON "registered_models"("is_prompt", "last_updated_timestamp");

-- CreateIndex
CREATE INDEX "registered_model_aliases_model_version_id_idx" ON "registered_model_aliases"("model_version_id");

-- CreateIndex
CREATE INDEX "model_versions_run_id_idx" ON "model_versions"("run_id");

-- CreateIndex
CREATE INDEX "model_versions_model_id_idx" ON "model_versions"("model_id");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_registered_model_id_version_key" ON "model_versions"("registered_model_id", "version");

-- CreateIndex
CREATE INDEX "prompt_run_links_run_id_idx" ON "prompt_run_links"("run_id");

-- CreateIndex
CREATE INDEX "prompt_logged_model_links_model_id_idx" ON "prompt_logged_model_links"("model_id");

-- CreateIndex
CREATE INDEX "prompt_model_version_links_model_version_id_idx" ON "prompt_model_version_links"("model_version_id");

-- AddForeignKey
ALTER TABLE "experiment_tags" ADD CONSTRAINT "experiment_tags_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "experiment_keys" ADD CONSTRAINT "experiment_keys_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "params" ADD CONSTRAINT "params_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_tags" ADD CONSTRAINT "run_tags_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metrics" ADD CONSTRAINT "metrics_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "latest_metrics" ADD CONSTRAINT "latest_metrics_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataset_inputs" ADD CONSTRAINT "dataset_inputs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataset_inputs" ADD CONSTRAINT "dataset_inputs_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "logged_models" ADD CONSTRAINT "logged_models_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "logged_model_tags" ADD CONSTRAINT "logged_model_tags_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "logged_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "logged_model_params" ADD CONSTRAINT "logged_model_params_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "logged_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "logged_model_metrics" ADD CONSTRAINT "logged_model_metrics_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "logged_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_model_inputs" ADD CONSTRAINT "run_model_inputs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_model_inputs" ADD CONSTRAINT "run_model_inputs_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "logged_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_model_outputs" ADD CONSTRAINT "run_model_outputs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_model_outputs" ADD CONSTRAINT "run_model_outputs_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "logged_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registered_model_tags" ADD CONSTRAINT "registered_model_tags_registered_model_id_fkey" FOREIGN KEY ("registered_model_id") REFERENCES "registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registered_model_aliases" ADD CONSTRAINT "registered_model_aliases_registered_model_id_fkey" FOREIGN KEY ("registered_model_id") REFERENCES "registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registered_model_aliases" ADD CONSTRAINT "registered_model_aliases_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_registered_model_id_fkey" FOREIGN KEY ("registered_model_id") REFERENCES "registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_version_tags" ADD CONSTRAINT "model_version_tags_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prompt_versions" ADD CONSTRAINT "prompt_versions_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prompt_run_links" ADD CONSTRAINT "prompt_run_links_prompt_version_id_fkey" FOREIGN KEY ("prompt_version_id") REFERENCES "prompt_versions"("model_version_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prompt_run_links" ADD CONSTRAINT "prompt_run_links_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prompt_logged_model_links" ADD CONSTRAINT "prompt_logged_model_links_prompt_version_id_fkey" FOREIGN KEY ("prompt_version_id") REFERENCES "prompt_versions"("model_version_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prompt_logged_model_links" ADD CONSTRAINT "prompt_logged_model_links_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "logged_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prompt_model_version_links" ADD CONSTRAINT "prompt_model_version_links_prompt_version_id_fkey" FOREIGN KEY ("prompt_version_id") REFERENCES "prompt_versions"("model_version_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prompt_model_version_links" ADD CONSTRAINT "prompt_model_version_links_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The MLflow client assumes experiment "0" (Default) exists.
INSERT INTO "experiments" ("id", "name", "artifact_location", "lifecycle_stage", "creation_time", "last_update_time")
VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', (extract(epoch from now()) * 1000)::bigint, (extract(epoch from now()) * 1000)::bigint);
