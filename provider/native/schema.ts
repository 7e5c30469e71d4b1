// The plugin's Pulumi package schema: what the engine, the YAML host and SDK generators know of package `koophone`.
// Input names, types and defaults are those of the dynamic resources (sdk/); the values are checked by the same
// code (provider/planner/settings.ts), so the schema only describes them.
import { GATEWAY_CALLS_PER_SECOND } from "../call-rate";
import { DEFAULT_SETTINGS } from "../planner/settings";
import { MAX_SHARDS } from "../shard";
import { FLEET, GET_PHONES, PACKAGE, POLICY, SUBSCRIPTION } from "./tokens";

type Property = Record<string, unknown>;

const ref = (type: string): Property => ({ $ref: `#/types/${type}` });
const text = (description: string): Property => ({ type: "string", description });
const PERIOD = "koophone:index:Period";
const POLICY_DEFAULTS = "koophone:index:PolicyDefaults";
const LAST_RENEWAL = "koophone:index:LastRenewal";
const PHONE = "koophone:index:Phone";
const SHARD = "koophone:index:Shard";

const renewalDay: Property = {
  oneOf: [{ type: "integer" }, { type: "string" }],
  description: 'The account\'s standard renewal day: 1-28, or "last" (the last day of each month).',
};

/** The settings a phone runs with; on a Subscription or a Fleet each one set wins over its policy's. */
const settings: Record<string, Property> = {
  period: {
    ...ref(PERIOD),
    description: `The renewal step; each renewal orders the fewest multiples of it that restore coverage. Default ${DEFAULT_SETTINGS.period.count} ${DEFAULT_SETTINGS.period.unit}.`,
  },
  renewBefore: text(
    `Paid time that must remain, an ISO-8601 duration; with less, the phone is renewed. Default "${DEFAULT_SETTINGS.renewBefore}".`,
  ),
  mode: text(
    `The Billing Center tab the phone belongs in: "manual", "auto" or "payPerUseAfterExpiry". Default "${DEFAULT_SETTINGS.mode}".`,
  ),
  autoPay: {
    type: "boolean",
    description:
      "Keeps phones that differ in it in separate orders; every order is paid through PayOrders. Default true.",
  },
  maxOrderAmount: {
    type: "number",
    description:
      "Money guard: the most one phone's renewal may cost (CNY); over it nothing of its batch is ordered.",
  },
};

const phoneSettings: Record<string, Property> = {
  policy: {
    ...ref(POLICY_DEFAULTS),
    description: "The settings of a RenewalPolicy (its `defaults` output), inherited under the phone's own.",
  },
  ...settings,
  expireNotBefore: text(
    "The phone must be paid at least until this date (ISO-8601; without an offset, UTC+8).",
  ),
  onDelete: text(
    `On delete: "retain" (touch nothing) or "manual" (auto-renew and pay-per-use after expiry off); nothing ever unsubscribes a phone. Default "${DEFAULT_SETTINGS.onDelete}".`,
  ),
};

const types: Record<string, Property> = {
  [PERIOD]: {
    type: "object",
    description: "A renewal duration: 1-11 months or 1-3 years per order.",
    properties: { unit: text('"month" or "year".'), count: { type: "integer", description: "Units." } },
    required: ["unit", "count"],
  },
  [POLICY_DEFAULTS]: {
    type: "object",
    description: "What a RenewalPolicy hands down to the phones that name it.",
    properties: { renewalDay, ...settings },
  },
  [LAST_RENEWAL]: {
    type: "object",
    description: "The renewal that last extended a phone, as its order says.",
    properties: {
      orderId: text("The Billing Center order."),
      period: ref(PERIOD),
      amount: {
        type: "number",
        description: "What the order charged for this phone, pro-rata days included.",
      },
      currency: text("The order's currency."),
      from: text("The expiry the renewal started from."),
      to: text("The expiry after the renewal."),
      note: text("What of this phone's part the order cannot tell, and why."),
    },
    required: ["orderId", "period", "currency", "to"],
  },
  [SHARD]: {
    type: "object",
    description:
      "One of `count` stacks that split an account's fleet: a phone belongs to the shard its id hashes to (jump consistent hash).",
    properties: {
      index: { type: "integer", description: "This stack's shard, 0 .. count - 1." },
      count: { type: "integer", description: `How many shards, 1-${MAX_SHARDS}.` },
    },
    required: ["index", "count"],
  },
  [PHONE]: {
    type: "object",
    description: "A KooPhone instance of the account.",
    properties: {
      id: text("The instance id (the phoneId of a Subscription)."),
      name: text("The instance name."),
      sku: text("The instance SKU."),
      billingMode: text("The billing mode code."),
      frozen: { type: "boolean", description: "Whether the phone is frozen." },
    },
    required: ["id", "name", "sku", "billingMode", "frozen"],
  },
};

const subscriptionOutputs: Record<string, Property> = {
  phoneId: text("The KooPhone instance id (also the resource id)."),
  expireTime: text("The phone's expiry in Billing Center (UTC) when last read."),
  seenAt: text("When expireTime was read, by Billing Center's clock."),
  status: text("inUse, frozen, expired or closed."),
  mode: text("The mode the phone is in."),
  onDelete: text("What deleting the subscription does."),
  lastRenewal: ref(LAST_RENEWAL),
};

const configVariables: Record<string, Property> = {
  accessKey: { ...text("Access key (AK); env HUAWEICLOUD_SDK_AK or HW_ACCESS_KEY."), secret: true },
  secretKey: { ...text("Secret key (SK); env HUAWEICLOUD_SDK_SK or HW_SECRET_KEY."), secret: true },
  securityToken: {
    ...text("Temporary credentials; env HUAWEICLOUD_SDK_SECURITY_TOKEN or HW_SECURITY_TOKEN."),
    secret: true,
  },
  domainId: text("Account id (X-Domain-Id); env HUAWEICLOUD_SDK_DOMAIN_ID or HW_DOMAIN_ID."),
  region: text("KooPhone region; env HUAWEICLOUD_SDK_REGION or HW_REGION_NAME."),
  projectId: text("KooPhone project; env HUAWEICLOUD_SDK_PROJECT_ID or HW_PROJECT_ID."),
  endpoint: text("BSS endpoint, default https://bss.myhuaweicloud.com; env KOOPHONE_BSS_ENDPOINT."),
  koophoneEndpoint: text(
    "KooPhone endpoint, default https://koophone.<region>.myhuaweicloud.com; env KOOPHONE_ENDPOINT.",
  ),
  timeoutMs: {
    type: "integer",
    description: "Per-request timeout of the client, in milliseconds (default 30000).",
  },
  renewalDay: text(
    'The account\'s renewal day ("1"-"28", "last", or "none") for subscriptions without a policy: Billing Center has no API to read it.',
  ),
  shard: text(
    "This stack's shard of the account's fleet, \"index/count\" (e.g. \"2/4\"): the Fleet's default shard, and N for callsPerSecond's default.",
  ),
  balanceCheck: text(
    'What a run whose renewals the account cannot pay does at check: "fail" (default; preview and up stop before any order), "warn" (for an account that pays in a way the balance does not show, such as monthly settlement) or "off".',
  ),
  maxRunAmount: {
    type: "number",
    description:
      "The most one run of the stack may pay for renewals in all, in the account's currency; the soonest-expiring phones are renewed first, the rest left for a later run.",
  },
  callsPerSecond: {
    type: "integer",
    description: `Calls a second per API this stack may make, its share of the gateway's ${GATEWAY_CALLS_PER_SECOND} per account (default ${GATEWAY_CALLS_PER_SECOND}, or floor(${GATEWAY_CALLS_PER_SECOND} / N) with koophone:shard "i/N").`,
  },
};

/** The schema as the engine's GetSchema answers it. */
export function packageSchema(version: string): Record<string, unknown> {
  return {
    name: PACKAGE,
    displayName: "Huawei Cloud KooPhone subscriptions",
    version,
    description: "Keep Huawei Cloud KooPhone cloud-phone subscriptions paid, declaratively.",
    keywords: ["pulumi", "huaweicloud", "koophone", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    publisher: "pulumi-koophone",
    language: {
      // Generated SDKs ask for this plugin version, not v0.0.0.
      nodejs: { respectSchemaVersion: true },
      python: { respectSchemaVersion: true },
    },
    config: { variables: configVariables },
    provider: {
      description: "A KooPhone account: its credentials, endpoints and rate budget; one per account.",
      inputProperties: configVariables,
    },
    types,
    resources: {
      [SUBSCRIPTION]: {
        description:
          "Keeps one yearly/monthly KooPhone phone paid. Creating it adopts the phone (it never buys one); deleting it never unsubscribes the phone.",
        inputProperties: { phoneId: text("The KooPhone instance id."), ...phoneSettings },
        requiredInputs: ["phoneId"],
        properties: subscriptionOutputs,
        required: ["phoneId", "expireTime", "seenAt", "status", "mode", "onDelete"],
      },
      [POLICY]: {
        description:
          "The account's renewal configuration (one per account) and the defaults its subscriptions inherit. Deleting it leaves the account configuration as it is.",
        inputProperties: {
          renewalDay,
          deductionDaysBeforeExpiry: {
            type: "integer",
            description:
              "Days before expiry that auto-renewal is charged, 2-7 (Billing Center's default is 7).",
          },
          ...settings,
        },
        requiredInputs: ["renewalDay"],
        properties: {
          renewalDay,
          deductionDaysBeforeExpiry: { type: "integer" },
          ...settings,
          defaults: {
            ...ref(POLICY_DEFAULTS),
            description: "The settings handed to the phones that name this policy (their `policy` input).",
          },
        },
        required: ["renewalDay", "defaults"],
      },
      [FLEET]: {
        isComponent: true,
        description:
          "One Subscription per phone, for a list of ids or a name filter, under one policy; each named <fleet>-<phoneId>.",
        inputProperties: {
          ...phoneSettings,
          phoneIds: { type: "array", items: { type: "string" }, description: "The phones, by instance id." },
          nameContains: text("Or: every phone of the account whose name contains this text."),
          shard: {
            ...ref(SHARD),
            description:
              'Only the selected phones of this shard. Default: the stack config koophone:shard ("index/count"), else all.',
          },
        },
        properties: {
          phoneIds: {
            type: "array",
            items: { type: "string" },
            description: "The phone ids the fleet manages.",
          },
        },
        required: ["phoneIds"],
      },
    },
    functions: {
      [GET_PHONES]: {
        description: "The account's KooPhone instances, optionally those whose name contains nameContains.",
        inputs: { properties: { nameContains: text("Only the phones whose name contains this text.") } },
        outputs: {
          properties: {
            phones: { type: "array", items: ref(PHONE) },
            ids: { type: "array", items: { type: "string" } },
          },
          required: ["phones", "ids"],
        },
      },
    },
  };
}
