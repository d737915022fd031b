import type { Request } from "express";
import { DetailError } from "../errors";
import { JsonParseError, parseExact } from "../json/exact-parse";
import { JsonText } from "../json/json-text";
import { nestsDeeperThan } from "../json/nesting";
import { InboundRejection } from "../services/inbound/inbound-errors";
import type { InboundPayload } from "../services/inbound/inbound-payload";

/** 5 MiB: Alertmanager users are told to keep max_alerts under 100; a generous cap still bounds memory. */
export const INBOUND_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * The inbound body, parsed with its own rules (inbound.md §2 step 4), never the 1 MiB API parser: JSON (also
 * without a Content-Type) kept as the text received, form-urlencoded and multipart without files as objects of
 * string fields in the sender's order.
 */
export async function readInboundBody(req: Request, limit = INBOUND_BODY_LIMIT): Promise<InboundPayload> {
  const raw = await readRaw(req, limit);
  if (raw.length === 0) throw new InboundRejection(400, "Payload is required");
  const contentType = req.headers["content-type"];
  const mediaType = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (!contentType || mediaType === "application/json" || /^application\/[\w.+-]+\+json$/.test(mediaType)) {
    return parseJson(raw.toString("utf8"));
  }
  if (mediaType === "application/x-www-form-urlencoded") return fieldsPayload(lastValues(new URLSearchParams(raw.toString("utf8"))));
  if (mediaType === "multipart/form-data") return fieldsPayload(await parseMultipart(raw, contentType));
  throw new DetailError(415, `Unsupported media type "${contentType}" in request.`);
}

/**
 * The text itself is what gets stored, rendered and sent; the value is only read for decisions (shape, alerts[],
 * statuses), which V8's parser serves several times faster than the lossless one. Text it refuses, or text nested
 * too deep, goes through parseExact for the error message the API has always given.
 */
function parseJson(text: string): InboundPayload {
  try {
    if (!nestsDeeperThan(text)) return { value: JSON.parse(text), json: new JsonText(text) };
  } catch {
    // reported below, in parseExact's words
  }
  try {
    return { value: parseExact(text), json: new JsonText(text) };
  } catch (error) {
    if (error instanceof JsonParseError) throw new DetailError(400, error.message);
    throw error;
  }
}

function fieldsPayload(fields: Map<string, string>): InboundPayload {
  const members = [...fields].map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)}`);
  return { value: Object.fromEntries(fields), json: new JsonText(`{${members.join(", ")}}`) };
}

/** Node's fetch implementation parses multipart; any file part is refused. */
async function parseMultipart(raw: Buffer, contentType: string): Promise<Map<string, string>> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    throw new DetailError(400, `Multipart form parse error - ${(error as Error).message}`);
  }
  const fields = new Map<string, string>();
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") throw new InboundRejection(400, "File uploads are not allowed");
    fields.set(name, value);
  }
  return fields;
}

/** Repeated fields keep the last value at the first one's place, as Django's QueryDict.dict() does. */
function lastValues(params: URLSearchParams): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [name, value] of params) fields.set(name, value);
  return fields;
}

/**
 * Buffers the body up to `limit` bytes. Past the limit the rest is read and dropped, so the client can finish
 * sending and reads the 413 instead of a reset connection.
 */
function readRaw(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers["content-length"] ?? 0) > limit;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on("end", () => (tooLarge ? reject(new DetailError(413, "Request body too large.")) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}
