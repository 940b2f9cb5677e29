import Link from "next/link";
import { EmptyState } from "@/components/ui/card";

export default function TraceNotFound() {
  return (
    <div className="mx-auto max-w-xl py-10">
      <EmptyState title="Trace not found" action={<Link href="/experiments" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">Back to experiments</Link>}>
        No trace has this ID, or it was deleted. Check the link, or find the trace in its experiment&apos;s Traces tab.
      </EmptyState>
    </div>
  );
}
