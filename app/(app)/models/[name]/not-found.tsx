import Link from "next/link";
import { EmptyState } from "@/components/ui/card";

export default function ModelNotFound() {
  return (
    <div className="mx-auto max-w-xl py-10">
      <EmptyState title="Model or version not found" action={<Link href="/models" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">Back to models</Link>}>
        The registered model or version in the link does not exist (it may have been deleted). Prompts are listed under Prompts.
      </EmptyState>
    </div>
  );
}
