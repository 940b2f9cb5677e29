// Which way is "better" for a metric: guessed from its name, overridable per experiment with the
// experiment tag `runboard.metric_direction.<key>` = `higher` | `lower`. Pure; shared by the
// compare page (client) and the domain layer.

export type Direction = "higher" | "lower";
export type DirectionSource = "tag" | "guess";
export type Change = "better" | "worse" | "same" | "unknown";

export const DIRECTION_TAG_PREFIX = "runboard.metric_direction.";
/** Experiment tag keys are limited to 250 characters. */
export const MAX_TAG_KEY_LENGTH = 250;

const LOWER_WORDS = new Set([
  "loss",
  "losses",
  "error",
  "errors",
  "err",
  "latency",
  "latencies",
  "cost",
  "costs",
  "time",
  "duration",
  "runtime",
  "elapsed",
  "perplexity",
  "ppl",
  "mse",
  "rmse",
  "mae",
  "mape",
  "smape",
  "msle",
  "rmsle",
  "wer",
  "cer",
  "ter",
  "nll",
  "logloss",
  "bpb",
  "bpc",
  "fpr",
  "fnr",
  "eer",
  "hallucination",
  "hallucinations",
  "toxicity",
  "regret",
  "distance",
  "divergence",
  "kl",
  "ms",
  "sec",
  "seconds",
  "memory",
  "mem",
  "usd",
  "price",
  "miss",
  "misses",
  "failures",
  "failure",
]);

const RATE_UNITS = new Set(["second", "sec", "s", "minute", "min", "hour"]);
const HIGHER_WORDS = new Set(["throughput", "qps", "tps", "rps", "speedup"]);

/** Splits `val/top1_acc`, `evalLoss`, `p95-latency.ms` into lower-case words. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Guess from the name: loss, error, latency, cost, time, perplexity, mse, … → lower. */
export function guessDirection(key: string): Direction {
  const words = keyWords(key);
  // "...per_second" / "throughput" style rates are higher-is-better even though they mention time.
  const per = words.indexOf("per");
  if (per >= 0 && RATE_UNITS.has(words[per + 1] ?? "")) return "higher";
  if (words.some((w) => HIGHER_WORDS.has(w))) return "higher";
  return words.some((w) => LOWER_WORDS.has(w)) ? "lower" : "higher";
}

export function directionTagKey(metricKey: string): string {
  return DIRECTION_TAG_PREFIX + metricKey;
}

export function canStoreDirection(metricKey: string): boolean {
  return directionTagKey(metricKey).length <= MAX_TAG_KEY_LENGTH;
}

export function parseDirection(value: string | null | undefined): Direction | null {
  const v = value?.trim().toLowerCase();
  return v === "higher" || v === "lower" ? v : null;
}

/** Metric key → direction, from one experiment's tags (only the runboard.metric_direction.* ones). */
export function directionsFromTags(tags: { key: string; value: string }[] | Record<string, string>): Record<string, Direction> {
  const entries = Array.isArray(tags) ? tags.map((t) => [t.key, t.value] as const) : Object.entries(tags);
  const out: Record<string, Direction> = {};
  for (const [k, v] of entries) {
    if (!k.startsWith(DIRECTION_TAG_PREFIX)) continue;
    const d = parseDirection(v);
    if (d) out[k.slice(DIRECTION_TAG_PREFIX.length)] = d;
  }
  return out;
}

export interface ResolvedDirection {
  direction: Direction;
  source: DirectionSource;
}

/**
 * The direction of `key` for a comparison spanning several experiments: the first experiment in
 * `preference` (e.g. the baseline's experiment first) that has a stored direction wins, else the
 * guess.
 */
export function resolveDirection(key: string, stored: Record<string, Direction>[], overrides?: Record<string, Direction>): ResolvedDirection {
  const o = overrides?.[key];
  if (o) return { direction: o, source: "tag" };
  for (const s of stored) {
    const d = s[key];
    if (d) return { direction: d, source: "tag" };
  }
  return { direction: guessDirection(key), source: "guess" };
}

/** Whether going from `baseline` to `value` is an improvement under `direction`. */
export function classifyChange(baseline: number | null | undefined, value: number | null | undefined, direction: Direction): Change {
  if (baseline === null || baseline === undefined || value === null || value === undefined) return "unknown";
  if (Number.isNaN(baseline) || Number.isNaN(value)) return "unknown";
  if (baseline === value) return "same";
  const up = value > baseline;
  return up === (direction === "higher") ? "better" : "worse";
}

export interface Delta {
  abs: number;
  /** Relative change in percent of |baseline|; null when the baseline is 0 or not finite. */
  rel: number | null;
  change: Change;
}

export function metricDelta(baseline: number | null | undefined, value: number | null | undefined, direction: Direction): Delta | null {
  if (baseline === null || baseline === undefined || value === null || value === undefined) return null;
  if (!Number.isFinite(baseline) || !Number.isFinite(value)) {
    return { abs: value - baseline, rel: null, change: classifyChange(baseline, value, direction) };
  }
  const abs = value - baseline;
  const rel = baseline === 0 ? null : (abs / Math.abs(baseline)) * 100;
  return { abs, rel, change: classifyChange(baseline, value, direction) };
}
