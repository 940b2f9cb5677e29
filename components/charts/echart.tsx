"use client";
// A thin React wrapper over ECharts (canvas renderer). Every chart in Runboard goes through it:
// line charts of metric histories, parallel coordinates and scatter on the compare page.
import { useEffect, useRef } from "react";
import * as echarts from "echarts";
import type { EChartsOption, ECharts } from "echarts";

export type { EChartsOption };

export function EChart({
  option,
  height = 260,
  className,
  onEvents,
  notMerge = true,
  ariaLabel,
}: {
  option: EChartsOption;
  height?: number | string;
  className?: string;
  onEvents?: Record<string, (params: unknown) => void>;
  notMerge?: boolean;
  ariaLabel?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const dark = window.matchMedia?.("(prefers-color-scheme: dark)").matches;
    const c = echarts.init(ref.current, dark ? "dark" : undefined, { renderer: "canvas" });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: "transparent", ...option }, { notMerge });
  }, [option, notMerge]);

  useEffect(() => {
    const c = chart.current;
    if (!c || !onEvents) return;
    for (const [name, fn] of Object.entries(onEvents)) c.on(name, fn);
    return () => {
      for (const name of Object.keys(onEvents)) c.off(name);
    };
  }, [onEvents]);

  return <div ref={ref} role="img" aria-label={ariaLabel} className={className} style={{ height, width: "100%" }} />;
}
