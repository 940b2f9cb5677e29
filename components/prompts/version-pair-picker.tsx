"use client";
// Picks the two versions to diff; the pair lives in the URL as ?compare=<before>..<after>.
import { ArrowLeftRight } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/input";

export function VersionPairPicker({ versions, before, after }: { versions: { version: number; aliases: string[] }[]; before: number; after: number }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const go = (b: number, a: number) => {
    const p = new URLSearchParams(params.toString());
    p.set("compare", `${b}..${a}`);
    router.replace(`${pathname}?${p.toString()}`, { scroll: false });
  };
  const label = (v: { version: number; aliases: string[] }) => `Version ${v.version}${v.aliases.length ? "  @" + v.aliases.join(" @") : ""}`;
  const select = (value: number, onChange: (v: number) => void, aria: string) => (
    <select aria-label={aria} value={value} onChange={(e) => onChange(Number(e.target.value))} className={cn(inputClass, "h-8 max-w-64 py-0 pr-8 font-mono text-xs")}>
      {versions.map((v) => (
        <option key={v.version} value={v.version}>
          {label(v)}
        </option>
      ))}
    </select>
  );
  return (
    <div className="flex flex-wrap items-center gap-2">
      {select(before, (b) => go(b, after), "Before version")}
      <button
        type="button"
        onClick={() => go(after, before)}
        aria-label="Swap versions"
        title="Swap"
        className="rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        <ArrowLeftRight className="h-4 w-4" />
      </button>
      {select(after, (a) => go(before, a), "After version")}
    </div>
  );
}
