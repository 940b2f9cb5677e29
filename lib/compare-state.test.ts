import { describe, expect, it } from "vitest";
import {
  allDiffOnly,
  compareHref,
  effectiveBaseline,
  emptyCompareState,
  moveRun,
  moveRunBefore,
  parseCompareState,
  removeRun,
  serializeCompareState,
  setAllDiffOnly,
  setBaseline,
  setHidden,
  visibleRuns,
  type CompareState,
} from "@/lib/compare-state";

const id = (n: number) => n.toString(16).padStart(32, "0");
const A = id(10);
const B = id(11);
const C = id(12);

function roundTrip(s: CompareState): CompareState {
  return parseCompareState(new URLSearchParams(serializeCompareState(s)));
}

describe("parseCompareState", () => {
  it("reads the simple entry-point format", () => {
    const s = parseCompareState({ runs: `${A},${B}`, baseline: B });
    expect(s.runs).toEqual([A, B]);
    expect(s.baseline).toBe(B);
    expect(effectiveBaseline(s)).toBe(B);
    expect(s.charts).toBeNull();
    expect(s.xAxis).toBe("step");
  });

  it("drops duplicates, junk and unknown baselines; hidden runs carry a '-' prefix", () => {
    const s = parseCompareState({ runs: [`${A},,-${B},${A}, x y ,${C}`], baseline: "nope" });
    expect(s.runs).toEqual([A, B, C]);
    expect(s.hidden).toEqual([B]);
    expect(s.baseline).toBeNull();
    expect(visibleRuns(s)).toEqual([A, C]);
  });

  it("parses sections, charts and axes", () => {
    const s = parseCompareState(new URLSearchParams(`runs=${A},${B}&d=pm&c=a&q=lr&ch=loss,acc&x=time&pc=acc&sx=p:lr&sy=loss`));
    expect(s.diffOnly).toEqual(["params", "metrics"]);
    expect(s.collapsed).toEqual(["artifacts"]);
    expect(s.filter).toBe("lr");
    expect(s.charts).toEqual(["loss", "acc"]);
    expect(s.xAxis).toBe("time");
    expect(s.parallelMetric).toBe("acc");
    expect(s.scatterX).toEqual({ kind: "param", key: "lr" });
    expect(s.scatterY).toBe("loss");
    expect(parseCompareState({ runs: A, ch: "" }).charts).toEqual([]);
    expect(parseCompareState({ runs: A, d: "all" }).diffOnly).toHaveLength(8);
  });
});

describe("serializeCompareState", () => {
  it("round-trips every field", () => {
    const s: CompareState = {
      runs: [A, B, C],
      hidden: [C],
      baseline: B,
      diffOnly: ["metrics", "prompts"],
      collapsed: ["tags"],
      filter: "learning rate/x",
      charts: ["val/loss", "acc"],
      xAxis: "rel",
      parallelMetric: "acc",
      scatterX: { kind: "metric", key: "val/loss" },
      scatterY: "acc",
      artifact: "eval/results.json",
    };
    const back = roundTrip(s);
    expect(back).toEqual({ ...s, diffOnly: ["metrics", "prompts"] });
  });

  it("leaves defaults out and stays short for 50 runs", () => {
    const runs = Array.from({ length: 50 }, (_, i) => id(1000 + i));
    const s = { ...emptyCompareState(runs), baseline: runs[0] };
    const q = serializeCompareState(s);
    expect(q).toBe(`runs=${runs.join(",")}`);
    const full = serializeCompareState({ ...setAllDiffOnly(s, true), baseline: runs[7], hidden: [runs[3]], charts: ["loss"] });
    expect(full.length).toBeLessThan(50 * 33 + 120);
    expect(full).toContain("d=all");
    expect(full).toContain(`-${runs[3]}`);
  });

  it("builds entry-point links", () => {
    expect(compareHref([A, B], B)).toBe(`/compare?runs=${A},${B}&baseline=${B}`);
    expect(compareHref([A, B])).toBe(`/compare?runs=${A},${B}`);
  });
});

describe("transitions", () => {
  const base = emptyCompareState([A, B, C]);

  it("sets the baseline and unhides it", () => {
    const s = setBaseline(setHidden(base, B, true), B);
    expect(s.baseline).toBe(B);
    expect(s.hidden).toEqual([]);
    expect(setBaseline(base, "zz")).toBe(base);
  });

  it("hides runs but keeps one visible; hiding the baseline resets it", () => {
    let s = setHidden(setBaseline(base, A), A, true);
    expect(s.baseline).toBeNull();
    expect(effectiveBaseline(s)).toBe(B);
    s = setHidden(setHidden(s, B, true), C, true);
    expect(visibleRuns(s)).toEqual([C]);
    expect(setHidden(s, A, false).hidden).toEqual([B]);
  });

  it("reorders among visible runs", () => {
    expect(moveRun(base, A, 1).runs).toEqual([B, A, C]);
    expect(moveRun(base, C, -1).runs).toEqual([A, C, B]);
    expect(moveRun(base, C, 1)).toBe(base);
    expect(moveRun(setHidden(base, B, true), A, 1).runs).toEqual([B, C, A]);
    expect(moveRunBefore(base, C, A).runs).toEqual([C, A, B]);
    expect(moveRunBefore(base, A, null).runs).toEqual([B, C, A]);
  });

  it("removes runs and toggles all sections", () => {
    expect(removeRun(setBaseline(base, B), B)).toMatchObject({ runs: [A, C], baseline: null });
    expect(allDiffOnly(setAllDiffOnly(base, true))).toBe(true);
    expect(setAllDiffOnly(base, false).diffOnly).toEqual([]);
  });
});
