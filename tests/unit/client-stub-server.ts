// A tiny node:http server for the client's unit tests: records each request (and whether its signature holds)
// and answers what the test's handler says, including dropped connections and answers that never come.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { KooPhoneClient, type ClientOptions } from "../../provider/client";
import { computeSignature, parseAuthorization } from "../../provider/client/signer";

export const STUB_CREDENTIALS = {
  accessKey: "STUBAK00000000000001",
  secretKey: "stub-secret-key-never-shown-0123",
  securityToken: "stub-security-token-never-shown-4567",
};

/** One phone's subscription, as the query answers it. */
export const STUB_RESOURCE = {
  id: "s-1",
  resource_id: "phone-1",
  status: 2,
  expire_time: "2030-01-01T15:59:59Z",
  expire_policy: 0,
};

export interface StubRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: string;
  /** Arrival time (ms since epoch). */
  at: number;
  signatureValid: boolean;
}

export type StubReply =
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Destroys the connection without answering. */
  | "reset"
  /** Never answers (until the stub closes). */
  | "hang";

export type StubHandler = (request: StubRequest, index: number) => StubReply;

export interface Stub {
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

export async function startStub(handler: StubHandler, secretKey = STUB_CREDENTIALS.secretKey): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = record(req, Buffer.concat(chunks).toString("utf8"), at, secretKey);
      requests.push(request);
      answer(res, handler(request, requests.length - 1));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function record(req: IncomingMessage, body: string, at: number, secretKey: string): StubRequest {
  const [path, search = ""] = (req.url ?? "/").split("?", 2);
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const seen = query[key];
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(",") : (value ?? ""),
    ]),
  );
  const auth = parseAuthorization(headers["authorization"] ?? "");
  const signatureValid =
    auth !== undefined &&
    computeSignature(
      {
        method: req.method ?? "",
        path,
        query,
        headers,
        signedHeaders: auth.signedHeaders,
        body,
        sdkDate: headers["x-sdk-date"] ?? "",
      },
      secretKey,
    ) === auth.signature;
  return { method: req.method ?? "", path, query, headers, body, at, signatureValid };
}

function answer(res: ServerResponse, reply: StubReply): void {
  if (reply === "reset") {
    res.socket?.destroy();
    return;
  }
  if (reply === "hang") return;
  const send = (): void => {
    if (res.destroyed) return;
    const text =
      reply.body === undefined
        ? ""
        : typeof reply.body === "string"
          ? reply.body
          : JSON.stringify(reply.body);
    res.writeHead(reply.status, { "Content-Type": "application/json", ...reply.headers });
    res.end(text);
  };
  if (reply.delayMs) setTimeout(send, reply.delayMs);
  else send();
}

/** A 200 JSON answer. */
export function ok(body?: unknown, headers?: Record<string, string>): StubReply {
  return { status: body === undefined ? 204 : 200, body, headers };
}

/** A Huawei error answer. */
export function fail(
  status: number,
  code?: string,
  message = "stub error",
  headers?: Record<string, string>,
): StubReply {
  return {
    status,
    body: code === undefined ? { error_msg: message } : { error_code: code, error_msg: message },
    headers,
  };
}

/** A client of the stub: fast backoff, no rate limiting to speak of, counting its attempts. */
export function stubClient(
  stub: Stub,
  options: Partial<ClientOptions> = {},
): { client: KooPhoneClient; calls: string[] } {
  const calls: string[] = [];
  const client = new KooPhoneClient({
    endpoint: stub.url,
    koophoneEndpoint: stub.url,
    credentials: STUB_CREDENTIALS,
    timeoutMs: 2000,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    callsPerSecond: 1000,
    onCall: (api) => calls.push(api),
    ...options,
  });
  return { client, calls };
}
