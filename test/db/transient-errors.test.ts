import { isTransientError } from "../../src/db/dialect";

// The recorder writes a refused record in reduced form, but only when the refusal is about the record: a busy
// database, a deadlock or a lost connection gets the same write again later instead.
describe("isTransientError", () => {
  test.each([
    [{ code: "SQLITE_BUSY" }, true],
    [{ code: "SQLITE_BUSY_SNAPSHOT" }, true],
    [{ code: "SQLITE_LOCKED" }, true],
    [{ driverError: { code: "40P01" } }, true], // deadlock
    [{ driverError: { code: "40001" } }, true], // serialization failure
    [{ driverError: { code: "57P01" } }, true], // admin shutdown
    [{ driverError: { code: "08006" } }, true], // connection failure
    [{ code: "ECONNRESET" }, true],
    [{ code: "SQLITE_CONSTRAINT_TRIGGER" }, false],
    [{ driverError: { code: "22021" } }, false], // invalid byte sequence (NUL in text)
    [{ driverError: { code: "P0001" } }, false], // raised by a trigger
    [new Error("no code"), false],
    [undefined, false],
  ])("%j → %s", (error, transient) => {
    expect(isTransientError(error)).toBe(transient);
  });
});
