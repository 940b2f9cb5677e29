import { Skeleton } from "@/components/ui/card";

export default function Loading() {
  return (
    <div className="space-y-5" aria-busy="true" aria-label="Loading runs">
      <Skeleton className="h-4 w-48" />
      <div className="space-y-2">
        <Skeleton className="h-7 w-72" />
        <Skeleton className="h-4 w-96" />
      </div>
      <div className="flex gap-2">
        <Skeleton className="h-9 flex-1" />
        <Skeleton className="h-9 w-28" />
        <Skeleton className="h-9 w-28" />
        <Skeleton className="h-9 w-28" />
      </div>
      <div className="overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
        <div className="h-9 bg-zinc-50 dark:bg-zinc-900" />
        {Array.from({ length: 12 }, (_, i) => (
          <div key={i} className="flex items-center gap-6 border-t border-zinc-100 px-3 py-2.5 dark:border-zinc-800/70">
            <Skeleton className="h-4 w-4" />
            <Skeleton className="h-4 w-56" />
            <Skeleton className="h-4 w-20" />
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-4 w-16" />
            <Skeleton className="ml-auto h-4 w-20" />
            <Skeleton className="h-4 w-20" />
          </div>
        ))}
      </div>
    </div>
  );
}
