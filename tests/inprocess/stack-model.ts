// One stack's runs as the engine makes them of FLEET_PROJECT (an optional RenewalPolicy and one
// KooPhoneSubscription per phone under it), called in-process: what the engine passes each provider method and what
// it records from the answer. Each command is a new provider process (a new run of `providerRuns`).
//
// What it follows of Pulumi 3.248 (pkg/resource/deploy, cmd/dynamic-provider):
// - Inputs and outputs cross the wire as protobuf structs: undefined values are dropped.
// - `check` gets the recorded inputs and the program's (with `__provider`); its failures fail the step.
// - A recorded resource is diffed; with changes, or with init errors from an earlier partial failure, it is updated;
//   without, the checked inputs are recorded and the outputs kept. A new one is created.
// - A failed create records nothing and a failed update keeps the old record, unless the error carries an id and
//   properties (a PartialFailure): those are recorded, with init errors.
// - Every subscription depends on the policy: its steps start once the policy's step is done, all at once (as
//   `--parallel 64` runs a dozen phones); the policy's failure leaves them unregistered.
// - `up` deletes the recorded subscriptions the program no longer declares, after the other steps succeeded.
// - `refresh` reads each recorded resource and keeps its inputs; a read clears init errors. `destroy` deletes the
//   subscriptions, given their outputs only, then the policy.
import type { PolicyInputs, PolicyOutputs } from "../../provider/resources/policy-state";
import { PartialFailure } from "../../provider/resources/partial-failure";
import type { SubscriptionInputs, SubscriptionOutputs } from "../../provider/resources/subscription-state";
import type { ProviderRuns } from "./provider-fixture";
import { SERIALIZED_PROVIDER } from "./provider-fixture";

type Props = Record<string, unknown>;

/** What the state holds of one resource. */
export interface Recorded {
  inputs: Props;
  outputs: Props;
  /** The reasons of a partial failure: the next `up` updates the resource whatever its diff says. */
  initErrors?: string[];
}

/** The program's declarations: the policy's inputs (none when absent) and the fleet's settings and phones. */
export interface Declared {
  policy?: Props;
  fleet: Props & { phoneIds: string[] };
  /** Per phone, the subscription's own settings, which win over the fleet's and the policy's. */
  overrides?: Record<string, Props>;
}

/** A failed step: the resource (a phone id, or "policy") and the message the engine shows under it. */
export interface StepError {
  resource: string;
  message: string;
}

/** What a preview would do with each resource: "create", "update", "same" or "delete". */
export type PreviewOps = Map<string, "create" | "update" | "same" | "delete">;

/** Outcome of one command. */
export interface CommandResult {
  result: "succeeded" | "failed";
  errors: StepError[];
}

const POLICY = "policy";

/** Through the wire: a protobuf struct keeps no undefined value. */
function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The steps of these resources, all at once: each failure as the error shown under its resource. */
async function steps(resources: string[], work: (resource: string) => Promise<void>): Promise<StepError[]> {
  const outcomes = await Promise.allSettled(resources.map(work));
  return outcomes.flatMap((outcome, i) =>
    outcome.status === "rejected" ? [{ resource: resources[i], message: messageOf(outcome.reason) }] : [],
  );
}

function outcome(errors: StepError[]): CommandResult {
  return { result: errors.length === 0 ? "succeeded" : "failed", errors };
}

export class ModelStack {
  /** The state: the policy under POLICY, each subscription under its phone id. */
  readonly state = new Map<string, Recorded>();

  constructor(
    private readonly runs: ProviderRuns,
    public declared: Declared,
    /** Stack config beyond the fixture's (an undefined value removes a key); the next run reads it. */
    public config: Record<string, string | undefined> = {},
  ) {}

  /** A subscription's inputs as the SDK hands them to the engine: the fleet's settings, the phone, the policy's. */
  private subscriptionNews(phoneId: string): Props {
    const { phoneIds: _all, ...settings } = this.declared.fleet;
    const { deductionDaysBeforeExpiry: _accountOnly, ...defaults } = this.declared.policy ?? {};
    return wire({
      ...settings,
      ...this.declared.overrides?.[phoneId],
      phoneId,
      ...(this.declared.policy ? { policy: defaults } : {}),
      __provider: SERIALIZED_PROVIDER,
    });
  }

  /** `check`, as the host answers it: the checked inputs with `__provider`, or the failures as one message. */
  private async check(resource: string, news: Props): Promise<Props> {
    const { providers } = this.runs;
    const olds = this.state.get(resource)?.inputs ?? {};
    const provider = resource === POLICY ? providers().policy : providers().subscription;
    const result = await provider.check(olds, news);
    const failures = result.failures ?? [];
    if (failures.length > 0) {
      throw new Error(failures.map((f) => `property ${f.property} has a problem: ${f.reason}`).join("\n"));
    }
    return { ...wire(result.inputs as Props), __provider: SERIALIZED_PROVIDER };
  }

  /** `diff` of a recorded resource against checked inputs; init errors make it an update. */
  private async changes(resource: string, checked: Props): Promise<boolean> {
    const recorded = this.state.get(resource);
    if (recorded === undefined) return true;
    if (recorded.initErrors !== undefined) return true;
    const { providers } = this.runs;
    const diff =
      resource === POLICY
        ? await providers().policy.diff(resource, recorded.outputs as PolicyOutputs, checked as PolicyInputs)
        : await providers().subscription.diff(
            resource,
            recorded.outputs as SubscriptionOutputs,
            checked as SubscriptionInputs,
          );
    return diff.changes !== false;
  }

  /** The create or update of one resource, recorded as the engine records its answer. */
  private async apply(resource: string, checked: Props): Promise<void> {
    const recorded = this.state.get(resource);
    if (recorded !== undefined && !(await this.changes(resource, checked))) {
      this.state.set(resource, { inputs: checked, outputs: recorded.outputs });
      return;
    }
    const { providers } = this.runs;
    try {
      let outs: Props | undefined;
      if (resource === POLICY) {
        outs = recorded
          ? (
              await providers().policy.update(
                resource,
                recorded.outputs as PolicyOutputs,
                checked as PolicyInputs,
              )
            ).outs
          : (await providers().policy.create(checked as PolicyInputs)).outs;
      } else {
        const inputs = checked as SubscriptionInputs;
        outs = recorded
          ? (await providers().subscription.update(resource, recorded.outputs as SubscriptionOutputs, inputs))
              .outs
          : (await providers().subscription.create(inputs)).outs;
      }
      this.state.set(resource, {
        inputs: checked,
        outputs: wire({ ...outs, __provider: SERIALIZED_PROVIDER }),
      });
    } catch (error) {
      if (error instanceof PartialFailure) {
        this.state.set(resource, {
          inputs: checked,
          outputs: wire(error.properties),
          initErrors: error.reasons,
        });
      }
      throw error;
    }
  }

  /** `pulumi up`: the policy first, then every declared phone at once. */
  async up(): Promise<CommandResult> {
    this.runs.newRun(this.config);
    const { policy, fleet } = this.declared;
    if (policy !== undefined) {
      const errors = await steps([POLICY], async () =>
        this.apply(POLICY, await this.check(POLICY, wire({ ...policy, __provider: SERIALIZED_PROVIDER }))),
      );
      if (errors.length > 0) return outcome(errors);
    }
    const errors = await steps(fleet.phoneIds, async (phoneId) =>
      this.apply(phoneId, await this.check(phoneId, this.subscriptionNews(phoneId))),
    );
    if (errors.length > 0) return outcome(errors);
    return outcome(await steps(this.undeclared(), (phoneId) => this.deleteSubscription(phoneId)));
  }

  /** The recorded subscriptions the program no longer declares: `up` deletes them once the rest succeeded. */
  private undeclared(): string[] {
    const declared = new Set(this.declared.fleet.phoneIds);
    return [...this.state.keys()].filter((r) => r !== POLICY && !declared.has(r));
  }

  /** `pulumi preview`: check and diff only; what each resource's step would be. */
  async preview(): Promise<CommandResult & { ops: PreviewOps }> {
    this.runs.newRun(this.config);
    const ops: PreviewOps = new Map();
    const plan = async (resource: string, news: Props) => {
      const checked = await this.check(resource, news);
      const recorded = this.state.has(resource);
      ops.set(resource, !recorded ? "create" : (await this.changes(resource, checked)) ? "update" : "same");
    };
    const { policy, fleet } = this.declared;
    const errors =
      policy === undefined
        ? []
        : await steps([POLICY], () => plan(POLICY, wire({ ...policy, __provider: SERIALIZED_PROVIDER })));
    errors.push(...(await steps(fleet.phoneIds, (id) => plan(id, this.subscriptionNews(id)))));
    for (const phoneId of this.undeclared()) ops.set(phoneId, "delete");
    return { ...outcome(errors), ops };
  }

  /** `pulumi refresh`: each recorded resource read; the outputs it answers recorded, the inputs kept. */
  async refresh(): Promise<CommandResult> {
    this.runs.newRun(this.config);
    const { providers } = this.runs;
    const errors = await steps([...this.state.keys()], async (resource) => {
      const recorded = this.state.get(resource) as Recorded;
      const read =
        resource === POLICY
          ? await providers().policy.read(resource, recorded.outputs as PolicyOutputs)
          : await providers().subscription.read(resource, recorded.outputs as SubscriptionOutputs);
      this.state.set(resource, {
        inputs: recorded.inputs,
        outputs: wire({ ...read.props, __provider: SERIALIZED_PROVIDER }),
      });
    });
    return outcome(errors);
  }

  /** `pulumi destroy`: the subscriptions (which depend on the policy) first, then the policy. */
  async destroy(): Promise<CommandResult> {
    this.runs.newRun(this.config);
    const phones = [...this.state.keys()].filter((r) => r !== POLICY);
    const errors = await steps(phones, (phoneId) => this.deleteSubscription(phoneId));
    if (errors.length === 0 && this.state.has(POLICY)) {
      errors.push(...(await steps([POLICY], () => this.deletePolicy())));
    }
    return outcome(errors);
  }

  private async deleteSubscription(phoneId: string): Promise<void> {
    const recorded = this.state.get(phoneId) as Recorded;
    await this.runs.providers().subscription.delete(phoneId, recorded.outputs as SubscriptionOutputs);
    this.state.delete(phoneId);
  }

  private async deletePolicy(): Promise<void> {
    await this.runs.providers().policy.delete();
    this.state.delete(POLICY);
  }
}
