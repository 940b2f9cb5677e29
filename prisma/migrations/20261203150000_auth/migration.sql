-- Auth (issue 11): users and groups as principals, external identities (SSO later), personal
-- access tokens and sessions (hashed secrets), per-experiment and per-registered-model grants,
-- a shared sign-in throttle, one-time setup codes for the first admin.

-- CreateEnum
CREATE TYPE "permission_level" AS ENUM ('NO_PERMISSIONS', 'READ', 'USE', 'EDIT', 'MANAGE');

-- CreateEnum
CREATE TYPE "principal_kind" AS ENUM ('user', 'group');

-- CreateTable
CREATE TABLE "principals" (
    "id" SERIAL NOT NULL,
    "kind" "principal_kind" NOT NULL,

    CONSTRAINT "principals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" INTEGER NOT NULL,
    "username" VARCHAR(255) NOT NULL,
    "password_hash" VARCHAR(255),
    "is_admin" BOOLEAN NOT NULL DEFAULT false,
    "display_name" VARCHAR(255),
    "email" VARCHAR(320),
    "created_at" BIGINT NOT NULL,
    "password_changed_at" BIGINT,
    "last_sign_in_at" BIGINT,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_identities" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "provider" VARCHAR(500) NOT NULL,
    "subject" VARCHAR(255) NOT NULL,
    "email" VARCHAR(320),
    "created_at" BIGINT NOT NULL,
    "last_used_at" BIGINT,

    CONSTRAINT "user_identities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "groups" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(1000),
    "created_at" BIGINT NOT NULL,

    CONSTRAINT "groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_members" (
    "group_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "added_at" BIGINT NOT NULL,

    CONSTRAINT "group_members_pkey" PRIMARY KEY ("group_id","user_id")
);

-- CreateTable
CREATE TABLE "access_tokens" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL,
    "prefix" VARCHAR(16) NOT NULL,
    "created_at" BIGINT NOT NULL,
    "expires_at" BIGINT,
    "last_used_at" BIGINT,
    "revoked_at" BIGINT,

    CONSTRAINT "access_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL,
    "method" VARCHAR(32) NOT NULL DEFAULT 'password',
    "identity_id" INTEGER,
    "created_at" BIGINT NOT NULL,
    "expires_at" BIGINT NOT NULL,
    "last_seen_at" BIGINT NOT NULL,
    "revoked_at" BIGINT,
    "user_agent" VARCHAR(500),
    "ip_address" VARCHAR(100),

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "experiment_permissions" (
    "experiment_id" INTEGER NOT NULL,
    "principal_id" INTEGER NOT NULL,
    "permission" "permission_level" NOT NULL,

    CONSTRAINT "experiment_permissions_pkey" PRIMARY KEY ("experiment_id","principal_id")
);

-- CreateTable
CREATE TABLE "registered_model_permissions" (
    "registered_model_id" INTEGER NOT NULL,
    "principal_id" INTEGER NOT NULL,
    "permission" "permission_level" NOT NULL,

    CONSTRAINT "registered_model_permissions_pkey" PRIMARY KEY ("registered_model_id","principal_id")
);

-- CreateTable
CREATE TABLE "auth_throttle" (
    "key" VARCHAR(400) NOT NULL,
    "failures" INTEGER NOT NULL,
    "window_start" BIGINT NOT NULL,
    "locked_until" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "auth_throttle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "auth_setup_codes" (
    "code_hash" VARCHAR(64) NOT NULL,
    "created_at" BIGINT NOT NULL,

    CONSTRAINT "auth_setup_codes_pkey" PRIMARY KEY ("code_hash")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE INDEX "user_identities_user_id_idx" ON "user_identities"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_identities_provider_subject_key" ON "user_identities"("provider", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "groups_name_key" ON "groups"("name");

-- CreateIndex
CREATE INDEX "group_members_user_id_idx" ON "group_members"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "access_tokens_token_hash_key" ON "access_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "access_tokens_user_id_idx" ON "access_tokens"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "experiment_permissions_principal_id_experiment_id_idx" ON "experiment_permissions"("principal_id", "experiment_id");

-- CreateIndex
CREATE INDEX "registered_model_permissions_principal_id_registered_model_idx" ON "registered_model_permissions"("principal_id", "registered_model_id");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_id_fkey" FOREIGN KEY ("id") REFERENCES "principals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "groups" ADD CONSTRAINT "groups_id_fkey" FOREIGN KEY ("id") REFERENCES "principals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_identity_id_fkey" FOREIGN KEY ("identity_id") REFERENCES "user_identities"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "experiment_permissions" ADD CONSTRAINT "experiment_permissions_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "experiment_permissions" ADD CONSTRAINT "experiment_permissions_principal_id_fkey" FOREIGN KEY ("principal_id") REFERENCES "principals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registered_model_permissions" ADD CONSTRAINT "registered_model_permissions_registered_model_id_fkey" FOREIGN KEY ("registered_model_id") REFERENCES "registered_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registered_model_permissions" ADD CONSTRAINT "registered_model_permissions_principal_id_fkey" FOREIGN KEY ("principal_id") REFERENCES "principals"("id") ON DELETE CASCADE ON UPDATE CASCADE;
