/**
 * Text as both databases can store it: PostgreSQL `text` rejects U+0000 outright (and one such value made a
 * whole batch of records fail), so NUL becomes U+FFFD, the character that already stands for undecodable bytes
 * in response content (delivery.md §9). The same on SQLite, so both show the same record.
 */
export function storableText<T extends string | null | undefined>(text: T): T {
  return (typeof text === "string" && text.includes("\0") ? text.replace(/\0/g, "\uFFFD") : text) as T;
}
