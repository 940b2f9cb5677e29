// The MLflow protocol version Runboard speaks. The client parses GET /version with
// packaging.Version for feature gating, so this must be an MLflow-like version string.
export const MLFLOW_COMPAT_VERSION = "3.5.0";
