// Deadline, memory and size limits; the main thread stays responsive and workers are replaced.
import { TemplateRenderer } from "../../src/templating";

const DEADLINE = 300;
const items = Array.from({ length: 400 }, (_, i) => i);
const NESTED = "{% for a in l %}{% for b in l %}{% for c in l %}{% for d in l %}x{% endfor %}{% endfor %}{% endfor %}{% endfor %}";
const CATASTROPHIC = '{{ "' + "a".repeat(40) + '!" | regex_search("(a+)+$") }}';

describe("render limits", () => {
  const renderer = new TemplateRenderer({ deadlineMs: DEADLINE, workers: 2 });
  afterAll(() => renderer.close());

  beforeAll(async () => {
    // Start both workers (under jest they compile the TypeScript sources first).
    await Promise.all([renderer.render("{{ 1 }}", {}), renderer.render("{{ 2 }}", {})]);
  });

  it("stops nested loops over payload arrays at the deadline with a warning", async () => {
    const t0 = Date.now();
    const res = await renderer.render(NESTED, { l: items });
    const elapsed = Date.now() - t0;
    expect(res).toEqual({
      ok: false,
      failure: { kind: "warning", message: `Template Warning: template rendering exceeded the time limit (${DEADLINE} ms)`, limit: "time" },
    });
    expect(elapsed).toBeGreaterThanOrEqual(DEADLINE - 20);
    expect(elapsed).toBeLessThan(DEADLINE + 1500);
  });

  it("stops exponential macro recursion", async () => {
    const tpl = "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}";
    const res = await renderer.render(tpl, {});
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.failure.kind).toBe("warning");
  });

  it("stops string doubling before it exhausts memory", async () => {
    const tpl = '{% set ns = namespace(s="x") %}{% for i in l %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}';
    const res = await renderer.render(tpl, { l: items.slice(0, 64) });
    expect(res).toEqual({ ok: false, failure: { kind: "warning", message: expect.stringMatching(/^Template Warning: .*limit/), limit: expect.stringMatching(/^(time|memory)$/) } });
  });

  it("never blocks the main thread: a simple render and timers complete while a runaway one runs", async () => {
    const slow = renderer.render(NESTED, { l: items });
    let slowDone = false;
    void slow.then(() => (slowDone = true));
    const fast = await renderer.render("{{ 'fast' }}", {});
    expect(fast).toEqual({ ok: true, output: "fast" });
    expect(slowDone).toBe(false);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    expect(Date.now() - t0).toBeLessThan(200); // the event loop kept ticking
    expect((await slow).ok).toBe(false);
  });

  it("terminates and replaces a worker stuck in one uninterruptible regex", async () => {
    const t0 = Date.now();
    const [stuck, other] = await Promise.all([
      renderer.render(CATASTROPHIC, {}),
      renderer.render("{{ 40 + 2 }}", {}),
    ]);
    expect(other).toEqual({ ok: true, output: "42" });
    expect(stuck).toEqual({
      ok: false,
      failure: { kind: "warning", message: `Template Warning: template rendering exceeded the time limit (${DEADLINE} ms)`, limit: "time" },
    });
    expect(Date.now() - t0).toBeLessThan(DEADLINE + 5000);
    // The pool keeps working with fresh workers.
    const after = await Promise.all(Array.from({ length: 10 }, (_, i) => renderer.render("{{ n * 2 }}", { n: i })));
    expect(after.map((r) => (r.ok ? r.output : r.failure.message))).toEqual(Array.from({ length: 10 }, (_, i) => String(i * 2)));
  });

  it("re-queues renders batched behind a stuck one instead of failing them", async () => {
    const jobs = [renderer.render(CATASTROPHIC, {}), ...Array.from({ length: 40 }, (_, i) => renderer.render("{{ i }}", { i }))];
    const results = await Promise.all(jobs);
    expect(results[0].ok).toBe(false);
    expect(results.slice(1)).toEqual(Array.from({ length: 40 }, (_, i) => ({ ok: true, output: String(i) })));
  });

  it("survives a worker running out of memory", async () => {
    const tpl = "{% set acc = [] %}{% for i in l %}{% set _ = acc.append([i] * 20000000) %}{% endfor %}{{ acc | length }}";
    const res = await renderer.render(tpl, { l: items.slice(0, 100) });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.failure.kind).toBe("warning");
    expect(await renderer.render("{{ 'alive' }}", {})).toEqual({ ok: true, output: "alive" });
  }, 30000);

  it("cuts the output to 50000 characters followed by ..", async () => {
    const res = await renderer.render('{{ "a" * 60000 }}', {});
    expect(res).toEqual({ ok: true, output: "a".repeat(50000) + ".." });
    const emoji = await renderer.render('{{ "💾" * 50001 }}', {});
    expect(emoji).toEqual({ ok: true, output: "💾".repeat(50000) + ".." });
    const exact = await renderer.render('{{ "b" * 50000 }}', {});
    expect(exact).toEqual({ ok: true, output: "b".repeat(50000) });
  });

  it("still reports an error raised after the output cap was reached", async () => {
    const res = await renderer.render('{{ "a" * 60000 }}{{ 1 / 0 }}', {});
    expect(res).toEqual({ ok: false, failure: { kind: "error", message: "Template Error: division by zero" } });
  });

  it("rejects sources longer than 50000 characters (counted in code points)", async () => {
    const long = "a".repeat(50001);
    expect(await renderer.render(long, {})).toEqual({
      ok: false,
      failure: { kind: "error", message: "Template Error: Template exceeds length limit (50001 > 50000)" },
    });
    expect(await renderer.render("a".repeat(50000), {})).toEqual({ ok: true, output: "a".repeat(50000) });
    expect((await renderer.render("💾".repeat(50000), {})).ok).toBe(true);
    expect(await renderer.validate(long)).toBe("Template Error: Template exceeds length limit (50001 > 50000)");
  });

  it("reports maximum recursion depth as an error", async () => {
    const res = await renderer.render("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", {});
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.failure.kind).toBe("error");
  });
});
