// Raw HTTP calls signed by the official @huaweicloud/huaweicloud-sdk-core AKSKSigner (a dev dependency: only
// tests use it), so the emulator's tests do not depend on the project's own client or signer.
import http, { IncomingHttpHeaders } from "node:http";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import type { ICredential } from "@huaweicloud/huaweicloud-sdk-core/auth/ICredential";
import { DEFAULT_CREDENTIALS } from "../../emulator";

export interface Keys {
  accessKey: string;
  secretKey: string;
}

export interface Call {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string | string[]>;
  /** Sent as JSON.stringify(body), the bytes the official signer hashes. */
  body?: unknown;
  headers?: Record<string, string>;
  keys?: Keys;
  /** Signing time (X-Sdk-Date); default now. */
  signedAt?: Date;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed JSON body (undefined when there is none). */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary wire fields
}

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

function sdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

function queryString(query: Record<string, string | string[]> | undefined): string {
  if (!query) return "";
  const pairs = Object.entries(query).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map(
      (v) => `${encodeURIComponent(key)}=${encodeURIComponent(v)}`,
    ),
  );
  return pairs.length > 0 ? `?${pairs.join("&")}` : "";
}

/** The request a client would send, with the headers the official signer returns. */
export function officialSigned(baseUrl: string, call: Call): RawRequest {
  const keys = call.keys ?? DEFAULT_CREDENTIALS;
  const headers: Record<string, string> = { "Content-Type": "application/json", ...call.headers };
  if (call.signedAt) headers["X-Sdk-Date"] = sdkDate(call.signedAt);
  const credential = { getAk: () => keys.accessKey, getSk: () => keys.secretKey } as unknown as ICredential;
  const signed = AKSKSigner.sign(
    {
      endpoint: `${baseUrl}${call.path}`,
      method: call.method,
      headers,
      queryParams: call.query,
      data: call.body,
    },
    credential,
  ) as Record<string, string>;
  return {
    method: call.method,
    url: `${baseUrl}${call.path}${queryString(call.query)}`,
    headers: signed,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  };
}

/** Sends a request as is; rejects on a connection error (reset, hang up). */
export function send(req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      req.url,
      { method: req.method, headers: req.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: text ? JSON.parse(text) : undefined,
          });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(req.body);
  });
}

export function signedCall(baseUrl: string, call: Call): Promise<RawResponse> {
  return send(officialSigned(baseUrl, call));
}

/** A small API client over signedCall for the emulator's tests. */
export class RawApi {
  constructor(readonly baseUrl: string) {}

  call(call: Call): Promise<RawResponse> {
    return signedCall(this.baseUrl, call);
  }

  query(body: unknown): Promise<RawResponse> {
    return this.call({ method: "POST", path: "/v2/orders/suscriptions/resources/query", body });
  }

  renew(body: unknown): Promise<RawResponse> {
    return this.call({ method: "POST", path: "/v2/orders/subscriptions/resources/renew", body });
  }

  rate(body: unknown): Promise<RawResponse> {
    return this.call({ method: "POST", path: "/v2/bills/ratings/period-resources/renew-rate", body });
  }

  autoRenewOn(resourceId: string, body?: unknown): Promise<RawResponse> {
    return this.call({
      method: "POST",
      path: `/v2/orders/subscriptions/resources/autorenew/${resourceId}`,
      body,
    });
  }

  autoRenewOff(resourceId: string): Promise<RawResponse> {
    return this.call({
      method: "DELETE",
      path: `/v2/orders/subscriptions/resources/autorenew/${resourceId}`,
    });
  }

  toOnDemand(body: unknown): Promise<RawResponse> {
    return this.call({ method: "POST", path: "/v2/orders/subscriptions/resources/to-on-demand", body });
  }

  renewConfig(body: unknown): Promise<RawResponse> {
    return this.call({ method: "POST", path: "/v2/orders/subscriptions/resources/renew/config", body });
  }

  pay(orderId: string): Promise<RawResponse> {
    return this.call({
      method: "POST",
      path: "/v3/orders/customer-orders/pay",
      body: { order_id: orderId, use_coupon: "NO", use_discount: "NO" },
    });
  }

  listOrders(query: Record<string, string> = {}): Promise<RawResponse> {
    return this.call({ method: "GET", path: "/v2/orders/customer-orders", query });
  }

  order(orderId: string): Promise<RawResponse> {
    return this.call({ method: "GET", path: `/v2/orders/customer-orders/details/${orderId}` });
  }

  cancel(orderId: string): Promise<RawResponse> {
    return this.call({
      method: "PUT",
      path: "/v2/orders/customer-orders/cancel",
      body: { order_id: orderId },
    });
  }

  instances(query: Record<string, string>): Promise<RawResponse> {
    return this.call({ method: "GET", path: "/v1/instances/batch-query", query });
  }

  instanceStatus(ids: string[]): Promise<RawResponse> {
    return this.call({
      method: "POST",
      path: "/v1/instances/batch-query-status",
      body: { instance_ids: ids },
    });
  }

  balances(): Promise<RawResponse> {
    return this.call({ method: "GET", path: "/v2/accounts/customer-accounts/balances" });
  }
}
