export function TrackingUriHint({ baseUrl }: { baseUrl: string }) {
  return (
    <div className="space-y-2 text-left">
      <pre className="overflow-x-auto rounded-lg bg-zinc-900 px-4 py-3 font-mono text-sm leading-6 text-zinc-100 dark:bg-black">
        <span className="text-zinc-500"># in your shell</span>
        {"\n"}export MLFLOW_TRACKING_URI={baseUrl}
        {"\n\n"}
        <span className="text-zinc-500"># or in Python</span>
        {"\n"}import mlflow
        {"\n"}mlflow.set_tracking_uri(&quot;{baseUrl}&quot;)
        {"\n"}with mlflow.start_run(run_name=&quot;first-run&quot;):
        {"\n"}    mlflow.log_param(&quot;lr&quot;, 0.01)
        {"\n"}    mlflow.log_metric(&quot;loss&quot;, 0.42)
      </pre>
    </div>
  );
}
