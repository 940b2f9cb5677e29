// Progress of `npm run import`: one bar per phase (experiments, registered models, prompts,
// logged models, runs) with counts, throughput and an ETA, redrawn in place on a terminal and
// printed as a line every few seconds otherwise (CI logs, pipes).

const fmt = (n) => Math.round(n).toLocaleString("en-US");
const short = (n) => (n >= 1e9 ? `${(n / 1e9).toFixed(1)}G` : n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)}k` : fmt(n));
export const bytes = (n) => (n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GB` : n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1 << 10 ? `${(n / (1 << 10)).toFixed(0)} kB` : `${n} B`);
const clock = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;

export class Phase {
  constructor(name) {
    this.name = name;
    this.total = 0;
    /** True once every entity of the phase has been listed (the total is final). */
    this.listed = false;
    this.copied = 0;
    this.skipped = 0;
    this.failed = 0;
    this.points = 0;
    this.versions = 0;
    this.files = 0;
    this.bytes = 0;
    this.startedAt = Date.now();
    this.endedAt = null;
  }
  get done() {
    return this.copied + this.skipped + this.failed;
  }
  get seconds() {
    return ((this.endedAt ?? Date.now()) - this.startedAt) / 1000;
  }
  toJSON() {
    return { total: this.total, copied: this.copied, skipped: this.skipped, failed: this.failed, points: this.points, versions: this.versions, files: this.files, bytes: this.bytes, seconds: Math.round(this.seconds * 10) / 10 };
  }
  line(width = 24) {
    const s = Math.max(this.seconds, 0.001);
    const total = Math.max(this.total, this.done);
    const frac = total ? this.done / total : this.endedAt ? 1 : 0;
    const fill = Math.round(frac * width);
    const bar = "█".repeat(fill) + "░".repeat(width - fill);
    const parts = [`${this.name.padEnd(17)} ${bar} ${fmt(this.done)}/${this.listed ? fmt(total) : `${fmt(total)}+`}`];
    parts.push(`${(this.done / s).toFixed(this.done / s < 10 ? 1 : 0)}/s`);
    parts.push(`copied ${fmt(this.copied)}, unchanged ${fmt(this.skipped)}${this.failed ? `, failed ${fmt(this.failed)}` : ""}`);
    if (this.versions) parts.push(`${fmt(this.versions)} versions`);
    if (this.points) parts.push(`metrics ${short(this.points)} (${short(this.points / s)}/s)`);
    if (this.files) parts.push(`artifacts ${fmt(this.files)} files, ${bytes(this.bytes)} (${bytes(this.bytes / s)}/s)`);
    if (this.endedAt) parts.push(`done in ${clock(s)}`);
    else if (this.listed && this.done > 0 && this.done < total) parts.push(`ETA ${clock(((total - this.done) * s) / this.done)}`);
    return parts.join("  ");
  }
}

export class Progress {
  /** @param {{ stream?: NodeJS.WriteStream, mode?: "auto" | "tty" | "lines" | "none", intervalMs?: number }} [o] */
  constructor(o = {}) {
    this.stream = o.stream ?? process.stderr;
    const mode = o.mode ?? "auto";
    this.mode = mode === "auto" ? (this.stream.isTTY ? "tty" : "lines") : mode;
    this.intervalMs = o.intervalMs ?? (this.mode === "tty" ? 200 : 10_000);
    /** @type {Phase[]} */
    this.phases = [];
    this.drawn = 0;
    this.timer = null;
  }
  phase(name) {
    const p = new Phase(name);
    this.phases.push(p);
    this.start();
    return p;
  }
  end(p) {
    p.endedAt = Date.now();
    p.listed = true;
    if (this.mode === "lines") this.stream.write(`[import] ${p.line()}\n`);
    else this.draw();
  }
  start() {
    if (this.timer || this.mode === "none") return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }
  tick() {
    if (this.mode === "tty") this.draw();
    else if (this.mode === "lines") for (const p of this.phases) if (!p.endedAt) this.stream.write(`[import] ${p.line()}\n`);
  }
  /** Prints a message above the bars. */
  log(msg) {
    if (this.mode === "tty") {
      this.clear();
      this.stream.write(`${msg}\n`);
      this.draw();
    } else if (this.mode !== "none") this.stream.write(`${msg}\n`);
  }
  clear() {
    if (this.drawn) this.stream.write(`\x1b[${this.drawn}A\x1b[0J`);
    this.drawn = 0;
  }
  draw() {
    if (this.mode !== "tty") return;
    this.clear();
    const cols = this.stream.columns || 160;
    for (const p of this.phases) this.stream.write(`${p.line().slice(0, cols - 1)}\n`);
    this.drawn = this.phases.length;
  }
  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.draw();
  }
  snapshot() {
    const current = this.phases.find((p) => !p.endedAt);
    return { phase: current?.name ?? null, phases: Object.fromEntries(this.phases.map((p) => [p.name, p.toJSON()])) };
  }
}
