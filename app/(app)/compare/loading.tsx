import { Skeleton } from "@/components/ui/card";

export default function Loading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the comparison">
      <div className="flex items-center gap-3">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="ml-auto h-9 w-64" />
      </div>
      <div className="overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
        <div className="flex gap-px">
          <Skeleton className="h-24 w-64 rounded-none" />
          <Skeleton className="h-24 flex-1 rounded-none" />
        </div>
        {Array.from({ length: 10 }, (_, i) => (
          <Skeleton key={i} className="mt-px h-9 w-full rounded-none" />
        ))}
      </div>
    </div>
  );
}
