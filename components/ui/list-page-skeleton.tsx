import { Skeleton } from "@/components/ui/card";

/** Loading state of a list page: title, toolbar, and `rows` placeholder rows. */
export function ListPageSkeleton({ label, rows = 8 }: { label: string; rows?: number }) {
  return (
    <div className="space-y-5" aria-busy="true" aria-label={label}>
      <div className="flex items-center justify-between">
        <div className="space-y-2">
          <Skeleton className="h-6 w-40" />
          <Skeleton className="h-4 w-64" />
        </div>
        <Skeleton className="h-9 w-36" />
      </div>
      <Skeleton className="h-9 w-96" />
      <div className="space-y-px overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="flex items-center gap-6 px-4 py-3">
            <Skeleton className="h-4 w-72" />
            <Skeleton className="ml-auto h-4 w-12" />
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-4 w-24" />
          </div>
        ))}
      </div>
    </div>
  );
}
