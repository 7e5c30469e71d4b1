// Identifiers the emulator hands out. Order ids follow the Billing Center shape (CS + yyMMddHHmm + 5 letters).
import { DateTime } from "luxon";
import { BILLING_ZONE } from "../provider/planner/billing-time";
import type { EmulatorState } from "./types";

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function takeSeq(state: EmulatorState): number {
  const seq = state.nextSeq;
  state.nextSeq += 1;
  return seq;
}

function letters(seq: number, width: number): string {
  let out = "";
  let rest = seq;
  for (let i = 0; i < width; i++) {
    out = LETTERS[rest % 26] + out;
    rest = Math.floor(rest / 26);
  }
  return out;
}

export function newOrderId(state: EmulatorState, now: DateTime): string {
  return `CS${now.setZone(BILLING_ZONE).toFormat("yyMMddHHmm")}${letters(takeSeq(state), 5)}`;
}

export function lineItemId(orderId: string, index: number): string {
  return `${orderId}-${String(index + 1).padStart(6, "0")}`;
}

export function newSubscriptionId(state: EmulatorState): string {
  return `SUB${String(takeSeq(state)).padStart(10, "0")}`;
}

export function newFaultId(state: EmulatorState): number {
  return takeSeq(state);
}
