// One signed HTTP exchange with axios, reduced to what the client needs. The axios error is never kept: its
// config holds the signed headers (and so the security token); only its code and message are read.
import axios, { type AxiosInstance } from "axios";
import { signRequest, type Credentials } from "./signer";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface OutgoingRequest {
  method: HttpMethod;
  /** Absolute, with the query already encoded. */
  url: string;
  headers: Record<string, string>;
  /** The exact bytes sent and signed. */
  body?: string;
}

export type Exchange =
  | {
      kind: "answer";
      status: number;
      /** The `Date` header. */
      date?: string;
      retryAfter?: string;
      /** `X-Request-Id`: how Huawei's support finds the call. */
      requestId?: string;
      /** Parsed JSON, or the raw text when not JSON, or undefined when empty. */
      body: unknown;
    }
  | {
      kind: "network";
      /** ECONNREFUSED, ECONNRESET, ECONNABORTED (timeout)... */
      code: string;
      message: string;
      /** False only when the request surely never reached the server. */
      maybeSent: boolean;
    };

/** Failures that happen before a single byte of the request can have been received. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ERR_INVALID_URL",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

export function createHttp(): AxiosInstance {
  return axios.create({
    // The body is sent as the exact string that was signed; answers are parsed here, whatever their status.
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
    responseType: "text",
    validateStatus: () => true,
    // A redirect would replay a signed (maybe mutating) request elsewhere.
    maxRedirects: 0,
  });
}

export async function exchange(
  http: AxiosInstance,
  request: OutgoingRequest,
  creds: Credentials,
  options: { timeoutMs: number; noProxy: boolean },
): Promise<Exchange> {
  const headers = signRequest(request, creds, new Date());
  try {
    const response = await http.request<string>({
      method: request.method,
      url: request.url,
      headers,
      data: request.body,
      timeout: options.timeoutMs,
      ...(options.noProxy ? { proxy: false as const } : {}),
    });
    return {
      kind: "answer",
      status: response.status,
      date: headerValue(response.headers["date"]),
      retryAfter: headerValue(response.headers["retry-after"]),
      requestId: headerValue(response.headers["x-request-id"]),
      body: parseBody(response.data),
    };
  } catch (error) {
    const failure = error as { code?: unknown; message?: unknown };
    const code = typeof failure.code === "string" ? failure.code : "ERR_NETWORK";
    const message = typeof failure.message === "string" ? failure.message : "network error";
    return { kind: "network", code, message, maybeSent: !NOT_SENT_CODES.has(code) };
  }
}

function headerValue(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function parseBody(text: unknown): unknown {
  if (typeof text !== "string" || text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
