// Pure helper for the inline diff: turns a changed line's two sides (lib/text-diff segments)
// into one stream of equal / removed / added segments.
import type { Segment } from "@/lib/text-diff";

/**
 * Interleaves a changed row's two sides: before-only words, then after-only words, around the
 * shared text. The shared characters are the same on both sides, but adjacent shared runs may be
 * merged on one side and not the other, so they are consumed character by character.
 */
export function mergeChanged(left: Segment[], right: Segment[]): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  let j = 0;
  let li = 0; // characters of left[i] already consumed
  let rj = 0; // characters of right[j] already consumed
  while (i < left.length || j < right.length) {
    while (i < left.length && left[i].kind !== "equal") out.push(left[i++]);
    while (j < right.length && right[j].kind !== "equal") out.push(right[j++]);
    if (i >= left.length || j >= right.length) {
      // Unbalanced tails (not expected): keep what is left of each side.
      for (; i < left.length; i++, li = 0) if (left[i].kind !== "equal") out.push(left[i]);
      for (; j < right.length; j++, rj = 0) out.push(rj ? { ...right[j], text: right[j].text.slice(rj) } : right[j]);
      break;
    }
    const n = Math.min(left[i].text.length - li, right[j].text.length - rj);
    out.push({ kind: "equal", text: right[j].text.slice(rj, rj + n) });
    li += n;
    rj += n;
    if (li >= left[i].text.length) {
      i++;
      li = 0;
    }
    if (rj >= right[j].text.length) {
      j++;
      rj = 0;
    }
  }
  return out;
}
