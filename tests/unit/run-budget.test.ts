import { expect } from "chai";
import type { KooPhoneClient } from "../../provider/client";
import { resolveConfiguration } from "../../provider/configuration";
import { RunLedger } from "../../provider/run-ledger";
import {
  admitRenewal,
  deferredMessage,
  payableCents,
  shortBalanceMessage,
  shortfallCents,
} from "../../provider/run-budget";

const CREDENTIALS = {
  "koophone:accessKey": "ak",
  "koophone:secretKey": "sk",
  "koophone:koophoneEndpoint": "https://koophone.example",
};
const configured = (extra: Record<string, string>) =>
  resolveConfiguration((key) => ({ ...CREDENTIALS, ...extra })[key], {});

describe("run budget: which balances pay a renewal", () => {
  it("counts cash less its designated part and the credit still available; bonus and deposit do not pay", () => {
    const payable = payableCents({
      account_balances: [
        { account_type: 1, amount: 500.5, designated_amount: 100 },
        { account_type: 2, amount: 250 },
        { account_type: 5, amount: 80 },
        { account_type: 7, amount: 3000 },
      ],
    });
    expect(payable).to.equal(65_050);
  });

  it("never counts a designated part larger than the cash, nor a negative account", () => {
    expect(
      payableCents({
        account_balances: [
          { account_type: 1, amount: 50, designated_amount: 80 },
          { account_type: 2, amount: -20 },
        ],
      }),
    ).to.equal(0);
  });
});

describe("run budget: the cap", () => {
  it("counts a renewal that keeps the total within the cap, to the cent", () => {
    expect(admitRenewal(48_000, 2_000, 50_000)).to.deep.equal({ kind: "counted", plannedCents: 50_000 });
  });

  it("defers the renewal that would pass it, keeping the total", () => {
    expect(admitRenewal(48_000, 2_001, 50_000)).to.deep.equal({ kind: "deferred", plannedCents: 48_000 });
  });

  it("counts everything without a cap", () => {
    expect(admitRenewal(10_000_000, 1, undefined)).to.deep.equal({
      kind: "counted",
      plannedCents: 10_000_001,
    });
  });

  it("says per phone why it is left for a later run", () => {
    expect(deferredMessage("phone-a", "CNY", 50_000, 48_000, 6_000)).to.equal(
      "phone-a: left for a later run: the run's cap of 500.00 CNY is reached (480.00 planned for the phones " +
        "ahead of it, this renewal 60.00); it is not renewed by this up. Raise koophone:maxRunAmount to " +
        "renew it now.",
    );
  });
});

describe("run budget: the balance", () => {
  it("is short only when the total passes what can pay", () => {
    expect(shortfallCents(10_000, 10_000)).to.equal(undefined);
    expect(shortfallCents(10_001, 10_000)).to.equal(1);
  });

  it("names the amount due, the balance, the shortfall and what to do", () => {
    const message = shortBalanceMessage("CNY", 38_700, 10_000, "fail");
    expect(message).to.contain("at least 387.00 CNY is due");
    expect(message).to.contain("(cash and available credit) is 100.00 CNY, 287.00 CNY short");
    expect(message).to.contain("Nothing was ordered. Top up the account by at least 287.00 CNY");
    expect(message).to.contain("koophone:maxRunAmount");
    expect(message).to.contain("koophone:balanceCheck warn");
  });

  it("as a warning, says that the run goes on", () => {
    expect(shortBalanceMessage("CNY", 38_700, 10_000, "warn")).to.contain(
      'koophone:balanceCheck is "warn", so the run goes on',
    );
  });
});

describe("run budget: the settings", () => {
  it("reads koophone:maxRunAmount and koophone:balanceCheck", () => {
    const configuration = configured({ "koophone:maxRunAmount": "500.5", "koophone:balanceCheck": "warn" });
    expect(configuration.maxRunAmount).to.equal(500.5);
    expect(configuration.balanceCheck).to.equal("warn");
  });

  for (const bad of ["0", "-5", "abc", "1.005", "Infinity"]) {
    it(`refuses koophone:maxRunAmount "${bad}", naming key, value and what is allowed`, () => {
      expect(() => configured({ "koophone:maxRunAmount": bad })).to.throw(
        `koophone:maxRunAmount "${bad}" is not allowed: use a positive amount of the account's currency with at most 2 decimals`,
      );
    });
  }

  it('refuses a koophone:balanceCheck other than "fail", "warn" or "off"', () => {
    expect(() => configured({ "koophone:balanceCheck": "maybe" })).to.throw(
      'koophone:balanceCheck "maybe" is not allowed: use "fail"',
    );
  });
});

describe("run ledger: the cap bounds the run's total", () => {
  // balanceCheck "off": the ledger never reads the balance, so it needs no client.
  const noClient = {} as KooPhoneClient;
  const quiet = { once: async () => undefined, each: async () => undefined };

  it("defers a phone whose line ahead fits but whose run total does not (phones of another policy counted)", async () => {
    const ledger = new RunLedger(noClient, { balanceCheck: "off", maxRunAmount: 100 }, quiet);
    const price = { amount: 60, currency: "CNY" };
    // Two phones first in their own settings' lines: nothing ahead of either.
    expect(await ledger.admit("policy-a-phone", price, 0)).to.equal("renew");
    expect(await ledger.admit("policy-b-phone", price, 0)).to.equal("defer");
    expect(ledger.planned).to.equal(6_000);
  });
});
