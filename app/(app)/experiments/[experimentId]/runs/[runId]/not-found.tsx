import Link from "next/link";
import { EmptyState } from "@/components/ui/card";

export default function RunNotFound() {
  return (
    <div className="mx-auto max-w-xl py-10">
      <EmptyState title="Run not found" action={<Link href="/experiments" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">Back to experiments</Link>}>
        No run has this ID. Check the link, or find the run from its experiment.
      </EmptyState>
    </div>
  );
}
