import { TickLoop } from "../../src/services/tick-loop";
import { eventually } from "../helpers/fixtures";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A job that blocks until released, counting its runs. */
function gatedJob() {
  let release: () => void = () => {};
  let gate = Promise.resolve();
  const state = {
    runs: 0,
    active: 0,
    maxActive: 0,
    close() {
      gate = new Promise<void>((r) => (release = r));
    },
    open() {
      release();
      gate = Promise.resolve();
    },
    job: async () => {
      state.runs++;
      state.active++;
      state.maxActive = Math.max(state.maxActive, state.active);
      await gate;
      state.active--;
    },
  };
  return state;
}

describe("TickLoop (the scheduler's back-pressure)", () => {
  it("runs at start, then again after each run ends", async () => {
    const g = gatedJob();
    const loop = new TickLoop(10, g.job);
    await loop.start();
    expect(g.runs).toBe(1);
    await eventually(async () => g.runs >= 4);
    await loop.stop();
  });

  it("a slow run delays the next one: no run starts while one is in progress, none piles up behind it", async () => {
    const g = gatedJob();
    const loop = new TickLoop(10, g.job);
    await loop.start();
    g.close();
    await eventually(async () => g.active === 1); // the next run started and now blocks
    const runsWhenBlocked = g.runs;
    await sleep(300); // 30 ticks' worth while blocked
    expect(g.runs).toBe(runsWhenBlocked);
    g.open();
    await loop.stop(); // waits for the blocked run; nothing queued behind it runs afterwards
    expect(g.runs).toBe(runsWhenBlocked);
    expect(g.maxActive).toBe(1);
  });

  it("no run starts after stop()", async () => {
    const g = gatedJob();
    const loop = new TickLoop(10, g.job);
    await loop.start();
    await loop.stop();
    const runs = g.runs;
    await sleep(100);
    expect(g.runs).toBe(runs);
  });

  it("a run that fails is reported and the loop goes on", async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const loop = new TickLoop(10, async () => {
      if (++runs === 2) throw new Error("database is locked");
    }, (e) => errors.push(e));
    await loop.start();
    await eventually(async () => runs >= 3);
    await loop.stop();
    expect(errors).toEqual([new Error("database is locked")]);
  });
});
