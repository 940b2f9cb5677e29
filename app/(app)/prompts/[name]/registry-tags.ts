/** The registry's own namespaces (the domain already drops its known keys): never shown as user tags. */
export const isRegistryTag = (key: string) => key.startsWith("mlflow.prompt.") || key.startsWith("_mlflow_");
