import { expect } from "chai";
import { UsageError, parseAuditArgs } from "../../audit/cli-options";

describe("audit: command line", () => {
  it("defaults to stdin, Markdown on stdout, prices on, unmanaged phones within 30 days", () => {
    const { unmanagedWithin, ...options } = parseAuditArgs([]);
    expect(unmanagedWithin.toISO()).to.equal("P30D");
    expect(options).to.deep.equal({
      input: undefined,
      before: undefined,
      markdown: undefined,
      html: undefined,
      prices: true,
      endpoint: undefined,
      koophoneEndpoint: undefined,
      now: undefined,
      help: false,
    });
    expect(parseAuditArgs(["-"]).input).to.equal(undefined);
    expect(parseAuditArgs(["--markdown", "-"]).markdown).to.equal(undefined);
  });

  it("reads the file, the outputs, --no-prices, the endpoints and now", () => {
    const options = parseAuditArgs([
      "preview.json",
      "--markdown",
      "comment.md",
      "--html",
      "report.html",
      "--no-prices",
      "--endpoint",
      "https://bss.example",
      "--koophone-endpoint",
      "https://koophone.example",
      "--now",
      "2026-01-26T10:00:00+08:00",
    ]);
    expect(options).to.deep.include({
      input: "preview.json",
      markdown: "comment.md",
      html: "report.html",
      prices: false,
      endpoint: "https://bss.example",
      koophoneEndpoint: "https://koophone.example",
    });
    expect(options.now?.toUTC().toISO()).to.equal("2026-01-26T02:00:00.000Z");
  });

  it("reads --before, the export the after-the-fact report compares with", () => {
    expect(parseAuditArgs(["after.json", "--before", "before.json", "--html", "up.html"])).to.deep.include({
      input: "after.json",
      before: "before.json",
      html: "up.html",
    });
  });

  it("refuses the cloud's options with --before, which reads two files only", () => {
    expect(() =>
      parseAuditArgs(["--before", "b.json", "--no-prices", "--now", "2026-01-26T10:00:00+08:00"]),
    ).to.throw(
      UsageError,
      "--before reports from the two stack exports alone: --no-prices, --now does not apply",
    );
  });

  it("refuses unknown options, two files, and a bad --now", () => {
    expect(() => parseAuditArgs(["--price"])).to.throw(UsageError, /--price/);
    expect(() => parseAuditArgs(["a.json", "b.json"])).to.throw(UsageError, /one preview file/);
    expect(() => parseAuditArgs(["--now", "yesterday"])).to.throw(UsageError, /ISO-8601/);
    expect(() => parseAuditArgs(["--html"])).to.throw(UsageError);
  });
});
