import "server-only";
import { requireRegisteredModel } from "@/lib/domain/auth/authorize";
import { db, type Tx } from "@/lib/db";
import { invalidParam } from "@/lib/errors";
import { validateLength } from "@/lib/domain/validation";
import { inTransaction } from "@/lib/domain/tx";
import {
  type ModelVersionRecord,
  findModelVersionId,
  getModelVersionById,
  modelVersionNotFound,
  parseVersion,
  registeredModelRowOrThrow,
  validateModelName,
} from "@/lib/domain/registry/records";

// Registered-model aliases (docs/mlflow-compatibility.md#aliases): an alias row points at a version row; the alias
// `latest` is virtual (the highest version) and can only be read.

/** MLflow's `_validate_model_alias_name` (`latest` is allowed only when reading). */
export function validateAliasName(alias: string | null | undefined, opts: { allowLatest?: boolean } = {}): string {
  if (alias === null || alias === undefined || alias === "") throw invalidParam("Registered model alias name cannot be empty.");
  if (!/^[\p{L}\p{N}_-]*$/u.test(alias)) {
    throw invalidParam(`Invalid alias name: '${alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`);
  }
  validateLength("Registered model alias name", alias, 255);
  if (alias.toLowerCase() === "latest" && !opts.allowLatest) throw invalidParam("'latest' alias name (case insensitive) is reserved.");
  if (/^[vV]\d+$/.test(alias)) throw invalidParam(`Version alias name '${alias}' is reserved.`);
  return alias;
}

// ───────────────────────────── Aliases ─────────────────────────────

/** POST registered-models/alias: creates or re-points the alias; the version must exist. */
export async function setRegisteredModelAlias(name: string, alias: string, version: string | number, tx: Tx = db): Promise<void> {
  validateModelName(name);
  await requireRegisteredModel(name, "EDIT", tx);
  validateAliasName(alias);
  const v = parseVersion(version);
  await inTransaction(tx, async (tx) => {
    const mvId = await findModelVersionId(name, v, tx);
    if (mvId === null) throw modelVersionNotFound(name, v);
    const rm = await registeredModelRowOrThrow(name, tx);
    await tx.registeredModelAlias.upsert({
      where: { registeredModelId_alias: { registeredModelId: rm.id, alias } },
      create: { registeredModelId: rm.id, alias, modelVersionId: mvId },
      update: { modelVersionId: mvId },
    });
  });
}

/** DELETE registered-models/alias (a missing alias is fine; the model must exist). */
export async function deleteRegisteredModelAlias(name: string, alias: string, tx: Tx = db): Promise<void> {
  validateModelName(name);
  await requireRegisteredModel(name, "MANAGE", tx); // MLflow's asymmetry: deleting an alias needs MANAGE
  validateAliasName(alias);
  const rm = await registeredModelRowOrThrow(name, tx);
  await tx.registeredModelAlias.deleteMany({ where: { registeredModelId: rm.id, alias } });
}

const aliasNotFound = (alias: string) => invalidParam(`Registered model alias ${alias} not found.`);

/**
 * GET registered-models/alias. `latest` (any case) resolves to the highest version without an
 * alias row; an unknown alias is INVALID_PARAMETER_VALUE (400), as in MLflow.
 */
export async function getModelVersionByAlias(name: string, alias: string, tx: Tx = db): Promise<ModelVersionRecord> {
  validateModelName(name);
  await requireRegisteredModel(name, "READ", tx);
  validateAliasName(alias, { allowLatest: true });
  if (alias.toLowerCase() === "latest") {
    const rm = await registeredModelRowOrThrow(name, tx);
    const top = await tx.modelVersion.findFirst({ where: { registeredModelId: rm.id }, orderBy: { version: "desc" }, select: { id: true } });
    if (!top) throw aliasNotFound(alias);
    return (await getModelVersionById(top.id, tx))!;
  }
  const row = await tx.registeredModelAlias.findFirst({ where: { alias, registeredModel: { name } }, select: { modelVersionId: true } });
  if (!row) throw aliasNotFound(alias);
  return (await getModelVersionById(row.modelVersionId, tx))!;
}
