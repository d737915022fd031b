// Streams a response body with a byte limit and a deadline, decoding gzip/deflate/br ourselves
// (axios runs with decompress:false so the raw Content-Length/Content-Encoding stay visible).
import { pipeline, type Readable } from "node:stream";
import zlib from "node:zlib";

export type BodyResult = { kind: "body"; bytes: Buffer } | { kind: "too_large"; size: number };

export class BodyDecodeError extends Error {}

function decoderFor(encoding: string): zlib.Gunzip | zlib.Unzip | zlib.BrotliDecompress | null {
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip(flush);
    case "deflate":
      return zlib.createUnzip(flush); // zlib-wrapped deflate, as servers send it
    case "br":
      return zlib.createBrotliDecompress();
    default:
      return null; // identity or unknown: keep the bytes as they are
  }
}

export async function readBody(
  raw: Readable,
  headers: { contentLength?: number; contentEncoding?: string },
  limit: number,
  signal: AbortSignal,
): Promise<BodyResult> {
  const encoding = (headers.contentEncoding ?? "").trim().toLowerCase();
  const decoder = decoderFor(encoding);
  // Declared and uncompressed: we know the size without reading anything.
  if (!decoder && headers.contentLength !== undefined && headers.contentLength > limit) {
    raw.destroy();
    return { kind: "too_large", size: headers.contentLength };
  }
  const source: Readable = decoder ? pipeline(raw, decoder, () => {}) : raw;
  const stop = () => {
    raw.destroy();
    source.destroy(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
  };
  if (signal.aborted) stop();
  signal.addEventListener("abort", stop, { once: true });
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source) {
      total += (chunk as Buffer).length;
      if (total > limit) {
        raw.destroy(); // stop reading: the rest is never downloaded
        return { kind: "too_large", size: total };
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (decoder && !signal.aborted && /^Z_|BROTLI/.test((err as { code?: string }).code ?? "")) {
      throw new BodyDecodeError(`Failed to decode ${encoding} response body: ${(err as Error).message}`);
    }
    throw err;
  } finally {
    signal.removeEventListener("abort", stop);
  }
  return { kind: "body", bytes: Buffer.concat(chunks) };
}
