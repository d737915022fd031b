import type { Request } from "express";
import { DetailError } from "../errors";
import { InboundRejection } from "../services/inbound/inbound-errors";

/** 5 MiB: Alertmanager users are told to keep max_alerts under 100; a generous cap still bounds memory. */
export const INBOUND_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * The inbound body, parsed with its own rules (inbound.md §2 step 4), never the 1 MiB API parser: JSON (also
 * without a Content-Type), form-urlencoded and multipart without files as objects of string fields.
 */
export async function readInboundBody(req: Request, limit = INBOUND_BODY_LIMIT): Promise<unknown> {
  const raw = await readRaw(req, limit);
  if (raw.length === 0) throw new InboundRejection(400, "Payload is required");
  const contentType = req.headers["content-type"];
  const mediaType = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (!contentType || mediaType === "application/json" || /^application\/[\w.+-]+\+json$/.test(mediaType)) {
    return parseJson(raw.toString("utf8"));
  }
  if (mediaType === "application/x-www-form-urlencoded") return lastValues(new URLSearchParams(raw.toString("utf8")));
  if (mediaType === "multipart/form-data") return parseMultipart(raw, contentType);
  throw new DetailError(415, `Unsupported media type "${contentType}" in request.`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DetailError(400, `JSON parse error - ${(error as Error).message}`);
  }
}

/** Node's fetch implementation parses multipart; any file part is refused. */
async function parseMultipart(raw: Buffer, contentType: string): Promise<Record<string, string>> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    throw new DetailError(400, `Multipart form parse error - ${(error as Error).message}`);
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") throw new InboundRejection(400, "File uploads are not allowed");
    fields[name] = value;
  }
  return fields;
}

/** Repeated fields keep the last value, as Django's QueryDict.dict() does. */
function lastValues(params: URLSearchParams): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of params) fields[name] = value;
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
