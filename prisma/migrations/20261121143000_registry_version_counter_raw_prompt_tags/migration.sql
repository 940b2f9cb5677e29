-- AlterTable
ALTER TABLE "registered_models" ADD COLUMN "last_version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "prompt_versions" ADD COLUMN "model_config_raw" TEXT,
ADD COLUMN "prompt_type_raw" TEXT,
ADD COLUMN "response_format_raw" TEXT;

-- Backfill: version numbers continue after the highest existing one.
UPDATE "registered_models" rm SET "last_version" = COALESCE((SELECT MAX(mv."version") FROM "model_versions" mv WHERE mv."registered_model_id" = rm."id"), 0);
