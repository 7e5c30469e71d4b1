import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { phoneChanges, renewalDayChangeOf, renewalDayOf } from "../../audit/phone-changes";
import { POLICY_TYPE, SUBSCRIPTION_TYPE, parsePreviewJson, resourceNameOf } from "../../audit/preview-json";
import { InputError } from "../../audit/input-error";

const fleetText = readFileSync(path.join(__dirname, "../fixtures/preview-fleet.json"), "utf8");

function step(op: string, name: string, inputs: Record<string, unknown>, old?: Record<string, unknown>) {
  const urn = `urn:pulumi:dev::p::${SUBSCRIPTION_TYPE}::${name}`;
  return {
    op,
    urn,
    newState: { type: SUBSCRIPTION_TYPE, inputs, outputs: {} },
    ...(old
      ? { oldState: { type: SUBSCRIPTION_TYPE, inputs: old, outputs: { expireTime: old.targetExpireTime } } }
      : {}),
  };
}

describe("audit: reading pulumi preview --json", () => {
  it("reads every step of the fleet preview and its change summary", () => {
    const preview = parsePreviewJson(fleetText);
    expect(preview.steps).to.have.length(9);
    expect(preview.changeSummary).to.deep.equal({ create: 1, same: 4, update: 4 });
    expect(preview.steps.filter((s) => s.newState?.type === SUBSCRIPTION_TYPE)).to.have.length(6);
    expect(preview.steps.filter((s) => s.newState?.type === POLICY_TYPE)).to.have.length(1);
  });

  it("tolerates absent and null fields and keeps unknown ones", () => {
    expect(parsePreviewJson("{}").steps).to.deep.equal([]);
    const preview = parsePreviewJson(
      JSON.stringify({
        steps: [
          { op: "same", urn: "urn:pulumi:a::b::t::n", oldState: null, newState: { type: "t" }, extra: 1 },
        ],
        changeSummary: null,
        duration: 12,
        maybeCorrupt: false,
      }),
    );
    expect(preview.steps[0].newState).to.deep.include({ type: "t", inputs: {}, outputs: {} });
    expect(preview.steps[0].oldState).to.equal(undefined);
    expect(preview.steps[0].diffReasons).to.deep.equal([]);
  });

  it("explains empty input, text that is not JSON, and JSON of another shape", () => {
    expect(() => parsePreviewJson("  \n")).to.throw(InputError, /empty/);
    expect(() => parsePreviewJson("Previewing update (dev)")).to.throw(InputError, /not JSON/);
    expect(() => parsePreviewJson('{"steps": [{"urn": 3}]}')).to.throw(InputError, /steps\.0/);
  });

  it("names a resource by the last part of its URN", () => {
    expect(resourceNameOf("urn:pulumi:prod::fleet::koophone:index:Fleet$x:y:Z::stores-abc")).to.equal(
      "stores-abc",
    );
  });
});

describe("audit: the phones of a preview", () => {
  const renewal = {
    from: "2026-02-03T15:59:59Z",
    to: "2026-03-15T15:59:59Z",
    periodUnit: "month",
    periodCount: 1,
    extraDays: 12,
  };

  it("takes each subscription's planned renewal, state and mode from the fleet preview", () => {
    const { changes, unresolved } = phoneChanges(parsePreviewJson(fleetText));
    expect(unresolved).to.deep.equal([]);
    expect(changes.map((c) => c.op)).to.deep.equal([
      "update",
      "update",
      "same",
      "update",
      "update",
      "create",
    ]);
    const [a, b, c, d, e, f] = changes;
    expect(a).to.deep.equal({
      phoneId: "6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b",
      resourceName: "stores-6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b",
      op: "update",
      renewal: {
        from: "2026-02-03T15:59:59Z",
        to: "2026-03-15T15:59:59Z",
        periodUnit: "month",
        periodCount: 1,
        extraDays: 12,
        renewalDay: 15,
      },
      checkedExpiry: "2026-02-03T15:59:59Z",
      stateExpiry: "2026-02-03T15:59:59Z",
      stateMode: "manual",
      newMode: "manual",
    });
    expect(b.renewal).to.deep.include({ periodUnit: "year", periodCount: 1, extraDays: 23 });
    expect(e.renewal).to.deep.include({ periodUnit: "month", periodCount: 3, extraDays: 5 });
    expect(c.renewal, "not renewed: no renewal input").to.equal(undefined);
    expect(d).to.deep.include({ renewal: undefined, stateMode: "manual", newMode: "auto" });
    expect(f).to.deep.include({ op: "create", stateExpiry: undefined, stateMode: undefined });
    expect(f.renewal?.from).to.equal("2026-02-08T15:59:59Z");
  });

  it("reads the standard renewal day from the RenewalPolicy", () => {
    expect(renewalDayOf(parsePreviewJson(fleetText))).to.equal(15);
  });

  it("falls back to the renewal day a subscription inherited, and to none", () => {
    const inherited = { steps: [step("create", "x", { phoneId: "p1", policy: { renewalDay: "last" } })] };
    expect(renewalDayOf(parsePreviewJson(JSON.stringify(inherited)))).to.equal("last");
    const none = { steps: [step("create", "x", { phoneId: "p1" })] };
    expect(renewalDayOf(parsePreviewJson(JSON.stringify(none)))).to.equal(undefined);
  });

  it("sees a renewal day that this up sets first: a new policy, or a changed day, not an unchanged one", () => {
    const policyStep = (op: string, after: unknown, before?: unknown) => ({
      op,
      urn: `urn:pulumi:dev::p::${POLICY_TYPE}::policy`,
      newState: { type: POLICY_TYPE, inputs: { renewalDay: after } },
      ...(before === undefined ? {} : { oldState: { type: POLICY_TYPE, inputs: { renewalDay: before } } }),
    });
    const change = (s: object) => renewalDayChangeOf(parsePreviewJson(JSON.stringify({ steps: [s] })));
    expect(change(policyStep("create", 15))).to.deep.equal({ before: undefined, after: 15 });
    expect(change(policyStep("update", "last", 1))).to.deep.equal({ before: 1, after: "last" });
    expect(change(policyStep("update", 15, 15))).to.equal(undefined);
    expect(change(policyStep("same", 15, 15))).to.equal(undefined);
    expect(renewalDayChangeOf(parsePreviewJson(fleetText))).to.equal(undefined);
  });

  it("defaults to manual, ignores values unknown at preview or secret, and holds back an unknown plan", () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const preview = parsePreviewJson(
      JSON.stringify({
        steps: [
          step("create", "a", { phoneId: "p1", mode: "[secret]" }),
          step("create", "b", { phoneId: unknown }),
          step("create", "c", { phoneId: "p3", renewal: unknown }),
          step("create", "d", { phoneId: "p4", renewal: { ...renewal, to: unknown } }),
        ],
      }),
    );
    const { changes, unresolved } = phoneChanges(preview);
    expect(changes).to.have.length(1);
    expect(changes[0]).to.deep.include({ renewal: undefined, newMode: "manual" });
    expect(unresolved).to.deep.equal(["b", "c", "d"]);
  });

  it("refuses a renewal input of another shape, naming the resource, the field, the value and what is allowed", () => {
    const bad = (value: object) => () =>
      phoneChanges(
        parsePreviewJson(JSON.stringify({ steps: [step("update", "x", { phoneId: "p", renewal: value })] })),
      );
    expect(bad({ ...renewal, periodCount: 14 })).to.throw(
      InputError,
      /::x: input renewal is \{.*"periodCount":14.*\}: periodCount must be 1-11 months or 1-3 years/,
    );
    expect(bad({ ...renewal, from: "2026-02-03" })).to.throw(InputError, /renewal\.from is .*an API time/);
    expect(bad({ ...renewal, to: renewal.from })).to.throw(InputError, /to must be after from/);
    expect(bad({ from: renewal.from })).to.throw(InputError, /renewal\.to/);
  });

  it("counts a replaced resource once, with the old state only when it managed the same phone", () => {
    const replaced = step(
      "replace",
      "a",
      { phoneId: "new", renewal },
      { phoneId: "old", targetExpireTime: "2026-02-01T15:59:59Z" },
    );
    const preview = parsePreviewJson(
      JSON.stringify({
        steps: [
          replaced,
          { ...replaced, op: "create-replacement" },
          { ...replaced, op: "delete-replaced", newState: undefined },
        ],
      }),
    );
    const { changes } = phoneChanges(preview);
    expect(changes).to.have.length(1);
    expect(changes[0]).to.deep.include({ phoneId: "new", stateExpiry: undefined });
    expect(changes[0].renewal?.to).to.equal(renewal.to);
  });

  it("leaves deleted subscriptions out", () => {
    const removed = {
      op: "delete",
      urn: "urn:x::y",
      oldState: { type: SUBSCRIPTION_TYPE, inputs: { phoneId: "p" } },
    };
    expect(phoneChanges(parsePreviewJson(JSON.stringify({ steps: [removed] }))).changes).to.deep.equal([]);
  });
});
