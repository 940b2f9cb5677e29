// One colour per run, shared by the table headers and every chart. The first ten are a
// hand-picked categorical palette; after that hues step by the golden angle so 50 runs stay
// distinguishable.
const PALETTE = ["#6366f1", "#f59e0b", "#10b981", "#ef4444", "#06b6d4", "#d946ef", "#84cc16", "#f97316", "#3b82f6", "#ec4899"];

export function runColor(index: number): string {
  if (index < PALETTE.length) return PALETTE[index];
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue} 70% 50%)`;
}
