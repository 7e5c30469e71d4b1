// Small HTTP plumbing: reading a body with a size cap, answering JSON, splitting a request target.
import type { IncomingMessage, ServerResponse } from "node:http";

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

/** The client went away before its request was read. */
export class ClientGone extends Error {}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", () => reject(new ClientGone()));
    req.on("close", () => reject(new ClientGone()));
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (status === 204 || body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json;charset=UTF-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** The path as sent (still percent-encoded) and the decoded query, repeated keys as arrays. */
export function splitTarget(target: string): { rawPath: string; query: Record<string, string | string[]> } {
  const mark = target.indexOf("?");
  const rawPath = mark === -1 ? target : target.slice(0, mark);
  const query: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  if (mark !== -1) {
    for (const [key, value] of new URLSearchParams(target.slice(mark + 1))) {
      const seen = query[key];
      query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
  }
  return { rawPath, query };
}

/** Each segment percent-decoded; undefined when a segment is not valid percent-encoding. */
export function decodePath(rawPath: string): string | undefined {
  try {
    return rawPath.split("/").map(decodeURIComponent).join("/");
  } catch {
    return undefined;
  }
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4.startsWith("127.") || address === "::1";
}
