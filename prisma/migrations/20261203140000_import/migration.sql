-- Import from MLflow (issue 14): per-source state of `npm run import` (what was copied, with a
-- content fingerprint per entity), the import jobs with their reports, and metric points staged
-- ahead of a large run's commit.

-- CreateEnum
CREATE TYPE "import_job_status" AS ENUM ('running', 'finished', 'failed', 'interrupted');

-- CreateEnum
CREATE TYPE "import_entity_kind" AS ENUM ('experiment', 'run', 'logged_model', 'registered_model');

-- CreateTable
CREATE TABLE "import_sources" (
    "id" SERIAL NOT NULL,
    "url" VARCHAR(2000) NOT NULL,
    "created_at" BIGINT NOT NULL,

    CONSTRAINT "import_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_jobs" (
    "id" SERIAL NOT NULL,
    "source_id" INTEGER NOT NULL,
    "status" "import_job_status" NOT NULL DEFAULT 'running',
    "started_at" BIGINT NOT NULL,
    "heartbeat_at" BIGINT NOT NULL,
    "finished_at" BIGINT,
    "options" JSONB NOT NULL DEFAULT '{}',
    "progress" JSONB,
    "report" JSONB,

    CONSTRAINT "import_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_entities" (
    "source_id" INTEGER NOT NULL,
    "kind" "import_entity_kind" NOT NULL,
    "source_key" VARCHAR(500) NOT NULL,
    "target_key" VARCHAR(500) NOT NULL,
    "fingerprint" VARCHAR(64) NOT NULL,
    "detail" JSONB,
    "job_id" INTEGER,
    "imported_at" BIGINT NOT NULL,

    CONSTRAINT "import_entities_pkey" PRIMARY KEY ("source_id","kind","source_key")
);

-- CreateTable
CREATE TABLE "import_staged_metrics" (
    "job_id" INTEGER NOT NULL,
    "run_id" VARCHAR(32) NOT NULL,
    "batch" VARCHAR(64) NOT NULL,
    "seq" INTEGER NOT NULL,
    "points" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "created_at" BIGINT NOT NULL,

    CONSTRAINT "import_staged_metrics_pkey" PRIMARY KEY ("job_id","run_id","batch","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "import_sources_url_key" ON "import_sources"("url");

-- CreateIndex
CREATE INDEX "import_jobs_started_at_idx" ON "import_jobs"("started_at" DESC);

-- CreateIndex
CREATE INDEX "import_jobs_source_id_status_idx" ON "import_jobs"("source_id", "status");

-- CreateIndex
CREATE INDEX "import_entities_kind_target_key_idx" ON "import_entities"("kind", "target_key");

-- AddForeignKey
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "import_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_entities" ADD CONSTRAINT "import_entities_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "import_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_staged_metrics" ADD CONSTRAINT "import_staged_metrics_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "import_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
