import { test } from "vitest";
process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/runboard_browse_perf";
test("perf", async () => {
  const rt = await import("./run-table");
  const t = async (label: string, fn: () => Promise<unknown>) => {
    await fn();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) { const s = performance.now(); await fn(); times.push(performance.now() - s); }
    console.log(label.padEnd(50), times.map((x) => x.toFixed(1)).join(" / "), "ms");
  };
  const cols = ["status", "start", "duration", "metrics.metric_000", "metrics.metric_001", "metrics.metric_002", "metrics.metric_003", "params.param_000", "params.param_001"];
  await t("defaultRunColumns", () => rt.defaultRunColumns("1000"));
  await t("keys first page", () => rt.searchExperimentKeys("1000", { limit: 200 }));
  await t("keys search 'feature_49'", () => rt.searchExperimentKeys("1000", { query: "feature_49", limit: 200 }));
  await t("page 1 default sort", () => rt.getRunTablePage({ experimentId: "1000", columns: cols, pageSize: 100 }));
  await t("page 500 default sort", () => rt.getRunTablePage({ experimentId: "1000", columns: cols, pageSize: 100, page: 500 }));
  await t("page 1 sort metric asc", () => rt.getRunTablePage({ experimentId: "1000", columns: cols, sort: "metrics.metric_003", dir: "asc", pageSize: 100 }));
  await t("page 1 sort param", () => rt.getRunTablePage({ experimentId: "1000", columns: cols, sort: "params.param_005", dir: "asc", pageSize: 100 }));
  await t("page 1 filter metric>1.5 and param", () => rt.getRunTablePage({ experimentId: "1000", columns: cols, filter: "metrics.metric_000 > 1.5 AND params.param_001 = '38'", pageSize: 100 }));
  await t("count all", () => rt.countRunTable({ experimentId: "1000" }));
  await t("count filter", () => rt.countRunTable({ experimentId: "1000", filter: "metrics.metric_000 > 1.5" }));
  await t("vary (9 cols)", () => rt.columnsThatVary({ experimentId: "1000", columns: cols }));
  await t("family", () => rt.getRunFamily("c4ca4238a0b923820dcc509a6f75849b", null));
}, 600_000);
