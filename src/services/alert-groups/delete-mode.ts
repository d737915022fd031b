import { RawBodyError } from "../../errors";

export type DeleteMode = "wipe" | "delete";

/** `DELETE /alert_groups/{id}/` body: none, `{}` or `{"mode": "wipe"|"delete"}`; errors are bare JSON strings. */
export function parseDeleteMode(body: unknown): DeleteMode {
  if (body === undefined || body === "") return "wipe";
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new RawBodyError(400, "A dict with a `mode` key is expected");
  }
  const mode = "mode" in body ? (body as { mode: unknown }).mode : "wipe";
  if (mode !== "wipe" && mode !== "delete") throw new RawBodyError(400, "Invalid mode");
  return mode;
}
