// Query plans at scale: 100k runs in one experiment (one latest_metrics row each, plus a param
// on every tenth run), ANALYZEd, then EXPLAIN of exactly the SQL searchRunIds runs. The common
// searches must be served by our indexes, never by a sequential scan of `runs`. No timings.
import { beforeAll, describe, expect, it } from "vitest";
import { db, Prisma } from "@/lib/db";
import { uniqueName } from "@/tests/helpers";
import { prepareRunSearch, runPageSql, type SearchRunIdsOptions } from "./run-query";

const RUNS = 100_000;
let exp = "";

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

async function plan(opts: Omit<SearchRunIdsOptions, "experimentIds">, pageSize = 100): Promise<{ nodes: PlanNode[]; text: string }> {
  const { compiled } = prepareRunSearch({ experimentIds: [exp], ...opts });
  const sql = runPageSql(compiled!, pageSize + 1, 0);
  const rows = await db.$queryRaw<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>(Prisma.sql`EXPLAIN (FORMAT JSON) ${sql}`);
  const root = rows[0]["QUERY PLAN"][0].Plan;
  const nodes = flatten(root);
  const text = nodes.map((n) => `${n["Node Type"]} ${n["Relation Name"] ?? ""} ${n["Index Name"] ?? ""}`.trim()).join("\n");
  return { nodes, text };
}

const seqScanOnRuns = (nodes: PlanNode[]) => nodes.some((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === "runs");
const usesIndex = (nodes: PlanNode[], index: string) => nodes.some((n) => n["Index Name"] === index);

describe("runs/search query plans over 100k runs", () => {
  beforeAll(async () => {
    const e = await db.experiment.create({
      data: { name: uniqueName("explain"), artifactLocation: "/tmp/explain", creationTime: 1n, lastUpdateTime: 1n },
    });
    exp = String(e.id);
    await db.$executeRaw`
      INSERT INTO runs (id, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage)
      SELECT md5(${exp} || '-' || g), ${e.id}::int, 'run-' || g, 'u', 'FINISHED', 1700000000000 + g, NULL,
             '/tmp/explain/' || g, CASE WHEN g % 50 = 0 THEN 'deleted'::lifecycle_stage ELSE 'active'::lifecycle_stage END
      FROM generate_series(1, ${RUNS}::int) AS g`;
    await db.$executeRaw`
      INSERT INTO latest_metrics (run_id, key, experiment_id, step, timestamp, value)
      SELECT id, 'acc', experiment_id, 0, 1, random() FROM runs WHERE experiment_id = ${e.id}::int`;
    await db.$executeRaw`
      INSERT INTO params (run_id, key, value)
      SELECT id, 'lr', '0.' || (start_time % 10) FROM runs WHERE experiment_id = ${e.id}::int AND start_time % 10 = 0`;
    await db.$executeRawUnsafe("ANALYZE runs");
    await db.$executeRawUnsafe("ANALYZE latest_metrics");
    await db.$executeRawUnsafe("ANALYZE params");
  }, 300_000);

  it("default order (start_time DESC, id) walks the runs index", async () => {
    const { nodes, text } = await plan({});
    expect(seqScanOnRuns(nodes), text).toBe(false);
    expect(usesIndex(nodes, "runs_experiment_id_lifecycle_stage_start_time_id_idx"), text).toBe(true);
  });

  it("a metric filter plus order on that metric walks the latest_metrics index", async () => {
    const { nodes, text } = await plan({ filter: "metrics.acc > 0.5", orderBy: ["metrics.acc DESC"] });
    expect(seqScanOnRuns(nodes), text).toBe(false);
    expect(usesIndex(nodes, "latest_metrics_experiment_id_key_value_idx"), text).toBe(true);
  });

  it("a selective metric filter with the default order reads latest_metrics through an index", async () => {
    const { nodes, text } = await plan({ filter: "metrics.acc > 0.999" });
    expect(seqScanOnRuns(nodes), text).toBe(false);
    // Either plan is index-only work: range-scan the (experiment, key, value) index, or walk the
    // runs index in start_time order probing latest_metrics by primary key. Which one PostgreSQL
    // picks depends on its statistics and version; neither may scan a table.
    const viaIndex = usesIndex(nodes, "latest_metrics_experiment_id_key_value_idx") || usesIndex(nodes, "latest_metrics_pkey");
    expect(viaIndex, text).toBe(true);
    expect(text).not.toMatch(/Seq Scan latest_metrics/);
  });

  it("a param filter with the default order never scans all runs", async () => {
    const { nodes, text } = await plan({ filter: "params.lr = '0.0'" });
    expect(seqScanOnRuns(nodes), text).toBe(false);
  });

  it("the searches still return the right rows at this size", async () => {
    const { compiled } = prepareRunSearch({ experimentIds: [exp], filter: "metrics.acc > 0.5", orderBy: ["metrics.acc DESC"] });
    const rows = await db.$queryRaw<{ id: string }[]>(runPageSql(compiled!, 5, 0));
    const values = await db.latestMetric.findMany({ where: { runId: { in: rows.map((r) => r.id) }, key: "acc" } });
    const byId = new Map(values.map((v) => [v.runId, v.value]));
    const ordered = rows.map((r) => byId.get(r.id)!);
    expect(ordered).toHaveLength(5);
    expect([...ordered].sort((a, b) => b - a)).toEqual(ordered);
    expect(ordered.every((v) => v > 0.5)).toBe(true);
  });
});
