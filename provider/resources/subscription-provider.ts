import type * as pulumi from "@pulumi/pulumi";
import { SubscriptionResource } from "../client";
import { applyMode, releaseToManual } from "../modes";
import { modeOf, phoneState, unmanageableReason } from "../phone-state";
import { formatApiTime, parseApiTime } from "../planner/billing-time";
import { planRenewal, PlanError } from "../planner/plan";
import {
  checkSubscriptionInputs,
  EffectiveSettings,
  mergeSettings,
  SubscriptionInputs,
} from "../planner/settings";
import { LastRenewal, renewIfDue } from "../renewal/renew-phone";
import { currentSession } from "../runtime-config";
import type { Session } from "../session";

type Props = Record<string, unknown>;

/**
 * The inputs a user declares, kept in the outputs too so that `read` can hand them back. The declared `mode` is
 * kept as `declaredMode`, because the output `mode` is the mode the phone is actually in.
 */
const INPUT_KEYS = [
  "phoneId",
  "policy",
  "period",
  "renewBefore",
  "expireNotBefore",
  "mode",
  "autoPay",
  "maxOrderAmount",
  "onDelete",
  "targetExpireTime",
] as const;

function settingsOf(inputs: SubscriptionInputs): EffectiveSettings {
  return mergeSettings(inputs.policy, inputs);
}

function parsed(props: Props): SubscriptionInputs {
  const outcome = checkSubscriptionInputs(props);
  if (outcome.value === undefined) {
    throw new Error(`invalid inputs: ${outcome.failures.map((f) => f.reason).join("; ")}`);
  }
  return outcome.value;
}

/**
 * `check` validates, reads the phone and writes `targetExpireTime`: the expiry the phone will have after `up`.
 * It changes only for a phone that will be renewed, so `pulumi preview --diff` lists exactly those.
 */
async function check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const outcome = checkSubscriptionInputs(news);
  if (outcome.failures.length > 0) return { inputs: news, failures: outcome.failures };
  if (outcome.value === undefined) return { inputs: news }; // some input is still unknown (preview)
  const inputs = outcome.value;
  const settings = settingsOf(inputs);
  const session = currentSession();
  const phone = await session.phoneForPlanning(inputs.phoneId).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`phone ${inputs.phoneId}: cannot read its subscription to plan the renewal: ${message}`);
  });
  const reason = unmanageableReason(phone);
  if (phone === undefined || reason !== undefined) {
    return {
      inputs: news,
      failures: [{ property: "phoneId", reason: `phoneId: "${inputs.phoneId}" ${reason}` }],
    };
  }
  try {
    const plan = planRenewal({
      phoneId: inputs.phoneId,
      expireTime: parseApiTime(phone.expire_time),
      now: session.now(),
      period: settings.period,
      renewBefore: settings.renewBefore,
      expireNotBefore: settings.expireNotBefore,
      renewalDay: settings.renewalDay,
    });
    const kept = olds.phoneId === inputs.phoneId ? olds.targetExpireTime : undefined;
    const target = plan ? formatApiTime(plan.to) : typeof kept === "string" ? kept : phone.expire_time;
    return { inputs: { ...news, targetExpireTime: target } };
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    return { inputs: news, failures: [{ property: "period", reason: `period: ${error.message}` }] };
  }
}

async function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  if (olds.phoneId !== news.phoneId)
    return { changes: true, replaces: ["phoneId"], deleteBeforeReplace: true };
  const declared = INPUT_KEYS.filter((key) => !sameValue(storedInput(olds, key), news[key]));
  const inputs = checkSubscriptionInputs(news).value;
  const modeChanged = inputs !== undefined && settingsOf(inputs).mode !== olds.mode;
  return { changes: declared.length > 0 || modeChanged || inputs === undefined };
}

function storedInput(outputs: Props, key: (typeof INPUT_KEYS)[number]): unknown {
  return key === "mode" ? outputs.declaredMode : outputs[key];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Renews when due, then moves the phone to its mode; the outputs say what the phone is now. */
async function converge(news: Props, previous: Props): Promise<Props> {
  const inputs = parsed(news);
  const session = currentSession();
  const settings = settingsOf(inputs);
  const before = await readManageable(session, inputs.phoneId);
  const renewal = await renewIfDue(session, before, settings);
  const afterRenewal = renewal ? await readManageable(session, inputs.phoneId) : before;
  let final = afterRenewal;
  try {
    await applyMode(
      session.client,
      inputs.phoneId,
      modeOf(afterRenewal.expire_policy),
      settings.mode,
      settings.period.unit,
    );
    if (modeOf(afterRenewal.expire_policy) !== settings.mode)
      final = await readManageable(session, inputs.phoneId);
  } catch (error) {
    // The renewal happened: record it with the failure, so that state never forgets a paid order.
    throw partialFailure(news, afterRenewal, renewal, previous, error);
  }
  return outputsOf(news, final, renewal, previous);
}

function outputsOf(
  inputs: Props,
  phone: SubscriptionResource,
  renewal: LastRenewal | undefined,
  previous: Props,
): Props {
  const declared = Object.fromEntries(
    INPUT_KEYS.filter((k) => k !== "mode" && k in inputs).map((k) => [k, inputs[k]]),
  );
  return {
    ...declared,
    ...(inputs.mode !== undefined ? { declaredMode: inputs.mode } : {}),
    ...phoneState(phone),
    lastOrderId: renewal?.orderId ?? previous.lastOrderId ?? null,
    lastRenewal: renewal ?? previous.lastRenewal ?? null,
  };
}

function partialFailure(
  inputs: Props,
  phone: SubscriptionResource,
  renewal: LastRenewal | undefined,
  previous: Props,
  error: unknown,
): { id: string; properties: Props; reasons: string[] } {
  const message = error instanceof Error ? error.message : String(error);
  return {
    id: phone.resource_id,
    properties: outputsOf(inputs, phone, renewal, previous),
    reasons: [`${phone.resource_id}: ${message}`],
  };
}

async function readManageable(session: Session, phoneId: string): Promise<SubscriptionResource> {
  const phone = await session.readPhone(phoneId);
  const reason = unmanageableReason(phone);
  if (phone === undefined || reason !== undefined) throw new Error(`phone ${phoneId} ${reason}`);
  return phone;
}

async function create(news: Props): Promise<pulumi.dynamic.CreateResult> {
  const outs = await converge(news, {});
  return { id: String(outs.phoneId), outs };
}

async function update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: await converge(news, olds) };
}

/** Refresh: the phone as Billing Center has it now; the declared inputs are handed back unchanged. */
async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const phone = await currentSession().readPhone(id);
  if (phone === undefined) return {};
  const inputs = Object.fromEntries(
    INPUT_KEYS.map((k) => [k, storedInput(props, k)]).filter(([, value]) => value !== undefined),
  );
  return { id, props: { ...props, ...phoneState(phone) }, inputs };
}

/** Nothing ever unsubscribes a phone: "retain" touches nothing, "manual" turns renewal automation off. */
async function remove(id: string, props: Props): Promise<void> {
  if (props.onDelete !== "manual") return;
  const session = currentSession();
  const phone = await session.readPhone(id);
  if (phone === undefined) return;
  await releaseToManual(session.client, id, modeOf(phone.expire_policy));
}

export const subscriptionProvider = { check, diff, create, update, read, delete: remove };
