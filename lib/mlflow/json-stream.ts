import "server-only";

// A JSON answer written as it is produced (a web ReadableStream), for answers too large to build
// whole: the metric history of a long run is 100+ MB of JSON. The producer yields text pieces
// whose concatenation is the JSON document; each is encoded and handed over only when the
// client's connection asks for more (pull), so memory stays that of one piece and a slow
// client slows the database reads down instead of filling the heap. When the client goes away
// the stream is cancelled and `close` runs (the database cursor is closed). An error after the
// first byte can only cut the answer short (the status line is gone); producers check
// everything they can before they return the stream.

const encoder = new TextEncoder();

export function jsonStreamResponse(pieces: AsyncIterator<string, void, undefined>, close: () => Promise<void>): Response {
  let closed = false;
  const finish = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const r = await pieces.next();
          if (r.done) {
            await finish();
            controller.close();
          } else controller.enqueue(encoder.encode(r.value));
        } catch (e) {
          console.error("[runboard] streamed answer cut short", e instanceof Error ? e.message : e);
          await finish().catch(() => {});
          controller.error(e);
        }
      },
      async cancel() {
        await pieces.return?.();
        await finish();
      },
    },
    // One piece queued at most: the next is produced when the previous has been taken.
    { highWaterMark: 1 },
  );
  return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
}
