import { describe, expect, it } from "vitest";
import {
  canStoreDirection,
  classifyChange,
  directionTagKey,
  directionsFromTags,
  guessDirection,
  keyWords,
  metricDelta,
  parseDirection,
  resolveDirection,
} from "@/lib/metric-direction";

describe("guessDirection", () => {
  it.each([
    ["loss", "lower"],
    ["val_loss", "lower"],
    ["evalLoss", "lower"],
    ["train/error_rate", "lower"],
    ["p95_latency_ms", "lower"],
    ["cost_usd", "lower"],
    ["cost_per_token", "lower"],
    ["epoch_time", "lower"],
    ["perplexity", "lower"],
    ["mse", "lower"],
    ["val_rmse", "lower"],
    ["mae", "lower"],
    ["wer", "lower"],
    ["accuracy", "higher"],
    ["f1_score", "higher"],
    ["roc_auc", "higher"],
    ["tokens_per_second", "higher"],
    ["throughput", "higher"],
    ["timestamp_count", "higher"],
    ["mystery", "higher"],
  ] as const)("%s → %s", (key, dir) => {
    expect(guessDirection(key)).toBe(dir);
  });

  it("splits keys into words", () => {
    expect(keyWords("val/top1Acc-p95.ms")).toEqual(["val", "top1", "acc", "p95", "ms"]);
  });
});

describe("stored directions", () => {
  it("reads only runboard.metric_direction.* tags with valid values", () => {
    const d = directionsFromTags([
      { key: directionTagKey("accuracy"), value: "lower" },
      { key: directionTagKey("loss"), value: " HIGHER " },
      { key: directionTagKey("bad"), value: "sideways" },
      { key: "mlflow.note.content", value: "lower" },
    ]);
    expect(d).toEqual({ accuracy: "lower", loss: "higher" });
    expect(directionsFromTags({ [directionTagKey("x")]: "lower" })).toEqual({ x: "lower" });
  });

  it("prefers the first experiment with a stored value, then the guess", () => {
    expect(resolveDirection("loss", [{}, { loss: "higher" }, { loss: "lower" }])).toEqual({ direction: "higher", source: "tag" });
    expect(resolveDirection("loss", [{}])).toEqual({ direction: "lower", source: "guess" });
    expect(resolveDirection("loss", [{ loss: "lower" }], { loss: "higher" })).toEqual({ direction: "higher", source: "tag" });
  });

  it("parses and bounds tag keys", () => {
    expect(parseDirection("lower")).toBe("lower");
    expect(parseDirection(null)).toBeNull();
    expect(canStoreDirection("loss")).toBe(true);
    expect(canStoreDirection("x".repeat(240))).toBe(false);
  });
});

describe("deltas", () => {
  it("classifies changes by direction", () => {
    expect(classifyChange(0.5, 0.4, "lower")).toBe("better");
    expect(classifyChange(0.5, 0.4, "higher")).toBe("worse");
    expect(classifyChange(0.5, 0.5, "higher")).toBe("same");
    expect(classifyChange(null, 0.5, "higher")).toBe("unknown");
    expect(classifyChange(NaN, 0.5, "higher")).toBe("unknown");
  });

  it("computes absolute and relative deltas", () => {
    expect(metricDelta(0.8, 0.9, "higher")).toMatchObject({ change: "better" });
    const d = metricDelta(0.8, 0.9, "higher")!;
    expect(d.abs).toBeCloseTo(0.1);
    expect(d.rel).toBeCloseTo(12.5);
    expect(metricDelta(-2, -1, "higher")!.rel).toBeCloseTo(50);
    expect(metricDelta(0, 1, "higher")!.rel).toBeNull();
    expect(metricDelta(undefined, 1, "higher")).toBeNull();
    expect(metricDelta(1, Infinity, "lower")).toMatchObject({ rel: null, change: "worse" });
  });
});
