import Link from "next/link";
import { EmptyState } from "@/components/ui/card";

export default function PromptNotFound() {
  return (
    <div className="mx-auto max-w-xl py-10">
      <EmptyState title="Prompt or version not found" action={<Link href="/prompts" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">Back to prompts</Link>}>
        The prompt, version or alias in the link does not exist (it may have been deleted), or the name belongs to a registered model.
      </EmptyState>
    </div>
  );
}
