import { Skeleton } from "@/components/ui/card";

export default function Loading() {
  return (
    <div className="space-y-5" aria-busy="true" aria-label="Loading trace">
      <Skeleton className="h-4 w-72" />
      <Skeleton className="h-7 w-80" />
      <Skeleton className="h-24 w-full" />
      <div className="grid gap-5 xl:grid-cols-2">
        <Skeleton className="h-96 w-full" />
        <Skeleton className="h-96 w-full" />
      </div>
    </div>
  );
}
