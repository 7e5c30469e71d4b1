// A new, empty cloud: no phones, a funded account, the default auto-renew deduction (7 days before expiry).
import { DEFAULT_DEDUCTION_DAYS } from "./billing";
import type { EmulatorState } from "./types";

export const DEFAULT_BALANCE_CENTS = 100_000_00;

export function initialState(now: string): EmulatorState {
  return {
    version: 1,
    now,
    balanceCents: DEFAULT_BALANCE_CENTS,
    config: { deductionDate: String(DEFAULT_DEDUCTION_DAYS) },
    phones: [],
    subscriptions: [],
    orders: [],
    faults: [],
    nextSeq: 1,
  };
}
