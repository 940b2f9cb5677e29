"use client";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

/** react-markdown passes its syntax-tree `node` to custom components; it must not reach the DOM. */
function dom<P extends object>(p: P): Omit<P, "node"> {
  const rest = { ...p } as P & { node?: unknown };
  delete rest.node;
  return rest;
}

/** Markdown rendered with our typography; raw HTML is not rendered. `resolveSrc` maps relative image paths. */
export function Markdown({ text, resolveSrc }: { text: string; resolveSrc?: (src: string) => string }) {
  const components: Components = {
    h1: (p) => <h1 className="mt-6 mb-3 text-2xl font-semibold tracking-tight first:mt-0" {...dom(p)} />,
    h2: (p) => <h2 className="mt-6 mb-2 border-b border-zinc-200 pb-1 text-xl font-semibold first:mt-0 dark:border-zinc-800" {...dom(p)} />,
    h3: (p) => <h3 className="mt-5 mb-2 text-lg font-semibold first:mt-0" {...dom(p)} />,
    h4: (p) => <h4 className="mt-4 mb-2 font-semibold" {...dom(p)} />,
    p: (p) => <p className="my-3 leading-7" {...dom(p)} />,
    ul: (p) => <ul className="my-3 list-disc space-y-1 pl-6" {...dom(p)} />,
    ol: (p) => <ol className="my-3 list-decimal space-y-1 pl-6" {...dom(p)} />,
    blockquote: (p) => <blockquote className="my-3 border-l-4 border-zinc-300 pl-4 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400" {...dom(p)} />,
    a: ({ href, ...p }) => <a href={href} target="_blank" rel="noopener noreferrer" className="text-indigo-600 underline dark:text-indigo-400" {...dom(p)} />,
    code: ({ className, ...p }) => <code className={(className ?? "") + " rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.85em] dark:bg-zinc-800"} {...dom(p)} />,
    pre: (p) => <pre className="my-3 overflow-x-auto rounded-lg bg-zinc-100 p-3 text-sm dark:bg-zinc-900 [&_code]:bg-transparent [&_code]:p-0" {...dom(p)} />,
    table: (p) => (
      <div className="my-3 overflow-x-auto">
        <table className="w-full border-collapse text-sm" {...dom(p)} />
      </div>
    ),
    th: (p) => <th className="border border-zinc-200 bg-zinc-50 px-3 py-1.5 text-left font-medium dark:border-zinc-800 dark:bg-zinc-900" {...dom(p)} />,
    td: (p) => <td className="border border-zinc-200 px-3 py-1.5 dark:border-zinc-800" {...dom(p)} />,
    hr: () => <hr className="my-6 border-zinc-200 dark:border-zinc-800" />,
    // eslint-disable-next-line @next/next/no-img-element -- artifact images are arbitrary user files, not optimizable assets.
    img: ({ src, alt }) => <img src={typeof src === "string" && resolveSrc ? resolveSrc(src) : (src as string)} alt={alt ?? ""} className="my-3 max-w-full rounded" />,
  };
  return (
    <div className="text-sm text-zinc-800 dark:text-zinc-200">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
