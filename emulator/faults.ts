// Injected faults. Request faults (5xx, 429, latency, reset, commit-then-drop) are taken by the server before a
// handler runs; insufficient-balance is taken when a payment is attempted; frozen-phone freezes a phone when it is
// added and lasts until clearFaults. Counted faults disappear when spent; count -1 never runs out.
import { ApiError } from "./api-error";
import { newFaultId } from "./ids";
import type { EmulatorState, Fault, FaultKind, StoredFault } from "./types";

export const REQUEST_FAULT_KINDS: readonly FaultKind[] = [
  "latency",
  "429",
  "5xx",
  "reset",
  "commit-then-drop",
];

export const DEFAULT_LATENCY_MS = 2000;

export function addFault(state: EmulatorState, fault: Fault): StoredFault {
  if (fault.kind === "frozen-phone") {
    const phone = state.phones.find((p) => p.instanceId === fault.resourceId);
    if (!phone)
      throw new ApiError(400, "EMULATOR.BAD_FAULT", "frozen-phone needs the resourceId of an existing phone");
    phone.adminFrozen = true;
  }
  const stored: StoredFault = { ...fault, id: newFaultId(state), remaining: fault.count ?? 1 };
  if (stored.remaining === 0 || stored.remaining < -1) {
    throw new ApiError(
      400,
      "EMULATOR.BAD_FAULT",
      "count must be a positive number of times, or -1 for forever",
    );
  }
  state.faults.push(stored);
  return stored;
}

/** Removes every fault and lifts the freezes that frozen-phone faults put on phones. */
export function clearFaults(state: EmulatorState): void {
  for (const phone of state.phones) phone.adminFrozen = false;
  state.faults = [];
}

/** Does this fault aim at this API and (when it names one) this resource? */
function aims(fault: StoredFault, api: string, mentions: (resourceId: string) => boolean): boolean {
  if (fault.api !== undefined && fault.api !== api) return false;
  return fault.resourceId === undefined || mentions(fault.resourceId);
}

/** Takes one firing of the first fault of `kind` aimed at `api`; undefined when none is. */
export function takeFault(
  state: EmulatorState,
  kind: FaultKind,
  api: string,
  mentions: (resourceId: string) => boolean,
): StoredFault | undefined {
  const fault = state.faults.find((f) => f.kind === kind && aims(f, api, mentions));
  if (!fault) return undefined;
  if (fault.remaining > 0) fault.remaining -= 1;
  if (fault.remaining === 0) state.faults = state.faults.filter((f) => f !== fault);
  return fault;
}

/** The request faults that fire for one request, at most one of each kind, in the order the server applies them. */
export function takeRequestFaults(state: EmulatorState, api: string, requestText: string): StoredFault[] {
  const mentions = (resourceId: string): boolean => requestText.includes(resourceId);
  return REQUEST_FAULT_KINDS.flatMap((kind) => takeFault(state, kind, api, mentions) ?? []);
}
