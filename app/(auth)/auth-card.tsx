export function AuthCard({ title, children, footer }: { title: string; children: React.ReactNode; footer?: React.ReactNode }) {
  return (
    <div className="mx-auto mt-16 w-full max-w-sm">
      <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="mb-5 text-lg font-semibold tracking-tight">{title}</h1>
        {children}
      </div>
      {footer && <div className="mt-4 text-center text-xs text-zinc-500 dark:text-zinc-400">{footer}</div>}
    </div>
  );
}
