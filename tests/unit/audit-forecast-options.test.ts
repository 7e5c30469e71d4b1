import { expect } from "chai";
import { UsageError } from "../../audit/cli-options";
import { parseForecastArgs } from "../../audit/forecast-options";

// `koophone-audit forecast`'s command line: its defaults, and an error naming the flag, the value and what is allowed.

describe("audit forecast: command line", () => {
  it("defaults: 12 months, unmanaged phones within 30 days, Markdown on stdout, stdin for the export", () => {
    const options = parseForecastArgs([]);
    expect(options).to.not.equal("help");
    if (options === "help") return;
    expect(options.months).to.equal(12);
    expect(options.unmanagedWithin.toISO()).to.equal("P30D");
    expect([options.input, options.markdown, options.json, options.renewalDay]).to.deep.equal([
      undefined,
      undefined,
      false,
      undefined,
    ]);
  });

  it("takes the files, the months, the window, the renewal day and the endpoints", () => {
    const options = parseForecastArgs([
      "export.json",
      "--months",
      "3",
      "--markdown",
      "f.md",
      "--html",
      "f.html",
      "--csv",
      "f.csv",
      "--json",
      "--unmanaged-within",
      "P2M",
      "--renewal-day",
      "last",
      "--endpoint",
      "http://127.0.0.1:1",
      "--koophone-endpoint",
      "http://127.0.0.1:2",
    ]);
    if (options === "help") throw new Error("not help");
    expect({ ...options, unmanagedWithin: options.unmanagedWithin.toISO() }).to.deep.equal({
      input: "export.json",
      months: 3,
      markdown: "f.md",
      html: "f.html",
      csv: "f.csv",
      json: true,
      endpoint: "http://127.0.0.1:1",
      koophoneEndpoint: "http://127.0.0.1:2",
      unmanagedWithin: "P2M",
      renewalDay: "last",
    });
  });

  const refusals: [string[], string][] = [
    [["--months", "0"], 'forecast: --months "0" is not allowed; use a whole number from 1 to 36'],
    [["--months", "1.5"], 'forecast: --months "1.5" is not allowed; use a whole number from 1 to 36'],
    [["--months", "37"], 'forecast: --months "37" is not allowed; use a whole number from 1 to 36'],
    [["--unmanaged-within", "30"], '--unmanaged-within "30" is not an ISO-8601 duration; use e.g. "P30D"'],
    [["--renewal-day", "31"], 'forecast: --renewal-day "31" is not allowed; use 1-28, "last" or "none"'],
    [["a.json", "b.json"], "forecast: one stack export at most, got 2: a.json b.json"],
    [["--since", "x"], "forecast: Unknown option '--since'"],
  ];
  for (const [argv, message] of refusals) {
    it(`refuses ${argv.join(" ")}`, () => {
      expect(() => parseForecastArgs(argv))
        .to.throw(UsageError)
        .with.property("message")
        .that.includes(message);
    });
  }
});
