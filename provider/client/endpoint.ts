// Endpoint URLs: https everywhere, plain http only on loopback (the local emulator).
import { isIP } from "node:net";

export class InsecureEndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InsecureEndpointError";
  }
}

/** The base URL (no trailing slash) of an endpoint, refusing plain http:// unless the host is loopback. */
export function checkEndpoint(endpoint: string, setting: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InsecureEndpointError(`${setting} "${endpoint}" is not a URL: use https://host[:port]`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new InsecureEndpointError(
      `${setting} ${url.origin} uses plain http: https is required (http is only accepted on loopback, ` +
        `for the local emulator); use https://${url.host}${url.pathname === "/" ? "" : url.pathname}`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InsecureEndpointError(`${setting} "${endpoint}" must be an https:// URL`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new InsecureEndpointError(
      `${setting} "${url.origin}...": give only https://host[:port][/base path]`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** localhost, 127.0.0.0/8, ::1 (and 127/8 mapped into IPv6). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  // WHATWG URL writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
  if (isIP(host) === 6) return host === "::1" || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(host);
  return false;
}
