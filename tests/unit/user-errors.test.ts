import { expect } from "chai";
import { InsecureEndpointError } from "../../provider/client/endpoint";
import { AuthenticationError, ConnectionError, RateLimitError } from "../../provider/client/errors";
import { ConfigurationError } from "../../provider/configuration";
import { MoneyGuardError, RenewalError } from "../../provider/renewal/errors";
import { isUserError, presentedError, presentErrors, UserFacingError } from "../../provider/user-errors";
import { verbosityOf } from "../../provider/client/debug-log";

const STACK_FRAME = /^\s*at\s/m;

/** What reaches stderr (console.error writes there) while `run` runs. */
function stderrOf(run: () => void): string {
  const write = process.stderr.write.bind(process.stderr);
  let captured = "";
  process.stderr.write = ((chunk: string | Uint8Array) => {
    captured += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    run();
  } finally {
    process.stderr.write = write;
  }
  return captured;
}

describe("user errors", () => {
  const auth = new AuthenticationError({
    api: "query",
    httpStatus: 401,
    code: "APIGW.0301",
    resourceIds: ["p1"],
  });

  it("knows the client's, the renewal's and the configuration's errors, themselves or as a cause", () => {
    const known = [
      auth,
      new ConnectionError({ api: "query", networkCode: "ECONNREFUSED" }),
      new RateLimitError({ api: "renew", retryAfterMs: 1000 }),
      new RenewalError("renewal of p1 failed", ["p1"], "CBC.99005003"),
      new MoneyGuardError([{ phoneId: "p1", amount: 300, limit: 100 }], "CNY"),
      new ConfigurationError("missing credentials"),
      new InsecureEndpointError("koophone:endpoint must be an https:// URL"),
      new Error("phone p1: cannot read its subscription", { cause: auth }),
    ];
    expect(known.map(isUserError)).to.deep.equal(known.map(() => true));
  });

  it("takes anything else for a bug", () => {
    const bugs = [
      new TypeError("x is not iterable"),
      new Error("plain"),
      new Error("wraps a bug", { cause: new RangeError("out of range") }),
      "a string",
      { message: "an object" },
      undefined,
    ];
    expect(bugs.map(isUserError)).to.deep.equal(bugs.map(() => false));
  });

  it("presents a user error as its message alone, without a stack frame", () => {
    const presented = presentedError("create", auth, 0);
    expect(presented).to.be.instanceOf(UserFacingError);
    expect((presented as Error).message).to.equal(auth.message);
    expect((presented as Error).stack).to.equal(auth.message);
    expect(String((presented as Error).stack)).to.not.match(STACK_FRAME);
  });

  it("hands a bug and a partial failure on untouched", () => {
    const bug = new TypeError("boom");
    const partial = Object.assign(new Error("p1: auto-renew failed", { cause: auth }), {
      id: "p1",
      properties: { phoneId: "p1" },
      reasons: ["p1: auto-renew failed"],
    });
    expect(presentedError("check", bug, 0)).to.equal(bug);
    expect(presentedError("update", partial, 0)).to.equal(partial);
  });

  it("drops the host's stderr echo of a failed check, and only that line", () => {
    const presented = presentedError("check", auth, 0) as Error;
    const echoed = stderrOf(() => {
      console.error(`${presented}: ${presented.stack}`);
      console.error("another line");
    });
    expect(echoed).to.equal("another line\n");
  });

  it("adds the error's details on stderr under the engine's --logflow verbosity", () => {
    const quiet = stderrOf(() => presentedError("create", auth, 0));
    const verbose = stderrOf(() => presentedError("create", auth, 9));
    expect(quiet).to.equal("");
    expect(verbose).to.include("create failed: AuthenticationError").and.include("APIGW.0301");
  });

  it("reads the verbosity the engine passes to its plugins", () => {
    expect(verbosityOf(["node", "host.js", "--logtostderr", "-v=9", "127.0.0.1:4000"])).to.equal(9);
    expect(verbosityOf(["node", "host.js", "127.0.0.1:4000"])).to.equal(0);
  });

  it("wraps every method of a provider", async () => {
    const provider = presentErrors({
      check: async (value: number) => ({ inputs: { value } }),
      create: async (): Promise<never> => {
        throw auth;
      },
      delete: async (): Promise<never> => {
        throw new TypeError("bug");
      },
    });
    expect(await provider.check(3)).to.deep.equal({ inputs: { value: 3 } });
    const failure = await provider.create().catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(UserFacingError);
    const bug = await provider.delete().catch((error: unknown) => error);
    expect(bug).to.be.instanceOf(TypeError);
  });
});
