// SDK-HMAC-SHA256 (Huawei Cloud AK/SK) request signing, byte for byte the canonicalization of `AKSKSigner.sign`
// in @huaweicloud/huaweicloud-sdk-core. Hand-written because that package is a heavy SDK core (moment, lodash,
// log4js...) not meant as a dependency of the provider; tests/unit/signer-official.test.ts cross-checks the two.
//
// A server verifies a request with `parseAuthorization` + `computeSignature`, passing the path exactly as it
// arrived (still percent-encoded), the decoded query, the lower-cased headers and the raw body.
import { createHash, createHmac } from "node:crypto";

export interface Credentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
}

export interface SignableRequest {
  method: string;
  /** Absolute URL, with the query string. */
  url: string;
  headers: Record<string, string>;
  /** The exact bytes sent: JSON.stringify(body). */
  body?: string;
}

type QueryParams = Record<string, string | string[]>;

const ALGORITHM = "SDK-HMAC-SHA256";
const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const CONTENT_SHA256_HEADER = "X-Sdk-Content-Sha256";

/** Signs a request: returns the given headers plus host, X-Sdk-Date, X-Security-Token (if any), Authorization. */
export function signRequest(req: SignableRequest, creds: Credentials, now: Date): Record<string, string> {
  const url = splitUrl(req.url);
  const sdkDate = formatSdkDate(now);
  const headers: Record<string, string> = withoutMultipartContentType(req.headers);
  if (creds.securityToken !== undefined) headers["X-Security-Token"] = creds.securityToken;
  // Same insertion order as the official signer (given headers, then date, then host): it decides the order of
  // names that only differ by case.
  Object.assign(headers, { "X-Sdk-Date": sdkDate, host: req.headers["host"] || url.host });

  const names = Object.keys(headers);
  const signedHeaderNames = sortByCodeUnits(names, (name) => name.toLocaleLowerCase())
    .join(";")
    .toLocaleLowerCase();
  const headerLines = names.map((name): [string, string] => [name.toLocaleLowerCase(), headers[name]]);
  const signature = hmacHex(
    creds.secretKey,
    stringToSign(
      sdkDate,
      canonicalRequest(
        req.method,
        canonicalUri(url.path),
        canonicalQueryString(parseQuery(url.query)),
        canonicalHeaders(headerLines),
        signedHeaderNames,
        headers[CONTENT_SHA256_HEADER] ?? payloadHash(req.body),
      ),
    ),
  );
  headers["Authorization"] =
    `${ALGORITHM} Access=${creds.accessKey}, SignedHeaders=${signedHeaderNames}, Signature=${signature}`;
  return headers;
}

/** The signature a request should carry, from its parts as a server sees them. */
export function computeSignature(
  parts: {
    method: string;
    /** The request path as sent, still percent-encoded, without the query. */
    path: string;
    /** Decoded query parameters; repeated keys as arrays. */
    query: Record<string, string | string[]>;
    /** Lower-case names -> values. */
    headers: Record<string, string>;
    /** As listed in the Authorization header. */
    signedHeaders: string[];
    body: string;
    sdkDate: string;
  },
  secretKey: string,
): string {
  const headerLines = parts.signedHeaders.map((name): [string, string] => [name, parts.headers[name] ?? ""]);
  return hmacHex(
    secretKey,
    stringToSign(
      parts.sdkDate,
      canonicalRequest(
        parts.method,
        canonicalUri(parts.path),
        canonicalQueryString(parts.query),
        canonicalHeaders(headerLines),
        parts.signedHeaders.join(";"),
        parts.headers[CONTENT_SHA256_HEADER.toLowerCase()] ?? payloadHash(parts.body),
      ),
    ),
  );
}

const AUTHORIZATION_PATTERN =
  /^SDK-HMAC-SHA256\s+Access=([^\s,]+),\s*SignedHeaders=([^\s,]+),\s*Signature=([0-9a-f]{64})\s*$/;

/** Splits an `Authorization: SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=..` header. */
export function parseAuthorization(
  header: string,
): { accessKey: string; signedHeaders: string[]; signature: string } | undefined {
  const match = AUTHORIZATION_PATTERN.exec(header);
  if (!match) return undefined;
  return { accessKey: match[1], signedHeaders: match[2].split(";"), signature: match[3] };
}

function formatSdkDate(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

function stringToSign(sdkDate: string, canonical: string): string {
  return [ALGORITHM, sdkDate, sha256Hex(canonical)].join("\n");
}

function canonicalRequest(...parts: string[]): string {
  return parts.join("\n");
}

function payloadHash(body: string | undefined): string {
  return body ? sha256Hex(body) : EMPTY_BODY_SHA256;
}

/** Every segment URI-encoded (a `%` becomes `%25`), and a trailing `/` appended. */
function canonicalUri(path: string): string {
  if (!path) return path;
  const encoded = path.split("/").map(uriEncode).join("/");
  return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

function canonicalQueryString(query: QueryParams): string {
  const pairs: string[] = [];
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    const values = Array.isArray(value) ? [...value].sort() : [value];
    for (const v of values) pairs.push(`${uriEncode(key)}=${uriEncode(v)}`);
  }
  return pairs.join("&");
}

/** `name:value\n` per header, ordered like the official signer (localeCompare of the lower-case names). */
function canonicalHeaders(lines: [string, string][]): string {
  return [...lines]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}:${value}\n`)
    .join("");
}

/** A stable sort by key with `<`/`>` (what lodash's sortBy does for strings). */
function sortByCodeUnits(items: string[], key: (item: string) => string): string[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** A copy without a multipart content-type, nor a `__proto__` name (the official Object.assign drops it). */
function withoutMultipartContentType(headers: Record<string, string>): Record<string, string> {
  const copy = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "__proto__"));
  if (copy["content-type"]?.includes("multipart/form-data")) delete copy["content-type"];
  return copy;
}

/** Unreserved ASCII left as is: A-Z a-z 0-9 - . _ ~ (the official signer's noEscape table). */
function isUnreserved(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x2d ||
    code === 0x2e ||
    code === 0x5f ||
    code === 0x7e
  );
}

function percent(byte: number): string {
  return `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}

/** UTF-8 percent-encoding of everything but unreserved ASCII, mirroring the official urlEncode (including how
 * it treats a lone surrogate). */
function uriEncode(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; ++i) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out += isUnreserved(c) ? text[i] : percent(c);
    } else if (c < 0x800) {
      out += percent(0xc0 | (c >> 6)) + percent(0x80 | (c & 0x3f));
    } else if (c < 0xd800 || c >= 0xe000) {
      out += percent(0xe0 | (c >> 12)) + percent(0x80 | ((c >> 6) & 0x3f)) + percent(0x80 | (c & 0x3f));
    } else {
      ++i;
      if (i >= text.length) throw new Error("ERR_INVALID_URI: a lone surrogate ends the string");
      c = 0x10000 + (((c & 0x3ff) << 10) | (text.charCodeAt(i) & 0x3ff));
      out +=
        percent(0xf0 | (c >> 18)) +
        percent(0x80 | ((c >> 12) & 0x3f)) +
        percent(0x80 | ((c >> 6) & 0x3f)) +
        percent(0x80 | (c & 0x3f));
    }
  }
  return out;
}

/** Whitespace as Node's url.parse trims it from both ends. */
function isUrlWhitespace(code: number): boolean {
  return code < 33 || code === 0xa0 || code === 0xfeff;
}

/** Characters url.parse escapes in a path (the official signer reads the path through url.parse). */
const AUTO_ESCAPED = new Map<string, string>(
  ["\t", "\n", "\r", " ", '"', "'", "<", ">", "\\", "^", "`", "{", "|", "}"].map((ch) => [
    ch,
    percent(ch.charCodeAt(0)),
  ]),
);

const URL_PATTERN = /^https?:\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/i;
const HOST_PATTERN = /^(?:[^@]*@)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d*))?$/;

/** Host, path and raw query of an absolute URL, the way url.parse (used by the official signer) reads them. */
function splitUrl(raw: string): { host: string; path: string; query: string } {
  let start = 0;
  let end = raw.length;
  while (start < end && isUrlWhitespace(raw.charCodeAt(start))) start++;
  while (end > start && isUrlWhitespace(raw.charCodeAt(end - 1))) end--;
  const trimmed = raw.slice(start, end);
  const split = trimmed.search(/[?#]/);
  const beforeQuery = split === -1 ? trimmed : trimmed.slice(0, split);
  const url = beforeQuery.replace(/\\/g, "/") + (split === -1 ? "" : trimmed.slice(split));

  const match = URL_PATTERN.exec(url);
  const host = match ? HOST_PATTERN.exec(match[1]) : null;
  if (!match || !host)
    throw new Error("cannot sign: the URL must be absolute http(s) with a plain host name");
  const path = [...match[2]].map((ch) => AUTO_ESCAPED.get(ch) ?? ch).join("");
  const hostName = host[1].toLowerCase();
  return { host: host[2] ? `${hostName}:${host[2]}` : hostName, path: path || "/", query: match[3] ?? "" };
}

/** Decoded query parameters, repeated keys gathered into arrays. */
function parseQuery(query: string): QueryParams {
  const params: QueryParams = Object.create(null) as QueryParams;
  for (const [key, value] of new URLSearchParams(query)) {
    const seen = params[key];
    params[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function hmacHex(key: string, text: string): string {
  return createHmac("sha256", key).update(text).digest("hex");
}
