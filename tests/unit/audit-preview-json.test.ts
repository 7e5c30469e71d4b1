import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { phoneChanges, renewalDayOf } from "../../audit/phone-changes";
import {
  POLICY_TYPE,
  PreviewJsonError,
  SUBSCRIPTION_TYPE,
  parsePreviewJson,
  resourceNameOf,
} from "../../audit/preview-json";

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
    expect(() => parsePreviewJson("  \n")).to.throw(PreviewJsonError, /empty/);
    expect(() => parsePreviewJson("Previewing update (dev)")).to.throw(PreviewJsonError, /not JSON/);
    expect(() => parsePreviewJson('{"steps": [{"urn": 3}]}')).to.throw(PreviewJsonError, /steps\.0/);
  });

  it("names a resource by the last part of its URN", () => {
    expect(resourceNameOf("urn:pulumi:prod::fleet::koophone:index:Fleet$x:y:Z::stores-abc")).to.equal(
      "stores-abc",
    );
  });
});

describe("audit: the phones of a preview", () => {
  it("takes phone, targets, state and effective settings from each subscription of the fleet", () => {
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
    const [a, b, , d, e, f] = changes;
    expect(a).to.deep.include({
      phoneId: "6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b",
      resourceName: "stores-6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b",
      oldTarget: "2026-02-03T15:59:59Z",
      newTarget: "2026-03-15T15:59:59Z",
      stateExpiry: "2026-02-03T15:59:59Z",
      stateMode: "manual",
      newMode: "manual",
    });
    expect(a.period, "from the policy").to.deep.equal({ unit: "month", count: 1 });
    expect(b.period, "its own wins").to.deep.equal({ unit: "year", count: 1 });
    expect(e.period).to.deep.equal({ unit: "month", count: 3 });
    expect(d).to.deep.include({ stateMode: "manual", newMode: "auto" });
    expect(f).to.deep.include({
      op: "create",
      oldTarget: undefined,
      stateExpiry: undefined,
      stateMode: undefined,
    });
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

  it("defaults to monthly manual renewal and ignores values unknown at preview or secret", () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const preview = parsePreviewJson(
      JSON.stringify({
        steps: [
          step("create", "a", {
            phoneId: "p1",
            period: unknown,
            mode: "[secret]",
            targetExpireTime: unknown,
          }),
          step("create", "b", { phoneId: unknown }),
        ],
      }),
    );
    const { changes, unresolved } = phoneChanges(preview);
    expect(changes).to.have.length(1);
    expect(changes[0]).to.deep.include({ newTarget: undefined, newMode: "manual" });
    expect(changes[0].period).to.deep.equal({ unit: "month", count: 1 });
    expect(unresolved).to.deep.equal(["b"]);
  });

  it("counts a replaced resource once, and compares with its old target only for the same phone", () => {
    const target = "2026-03-15T15:59:59Z";
    const replaced = step(
      "replace",
      "a",
      { phoneId: "new", targetExpireTime: target },
      {
        phoneId: "old",
        targetExpireTime: "2026-02-01T15:59:59Z",
      },
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
    expect(changes[0]).to.deep.include({ phoneId: "new", oldTarget: undefined, stateExpiry: undefined });
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
