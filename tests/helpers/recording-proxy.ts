// A loopback HTTP proxy that passes every request on unchanged (the Host header too, so signatures still hold)
// and keeps each exchange's bytes: what a client sent and what the server answered, exactly as on the wire.
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedExchange {
  method: string;
  /** Without the query string. */
  path: string;
  query: URLSearchParams;
  requestBody: string;
  status: number;
  responseBody: string;
}

export interface RecordingProxy {
  url: string;
  exchanges: RecordedExchange[];
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const exchanges: RecordedExchange[] = [];
  const server = createServer((req, res) => {
    const sent: Buffer[] = [];
    req.on("data", (chunk: Buffer) => sent.push(chunk));
    req.on("end", () => {
      const requestBody = Buffer.concat(sent);
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          const got: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => got.push(chunk));
          answer.on("end", () => {
            const responseBody = Buffer.concat(got);
            const url = new URL(req.url ?? "/", "http://proxy");
            exchanges.push({
              method: req.method ?? "",
              path: url.pathname,
              query: url.searchParams,
              requestBody: requestBody.toString("utf8"),
              status: answer.statusCode ?? 0,
              responseBody: responseBody.toString("utf8"),
            });
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(responseBody);
          });
        },
      );
      forward.on("error", () => res.socket?.destroy());
      forward.end(requestBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
