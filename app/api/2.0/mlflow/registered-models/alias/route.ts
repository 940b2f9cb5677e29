import { mlflowRoute } from "@/lib/mlflow/route";
import {
  deleteRegisteredModelAliasRequest,
  getModelVersionByAliasRequest,
  setRegisteredModelAliasRequest,
  toMlflowModelVersion,
} from "@/lib/mlflow/registry";
import { deleteRegisteredModelAlias, getModelVersionByAlias, setRegisteredModelAlias } from "@/lib/domain/registry/aliases";

// registered-models/alias (docs/mlflow-compatibility.md#model-registry): POST sets, DELETE (JSON body) removes, GET resolves —
// `latest` resolves to the highest version; an unknown alias is 400 INVALID_PARAMETER_VALUE.
export const POST = mlflowRoute(setRegisteredModelAliasRequest, async (body) => {
  await setRegisteredModelAlias(body.name, body.alias, body.version);
  return {};
});

export const DELETE = mlflowRoute(deleteRegisteredModelAliasRequest, async (body) => {
  await deleteRegisteredModelAlias(body.name, body.alias);
  return {};
});

export const GET = mlflowRoute(getModelVersionByAliasRequest, async (q) => ({
  model_version: toMlflowModelVersion(await getModelVersionByAlias(q.name, q.alias)),
}));
