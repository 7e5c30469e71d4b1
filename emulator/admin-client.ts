// A typed client of the emulator's admin API (/_emulator/...), for tests, examples and the demo.
import axios, { AxiosInstance } from "axios";
import type { Period } from "../provider/planner/period";
import type { Fault, SeedOptions, SeededPhone, StateDump, StoredFault } from "./types";

export class EmulatorAdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "EmulatorAdminError";
  }
}

export interface ClockShift {
  days?: number;
  hours?: number;
  minutes?: number;
}

export interface ConsoleRenewal {
  orderId: string;
  expireTime: string;
  amount: number;
}

export class EmulatorAdmin {
  private readonly http: AxiosInstance;

  constructor(readonly baseUrl: string) {
    // proxy: false: the emulator is on loopback; an HTTP(S)_PROXY in the environment must not capture it.
    this.http = axios.create({ baseURL: `${baseUrl}/_emulator`, proxy: false, validateStatus: () => true });
  }

  private async call<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
    const res = await this.http.request({ method, url: path, data: body });
    if (res.status >= 400) {
      const data = (res.data ?? {}) as { error_code?: string; error_msg?: string };
      throw new EmulatorAdminError(
        res.status,
        data.error_code,
        `emulator admin ${method} ${path}: HTTP ${res.status} ${data.error_code ?? ""} ${data.error_msg ?? ""}`.trim(),
      );
    }
    return res.data as T;
  }

  seed(opts: SeedOptions): Promise<{ phones: SeededPhone[] }> {
    return this.call("POST", "/seed", opts);
  }

  /** The virtual clock, as an API time (yyyy-MM-ddTHH:mm:ssZ). */
  async getClock(): Promise<string> {
    return (await this.call<{ now: string }>("GET", "/clock")).now;
  }

  /** Sets the clock (any ISO time); moving it forward runs what falls due on the way. */
  async setClock(iso: string): Promise<string> {
    return (await this.call<{ now: string }>("PUT", "/clock", { now: iso })).now;
  }

  /** Moves the clock forward, running auto-renew charges and expiry transitions in time order. */
  async advanceClock(by: ClockShift): Promise<string> {
    return (await this.call<{ now: string }>("POST", "/clock/advance", by)).now;
  }

  async addFault(fault: Fault): Promise<StoredFault> {
    return (await this.call<{ fault: StoredFault }>("POST", "/faults", fault)).fault;
  }

  async listFaults(): Promise<StoredFault[]> {
    return (await this.call<{ faults: StoredFault[] }>("GET", "/faults")).faults;
  }

  /** Removes every fault and lifts frozen-phone freezes. */
  async clearFaults(): Promise<void> {
    await this.call("DELETE", "/faults");
  }

  /** Signed API calls per short API name (see API_NAMES) since the start or the last reset. */
  counters(): Promise<Record<string, number>> {
    return this.call("GET", "/counters");
  }

  /** The calls answered 429 per short API name, counted in counters() too; reset with them. */
  throttled(): Promise<Record<string, number>> {
    return this.call("GET", "/throttled");
  }

  async resetCounters(): Promise<void> {
    await this.call("DELETE", "/counters");
  }

  /** Renews a phone as someone in the console would: a paid renewal order, outside the API. */
  consoleRenew(resourceId: string, period: Period): Promise<ConsoleRenewal> {
    return this.call("POST", "/console-renew", { resourceId, period });
  }

  async setBalance(amount: number): Promise<number> {
    return (await this.call<{ balance: number }>("PUT", "/balance", { amount })).balance;
  }

  /** Adds to the balance, as a payment into the account does; resolves with the balance after. */
  async topUp(amount: number): Promise<number> {
    return (await this.call<{ balance: number }>("POST", "/balance/top-up", { amount })).balance;
  }

  async getBalance(): Promise<number> {
    return (await this.call<{ balance: number }>("GET", "/balance")).balance;
  }

  state(): Promise<StateDump> {
    return this.call("GET", "/state");
  }

  /** Back to an empty cloud (the clock stays where it is); counters are reset too. */
  async reset(): Promise<void> {
    await this.call("POST", "/reset");
  }
}
