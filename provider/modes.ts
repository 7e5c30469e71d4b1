import { KooPhoneClient } from "./client";
import { PeriodUnit } from "./planner/period";
import { RenewalMode } from "./phone-state";

/**
 * Moves a phone to the Billing Center tab its `mode` names, with the fewest calls: auto-renew on or off and
 * pay-per-use-after-expiry SET_UP or CANCEL ("manual renewal" has no API of its own: it is both off).
 */
export async function applyMode(
  client: KooPhoneClient,
  phoneId: string,
  current: RenewalMode,
  desired: RenewalMode,
  periodUnit: PeriodUnit,
): Promise<void> {
  if (current === desired) return;
  if (current === "auto") await client.disableAutoRenew(phoneId);
  if (current === "payPerUseAfterExpiry") await setPayPerUse(client, phoneId, "CANCEL");
  if (desired === "auto") {
    await client.enableAutoRenew(phoneId, {
      auto_renew_times: 0,
      period_type: periodUnit === "year" ? "YEAR" : "MONTH",
    });
  }
  if (desired === "payPerUseAfterExpiry") await setPayPerUse(client, phoneId, "SET_UP");
}

/** Turns every renewal automation off (`onDelete: "manual"`). */
export async function releaseToManual(
  client: KooPhoneClient,
  phoneId: string,
  current: RenewalMode,
): Promise<void> {
  await applyMode(client, phoneId, current, "manual", "month");
}

async function setPayPerUse(
  client: KooPhoneClient,
  phoneId: string,
  operation: "SET_UP" | "CANCEL",
): Promise<void> {
  const response = await client.toOnDemand({ operation, resource_ids: [phoneId] });
  const failure = (response.error_details ?? []).find((d) => d.id === phoneId);
  if (failure !== undefined) {
    throw new Error(
      `pay-per-use after expiry ${operation} for ${phoneId} failed: ${failure.error_code} ${failure.error_msg}`,
    );
  }
}
