import { describe, expect, it } from "vitest";
import { defaultColumnWidth, parseRunsTableState, serializeRunsTableState } from "@/lib/schemas/ui-runs-table";

describe("runs table URL state: column widths", () => {
  it("has no widths by default and leaves `w` out of the URL", () => {
    const s = parseRunsTableState({});
    expect(s.widths).toEqual({});
    expect(serializeRunsTableState(s)).toBe("");
  });

  it("parses id:width pairs, including keys with dots and colons", () => {
    const s = parseRunsTableState(new URLSearchParams("w=name:320,metrics.val.loss:90,params.a:b:200"));
    expect(s.widths).toEqual({ name: 320, "metrics.val.loss": 90, "params.a:b": 200 });
  });

  it("drops malformed, unknown and out-of-range entries instead of failing", () => {
    const s = parseRunsTableState({ w: "name:abc,bogus:100,status:10,start:99999,:50,duration:150.5,end:150" });
    expect(s.widths).toEqual({ end: 150 });
  });

  it("round-trips, writing only non-default widths (rounded and clamped)", () => {
    const base = parseRunsTableState({});
    const qs = serializeRunsTableState({ ...base, widths: { name: 321.4, status: defaultColumnWidth("status"), "metrics.loss": 20 } });
    expect(qs).toBe(`w=${encodeURIComponent("name:321,metrics.loss:60")}`);
    expect(parseRunsTableState(new URLSearchParams(qs)).widths).toEqual({ name: 321, "metrics.loss": 60 });
  });

  it("keeps the other state alongside widths", () => {
    const s = parseRunsTableState({ view: "deleted", cols: "status,metrics.loss", w: "metrics.loss:150" });
    expect(s.view).toBe("deleted");
    expect(s.cols).toEqual(["status", "metrics.loss"]);
    expect(new URLSearchParams(serializeRunsTableState(s)).get("w")).toBe("metrics.loss:150");
  });
});
