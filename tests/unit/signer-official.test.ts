import { expect } from "chai";
import fc from "fast-check";
import { parse as legacyParseUrl } from "node:url";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials";
import { computeSignature, parseAuthorization, signRequest } from "../../provider/client/signer";

// Our signer against the official one (a dev dependency, used only here), on generated requests.

type Query = Record<string, string | string[]>;

interface Generated {
  method: string;
  host: string;
  path: string;
  query: Query;
  headers: Record<string, string>;
  data: object | undefined;
  securityToken: string | undefined;
  now: Date;
}

const RESERVED = new Set(["host", "x-sdk-date", "x-security-token", "authorization", "x-sdk-content-sha256"]);
const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");

const unicodeText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ maxLength: 12 }),
);
const pathSegment = unicodeText.map((s) => s.replace(/[?#]/g, ""));
const headerName = fc
  .string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 16 })
  .filter((name) => !RESERVED.has(name.toLowerCase()));
// Printable ASCII with inner and outer spaces: neither signer trims.
const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
});

const generated: fc.Arbitrary<Generated> = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "get"),
  host: fc.constantFrom(
    "bss.myhuaweicloud.com",
    "Bss-Intl.MyHuaweiCloud.com",
    "127.0.0.1:8787",
    "localhost:443",
    "[::1]:9000",
  ),
  path: fc.array(pathSegment, { maxLength: 5 }).map((segments) => segments.join("/")),
  query: fc.dictionary(
    fc.string({ maxLength: 8 }),
    fc.oneof(unicodeText, fc.array(unicodeText, { maxLength: 4 })),
    {
      maxKeys: 5,
    },
  ),
  headers: fc
    .uniqueArray(fc.tuple(headerName, headerValue), {
      selector: ([name]) => name.toLowerCase(),
      maxLength: 6,
    })
    .map((pairs) => Object.fromEntries(pairs)),
  data: fc.option(fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue())), {
    nil: undefined,
  }),
  securityToken: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
  now: fc.date({
    min: new Date("2000-01-01T00:00:00Z"),
    max: new Date("2099-12-31T23:59:59Z"),
    noInvalidDate: true,
  }),
});

function queryString(query: Query): string {
  return Object.entries(query)
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => [key, v]))
    .map(([key, v]) => `${encodeURIComponent(key)}=${encodeURIComponent(v)}`)
    .join("&");
}

function urlOf(g: Generated): string {
  const query = queryString(g.query);
  return `https://${g.host}/${g.path}${query ? `?${query}` : ""}`;
}

function sdkDate(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

function officialSign(g: Generated, ak: string, sk: string): Record<string, string> {
  const headers: Record<string, string> = { ...g.headers, "X-Sdk-Date": sdkDate(g.now) };
  // The official SDK adds the token header before signing (BaseCredentials.addAuthHeaders).
  if (g.securityToken !== undefined) headers["X-Security-Token"] = g.securityToken;
  const request = {
    method: g.method,
    endpoint: urlOf(g),
    queryParams: structuredClone(g.query),
    headers,
    data: g.data,
  };
  return AKSKSigner.sign(request, new BasicCredentials().withAk(ak).withSk(sk)) as Record<string, string>;
}

function oursSign(g: Generated, ak: string, sk: string): Record<string, string> {
  return signRequest(
    {
      method: g.method,
      url: urlOf(g),
      headers: g.headers,
      body: g.data === undefined ? undefined : JSON.stringify(g.data),
    },
    { accessKey: ak, secretKey: sk, securityToken: g.securityToken },
    g.now,
  );
}

const AK = "HPUAEXAMPLEAK0000001";
const SK = "example-secret-key-0123456789";

describe("signer: same headers as the official AKSKSigner", () => {
  it("signs generated requests byte for byte like the official signer", () => {
    fc.assert(
      fc.property(generated, (g) => {
        expect(oursSign(g, AK, SK)).to.deep.equal(officialSign(g, AK, SK));
      }),
      { numRuns: 600 },
    );
  });

  it("verifies its own signatures from the server's view (computeSignature + parseAuthorization)", () => {
    fc.assert(
      fc.property(generated, (g) => {
        const sent = oursSign(g, AK, SK);
        const auth = parseAuthorization(sent["Authorization"]);
        expect(auth).to.not.equal(undefined);
        if (!auth) return;
        const lower = Object.fromEntries(Object.entries(sent).map(([k, v]) => [k.toLowerCase(), v]));
        const parts = {
          method: g.method,
          path: legacyParseUrl(urlOf(g)).pathname ?? "/",
          query: g.query,
          headers: lower,
          signedHeaders: auth.signedHeaders,
          body: g.data === undefined ? "" : JSON.stringify(g.data),
          sdkDate: sent["X-Sdk-Date"],
        };
        expect(auth.accessKey).to.equal(AK);
        expect(computeSignature(parts, SK)).to.equal(auth.signature);
        expect(computeSignature(parts, `${SK}x`)).to.not.equal(auth.signature);
      }),
      { numRuns: 300 },
    );
  });

  it("matches on a plain BSS request with a body, X-Domain-Id and a token", () => {
    const g: Generated = {
      method: "POST",
      host: "bss.myhuaweicloud.com",
      path: "v2/orders/suscriptions/resources/query",
      query: {},
      headers: { "Content-Type": "application/json;charset=UTF-8", "X-Domain-Id": "0123456789abcdef" },
      data: { resource_ids: ["a", "b"], limit: 100 },
      securityToken: "token-value",
      now: new Date("2019-11-15T03:36:55Z"),
    };
    const ours = oursSign(g, AK, SK);
    expect(ours).to.deep.equal(officialSign(g, AK, SK));
    expect(ours["X-Sdk-Date"]).to.equal("20191115T033655Z");
    expect(ours["Authorization"]).to.match(
      /^SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, SignedHeaders=content-type;host;x-domain-id;x-sdk-date;x-security-token, Signature=[0-9a-f]{64}$/,
    );
  });

  it("drops a multipart content-type and honours X-Sdk-Content-Sha256 like the official signer", () => {
    const base: Generated = {
      method: "PUT",
      host: "127.0.0.1:8787",
      path: "upload/x y",
      query: { b: ["2", "1"], a: "é" },
      headers: {
        "content-type": "multipart/form-data; boundary=x",
        "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD",
      },
      data: { ignored: true },
      securityToken: undefined,
      now: new Date("2024-02-29T12:00:00Z"),
    };
    expect(oursSign(base, AK, SK)).to.deep.equal(officialSign(base, AK, SK));
  });

  it("parseAuthorization rejects malformed headers", () => {
    expect(parseAuthorization("Basic abc")).to.equal(undefined);
    expect(parseAuthorization("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=zz")).to.equal(
      undefined,
    );
    expect(
      parseAuthorization(
        `SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=${"a".repeat(64)}`,
      ),
    ).to.deep.equal({ accessKey: "AK", signedHeaders: ["host", "x-sdk-date"], signature: "a".repeat(64) });
  });
});
