import { formatNumber, fullNumber } from "@/lib/format";

/** A number with fixed significant digits, full value on hover, tabular figures. */
export function Num({ value, digits = 4, className }: { value: number | string | null | undefined; digits?: number; className?: string }) {
  return (
    <span title={fullNumber(value)} className={"tabular-nums " + (className ?? "")}>
      {formatNumber(value, digits)}
    </span>
  );
}
