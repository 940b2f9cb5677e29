import Link from "next/link";
import { EmptyState } from "@/components/ui/card";

export default function ExperimentNotFound() {
  return (
    <div className="mx-auto max-w-xl py-10">
      <EmptyState title="Experiment not found" action={<Link href="/experiments" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">Back to experiments</Link>}>
        It may have been deleted permanently, or the link is wrong. Deleted experiments can be restored from “Show deleted”.
      </EmptyState>
    </div>
  );
}
