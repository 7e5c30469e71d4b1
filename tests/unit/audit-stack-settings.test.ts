import { expect } from "chai";
import { SUBSCRIPTION_TYPE } from "../../audit/preview-json";
import { parseStackExport } from "../../audit/stack-export";
import { managedPhones } from "../../audit/stack-settings";
import { SUBSCRIPTION as NATIVE_SUBSCRIPTION } from "../../provider/native/tokens";

// The managed phones the forecast plans: each subscription of a stack export (either front door) with the settings
// it runs with, its own over its policy's, the defaults applied.

const exportOf = (resources: unknown[]) =>
  parseStackExport(JSON.stringify({ version: 3, deployment: { resources } }), "export.json");

describe("audit: the settings of a stack's subscriptions", () => {
  const policyDay = { phoneId: "p1", period: { unit: "year", count: 1 }, renewalDay: 20, mode: "auto" };
  const resources = [
    {
      urn: `urn:pulumi:s::p::${SUBSCRIPTION_TYPE}::a`,
      type: SUBSCRIPTION_TYPE,
      inputs: policyDay,
      outputs: {},
    },
    {
      urn: `urn:pulumi:s::p::${NATIVE_SUBSCRIPTION}::b`,
      type: NATIVE_SUBSCRIPTION,
      inputs: { phoneId: "p2", renewBefore: "P45D", expireTime: "2027-01-01T15:59:59Z" },
      outputs: { expireTime: "2027-01-01T15:59:59Z" },
    },
    { urn: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s", type: "pulumi:pulumi:Stack", outputs: {} },
  ];

  it("reads both doors' subscriptions; the policy's day, else the stated account day, else unknown", () => {
    const phones = managedPhones(exportOf(resources), "export.json");
    expect(phones.map((p) => [p.phoneId, p.resourceName, p.renewalDay])).to.deep.equal([
      ["p1", "a", 20],
      ["p2", "b", "unknown"],
    ]);
    expect(phones[0].settings).to.deep.include({
      period: { unit: "year", count: 1 },
      mode: "auto",
      renewalDay: 20,
    });
    expect(phones[1].settings).to.deep.include({ period: { unit: "month", count: 1 }, renewBefore: "P45D" });
    expect(phones[1].stateExpiry).to.equal("2027-01-01T15:59:59Z");
    expect(managedPhones(exportOf(resources), "export.json", "last")[1].renewalDay).to.equal("last");
  });

  it("refuses recorded settings that do not check, naming the subscription and the setting", () => {
    const bad = [{ ...resources[0], inputs: { phoneId: "p1", renewBefore: "30 days" } }];
    expect(() => managedPhones(exportOf(bad), "export.json")).to.throw(
      /export\.json: urn:pulumi:s::p::.*::a: input renewBefore: "30 days" is not an ISO-8601 duration/,
    );
  });
});
