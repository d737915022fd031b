// Preloaded into a child server (NODE_OPTIONS=--require) to give it a wrong clock: Date reads real time plus
// OUTHOOK_TEST_CLOCK_OFFSET_MS. Only Date is shifted; timers and the database keep real time.
const offset = Number(process.env.OUTHOOK_TEST_CLOCK_OFFSET_MS || 0);
const RealDate = Date;
class SkewedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offset;
  }
}
globalThis.Date = SkewedDate;
