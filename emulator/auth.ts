// The SDK-HMAC-SHA256 check, as Huawei's API gateway does it: the signature is recomputed with the shared
// signer (provider/client/signer.ts) from the request as it arrived, and the body hash is over the exact bytes
// received. X-Sdk-Date must be within 15 minutes of the real wall clock (not the virtual one).
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { computeSignature, parseAuthorization } from "../provider/client/signer";

export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const CONTENT_SHA256 = "x-sdk-content-sha256";
const SDK_DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export interface ArrivedRequest {
  method: string;
  /** As sent, still percent-encoded, without the query. */
  rawPath: string;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type AuthResult = { ok: true; accessKey: string } | { ok: false; message: string };

function fail(message: string): AuthResult {
  return { ok: false, message };
}

function parseSdkDate(text: string): number | undefined {
  const m = SDK_DATE_PATTERN.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(ms) ? undefined : ms;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

/** Checks the signature; the messages say what is wrong and never carry a secret. */
export function verifySignature(
  req: ArrivedRequest,
  secretKeyOf: (accessKey: string) => string | undefined,
  realNow: number,
): AuthResult {
  const header = req.headers.authorization;
  if (!header)
    return fail("The request is not signed: the Authorization header is missing (SDK-HMAC-SHA256)");
  const auth = parseAuthorization(header);
  if (!auth)
    return fail(
      "The Authorization header is malformed: expected SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=..",
    );
  if (!auth.signedHeaders.includes("host") || !auth.signedHeaders.includes("x-sdk-date")) {
    return fail("SignedHeaders must include host and x-sdk-date");
  }
  const headers = flatHeaders(req.headers);
  const missing = auth.signedHeaders.filter((name) => headers[name] === undefined);
  if (missing.length > 0) return fail(`Signed header(s) absent from the request: ${missing.join(", ")}`);
  const sdkDate = headers["x-sdk-date"];
  const signedAt = parseSdkDate(sdkDate);
  if (signedAt === undefined) return fail("X-Sdk-Date is not a UTC time YYYYMMDDTHHMMSSZ");
  if (Math.abs(realNow - signedAt) > MAX_CLOCK_SKEW_MS) {
    return fail("X-Sdk-Date is more than 15 minutes away from the server's clock: check the local clock");
  }
  const secretKey = secretKeyOf(auth.accessKey);
  if (secretKey === undefined) return fail("The access key is not known to this cloud");
  const bodyHash = createHash("sha256").update(req.body).digest("hex");
  if (headers[CONTENT_SHA256] !== undefined && headers[CONTENT_SHA256] !== bodyHash) {
    return fail("The body does not match X-Sdk-Content-Sha256");
  }
  // The signer hashes a body string; handing it the hash of the received bytes keeps the check byte-exact.
  const expected = computeSignature(
    {
      method: req.method,
      path: req.rawPath,
      query: req.query,
      headers: { ...headers, [CONTENT_SHA256]: bodyHash },
      signedHeaders: auth.signedHeaders,
      body: "",
      sdkDate,
    },
    secretKey,
  );
  const matches = timingSafeEqual(Buffer.from(expected, "hex"), Buffer.from(auth.signature, "hex"));
  return matches
    ? { ok: true, accessKey: auth.accessKey }
    : fail("The signature does not match: the request was altered, or signed with another secret key");
}
