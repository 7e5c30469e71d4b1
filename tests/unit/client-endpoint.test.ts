import { expect } from "chai";
import { InsecureEndpointError, KooPhoneClient, checkEndpoint, isLoopbackHost } from "../../provider/client";

const credentials = { accessKey: "AK", secretKey: "SK" };

describe("client: endpoints", () => {
  it("refuses plain http on a non-loopback host, naming the endpoint and asking for https", () => {
    expect(
      () =>
        new KooPhoneClient({
          endpoint: "http://bss.myhuaweicloud.com",
          koophoneEndpoint: "https://k",
          credentials,
        }),
    )
      .to.throw(InsecureEndpointError)
      .with.property("message")
      .that.includes("koophone:endpoint http://bss.myhuaweicloud.com")
      .and.includes("https is required");
    expect(
      () =>
        new KooPhoneClient({
          endpoint: "https://bss",
          koophoneEndpoint: "http://10.0.0.8:8080",
          credentials,
        }),
    ).to.throw(/koophone:koophoneEndpoint http:\/\/10\.0\.0\.8:8080 uses plain http: https is required/);
  });

  it("accepts https anywhere and http on loopback", () => {
    for (const endpoint of [
      "https://bss.myhuaweicloud.com",
      "https://bss-intl.myhuaweicloud.com/",
      "http://127.0.0.1:8787",
      "http://127.8.9.10",
      "http://localhost:1234",
      "http://[::1]:9000",
    ]) {
      expect(() => checkEndpoint(endpoint, "koophone:endpoint")).to.not.throw();
    }
    expect(checkEndpoint("https://bss.myhuaweicloud.com/", "x")).to.equal("https://bss.myhuaweicloud.com");
    expect(checkEndpoint("http://127.0.0.1:8787/base/", "x")).to.equal("http://127.0.0.1:8787/base");
  });

  it("refuses what is not an http(s) base URL", () => {
    for (const endpoint of ["bss.myhuaweicloud.com", "ftp://127.0.0.1", "https://h/?a=1", "https://u:p@h"]) {
      expect(() => checkEndpoint(endpoint, "koophone:endpoint")).to.throw(InsecureEndpointError);
    }
  });

  it("knows loopback hosts", () => {
    expect(
      ["localhost", "127.0.0.1", "127.255.0.1", "[::1]", "::1", "[::ffff:7f00:1]"].map(isLoopbackHost),
    ).to.deep.equal([true, true, true, true, true, true]);
    expect(
      ["10.0.0.1", "128.0.0.1", "example.com", "::2", "localhost.example.com"].map(isLoopbackHost),
    ).to.deep.equal([false, false, false, false, false]);
  });
});
