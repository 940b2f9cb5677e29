import "server-only";
import { readableExperimentsSql, readableRegisteredModelsSql, requireRegisteredModel } from "@/lib/domain/auth/authorize";
import { db, Prisma, type Tx } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { decodePageToken, encodePageToken, pageQueryKey } from "@/lib/domain/search/page-token";
import { findModelVersionId, loadModelVersionRecords } from "@/lib/domain/registry/records";
import { getModelVersionByAlias } from "@/lib/domain/registry/aliases";
import { readAll } from "@/lib/domain/tx";
import { modelUsersSql, runUsersSql } from "@/lib/domain/prompts/usage";
import type { ListPromptsInput } from "@/lib/schemas/prompt";
import {
  loadPromptVersionDetails,
  promptRowOrNull,
  toSummary,
  userTags,
  type PromptDetail,
  type PromptListItem,
  type PromptVersionDetail,
} from "@/lib/domain/prompts/records";

// Reading prompts: the list (with usage counts), one prompt with its versions, one version by
// number or alias.

// ───────────────────────────── Reads ─────────────────────────────

/**
 * Prompts, most recently updated first (or by name / creation), with latest version, aliases,
 * and how many active runs / logged models / model versions use any of their versions.
 */
export async function listPrompts(
  input: ListPromptsInput = {},
  tx: Tx = db,
): Promise<{ prompts: PromptListItem[]; nextPageToken?: string }> {
  const maxResults = Math.min(Math.max(input.maxResults ?? 100, 1), 1000);
  const where: Prisma.Sql[] = [Prisma.sql`rm.is_prompt`, await readableRegisteredModelsSql(Prisma.sql`rm.id`)];
  if (input.query?.trim()) {
    const q = `%${input.query.trim().replace(/[\\%_]/g, (c) => "\\" + c)}%`;
    where.push(Prisma.sql`(rm.name ILIKE ${q} OR rm.description ILIKE ${q})`);
  }
  if (input.tag?.key) {
    const valueCond = input.tag.value !== undefined ? Prisma.sql`AND t.value = ${input.tag.value}` : Prisma.empty;
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.registered_model_id = rm.id AND t.key = ${input.tag.key} ${valueCond})`);
  }
  const orderBy = input.orderBy ?? "updated";
  const order =
    orderBy === "name"
      ? Prisma.sql`rm.name ASC`
      : orderBy === "created"
        ? Prisma.sql`rm.creation_timestamp DESC, rm.name ASC`
        : Prisma.sql`rm.last_updated_timestamp DESC, rm.name ASC`;
  const queryKey = pageQueryKey({ kind: "prompts", query: input.query ?? "", tag: input.tag ?? null, orderBy });
  const offset = decodePageToken(input.pageToken, queryKey);
  const rows = await tx.$queryRaw<
    { id: number; name: string; description: string | null; creation_timestamp: bigint; last_updated_timestamp: bigint; latest_version: number | null; version_count: bigint }[]
  >`
    SELECT rm.id, rm.name, rm.description, rm.creation_timestamp, rm.last_updated_timestamp,
      (SELECT MAX(mv.version) FROM model_versions mv WHERE mv.registered_model_id = rm.id) AS latest_version,
      (SELECT COUNT(*) FROM model_versions mv WHERE mv.registered_model_id = rm.id) AS version_count
    FROM registered_models rm
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY ${order}
    LIMIT ${maxResults + 1} OFFSET ${offset}`;
  const page = rows.slice(0, maxResults);
  const ids = page.map((r) => r.id);
  // Usage counts for the page, one grouped query per kind (deleted runs / models excluded, and
  // what the caller may not read).
  const runReadable = await readableExperimentsSql(Prisma.sql`r.experiment_id`);
  const modelReadable = await readableExperimentsSql(Prisma.sql`m.experiment_id`);
  const mvReadable = await readableRegisteredModelsSql(Prisma.sql`o.registered_model_id`);
  const [tags, aliases, runCounts, modelCounts, mvCounts] = await readAll(tx, [
    () => tx.registeredModelTag.findMany({ where: { registeredModelId: { in: ids } }, orderBy: { key: "asc" } }),
    () =>
      tx.registeredModelAlias.findMany({
        where: { registeredModelId: { in: ids } },
        select: { registeredModelId: true, alias: true, modelVersion: { select: { version: true } } },
        orderBy: { alias: "asc" },
      }),
    // Runs that use the prompt (linked, or through a linked logged model they produced), as the prompt page counts them.
    () => tx.$queryRaw<{ id: number; n: bigint }[]>`
      SELECT mv.registered_model_id AS id, COUNT(DISTINCT u.run_id) AS n
      FROM (${runUsersSql(Prisma.sql`SELECT id FROM model_versions WHERE registered_model_id = ANY(${ids}::int[])`)}) u
      JOIN model_versions mv ON mv.id = u.prompt_version_id
      JOIN runs r ON r.id = u.run_id AND r.lifecycle_stage = 'active' AND ${runReadable}
      GROUP BY mv.registered_model_id`,
    // Logged models that use the prompt (linked, or produced by a linked run), counted as the prompt page counts them.
    () => tx.$queryRaw<{ id: number; n: bigint }[]>`
      SELECT mv.registered_model_id AS id, COUNT(DISTINCT u.model_id) AS n
      FROM (${modelUsersSql(Prisma.sql`SELECT id FROM model_versions WHERE registered_model_id = ANY(${ids}::int[])`, runReadable)}) u
      JOIN model_versions mv ON mv.id = u.prompt_version_id
      JOIN logged_models m ON m.id = u.model_id AND m.lifecycle_stage = 'active' AND ${modelReadable}
      GROUP BY mv.registered_model_id`,
    () => tx.$queryRaw<{ id: number; n: bigint }[]>`
      SELECT mv.registered_model_id AS id, COUNT(DISTINCT l.model_version_id) AS n FROM model_versions mv
      JOIN prompt_model_version_links l ON l.prompt_version_id = mv.id
      JOIN model_versions o ON o.id = l.model_version_id AND ${mvReadable}
      WHERE mv.registered_model_id = ANY(${ids}::int[]) GROUP BY mv.registered_model_id`,
  ] as const);
  const countOf = (counts: { id: number; n: bigint }[], id: number) => Number(counts.find((c) => c.id === id)?.n ?? 0);
  return {
    prompts: page.map((r) => ({
      name: r.name,
      description: r.description,
      tags: userTags(tags.filter((t) => t.registeredModelId === r.id).map((t) => ({ key: t.key, value: t.value }))),
      latestVersion: r.latest_version,
      versionCount: Number(r.version_count),
      aliases: aliases.filter((a) => a.registeredModelId === r.id).map((a) => ({ alias: a.alias, version: a.modelVersion.version })),
      createdAt: Number(r.creation_timestamp),
      updatedAt: Number(r.last_updated_timestamp),
      linkedRuns: countOf(runCounts, r.id),
      linkedModels: countOf(modelCounts, r.id),
      linkedModelVersions: countOf(mvCounts, r.id),
    })),
    nextPageToken: rows.length > maxResults ? encodePageToken(offset + maxResults, queryKey) : undefined,
  };
}

/** A prompt with all its versions (newest first); null when there is no such prompt. */
export async function getPrompt(name: string, tx: Tx = db): Promise<PromptDetail | null> {
  await requireRegisteredModel(name, "READ", tx);
  const row = await tx.registeredModel.findUnique({
    where: { name },
    include: {
      tags: { select: { key: true, value: true }, orderBy: { key: "asc" } },
      aliases: { select: { alias: true, modelVersion: { select: { version: true } } }, orderBy: { alias: "asc" } },
      versions: { select: { id: true }, orderBy: { version: "desc" } },
    },
  });
  if (!row || !row.isPrompt) return null;
  const versions = await loadModelVersionRecords(row.versions.map((v) => v.id), tx);
  return {
    name: row.name,
    description: row.description,
    tags: userTags(row.tags),
    aliases: row.aliases.map((a) => ({ alias: a.alias, version: a.modelVersion.version })),
    createdAt: Number(row.creationTimestamp),
    updatedAt: Number(row.lastUpdatedTimestamp),
    author: row.userId,
    latestVersion: versions[0]?.version ?? null,
    versions: versions.map(toSummary),
  };
}

export async function getPromptOrThrow(name: string, tx: Tx = db): Promise<PromptDetail> {
  const p = await getPrompt(name, tx);
  if (!p) throw notFound(`Prompt (name=${name}) not found`);
  return p;
}

/**
 * One version of a prompt by number, or by alias (`latest` = the highest version). Null when
 * the prompt, version or alias does not exist.
 */
export async function getPromptVersion(name: string, versionOrAlias: number | string, tx: Tx = db): Promise<PromptVersionDetail | null> {
  await requireRegisteredModel(name, "READ", tx);
  const rm = await promptRowOrNull(name, tx);
  if (!rm) return null;
  let id: number | null;
  if (typeof versionOrAlias === "number" || /^\d+$/.test(versionOrAlias)) {
    id = await findModelVersionId(name, Number(versionOrAlias), tx);
  } else {
    try {
      id = (await getModelVersionByAlias(name, versionOrAlias, tx)).id;
    } catch {
      id = null;
    }
  }
  if (id === null) return null;
  const [detail] = await loadPromptVersionDetails([id], tx);
  return detail ?? null;
}

export async function getPromptVersionOrThrow(name: string, versionOrAlias: number | string, tx: Tx = db): Promise<PromptVersionDetail> {
  const v = await getPromptVersion(name, versionOrAlias, tx);
  if (!v) throw notFound(`Prompt version (name=${name}, version=${versionOrAlias}) not found`);
  return v;
}
