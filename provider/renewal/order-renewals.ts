// The renewal pipeline: one renew call per batch, then each phone's outcome (ordered, held, unknown, refused) is
// turned into the next action: pay the order, cancel it when its phones were renewed meanwhile, reconcile, or
// order once more. Mutations are never retried blindly: a phone is ordered again only when no order of it exists.
import type { DateTime } from "luxon";
import { KooPhoneApiError, PENDING_ORDER_CODES, PendingOrderError, UnknownOutcomeError } from "../client";
import { messageOf } from "../error-message";
import { formatApiTime } from "../planner/billing-time";
import type { OrderTotal, RenewalContext, RenewalOrderRequest, RenewalOrderResult } from "./context";
import { RenewalError } from "./errors";
import { cancelUnlessPaid, orderOfPhones, payOnce, placeUnpaid } from "./order-gateway";
import { paymentFailure } from "./payment-failure";
import { coveredPhones, findPaidRenewals, Reconciled, reconcileHeld, reconcileUnknown } from "./reconcile";
import { chargedQuotes, quotedRenewal, renewedBy } from "./renewed";

type Result = RenewalOrderResult | Error;

/** What renew said about one phone. */
type Outcome =
  | { kind: "ordered"; orderId: string }
  | { kind: "held" }
  | { kind: "unknown"; mayLandLater: boolean }
  | { kind: "refused"; error: Error };

/** Network codes of a request that timed out: the server may still carry it out after we stop waiting. */
const TIMEOUT_CODES = new Set(["ECONNABORTED", "ETIMEDOUT"]);

/** How long before a renew call its orders may have been created, as Billing Center's clock tells. */
const CLOCK_SLACK = { minutes: 5 };

/**
 * Renews up to 10 phones of one period: one unpaid order, paid once. The unpaid order holds its phones, so a
 * pipeline racing this one for a phone finds this order instead of renewing the phone a second time; a phone
 * renewed first by such a pipeline is seen covered once held, and its order is cancelled instead of paid.
 */
export async function orderRenewals(
  context: RenewalContext,
  requests: RenewalOrderRequest[],
): Promise<Result[]> {
  const results = new Map<string, Result>();
  let round = requests;
  for (let attempt = 0; round.length > 0; attempt++) {
    const settled = await renewRound(context, round, attempt === 0);
    round = round.filter((r, i) => {
      const outcome = settled[i];
      if (outcome !== "none") results.set(r.phoneId, outcome);
      return outcome === "none";
    });
  }
  return requests.map((r) => results.get(r.phoneId) as Result); // every phone settled by the loop above
}

/** One renew call and what follows it; "none" for a phone that may be ordered once more. */
async function renewRound(
  context: RenewalContext,
  requests: RenewalOrderRequest[],
  mayOrderAgain: boolean,
): Promise<(Result | "none")[]> {
  const since = context.now().minus(CLOCK_SLACK);
  const outcomes = await placeOrders(context, requests);
  const settled: Reconciled[] = outcomes.map((o) => (o.kind === "refused" ? o.error : "none"));
  const pick = (kind: Outcome["kind"]) => requests.filter((_, i) => outcomes[i].kind === kind);
  const fill = (subset: RenewalOrderRequest[], values: Reconciled[]) =>
    subset.forEach((r, i) => (settled[requests.indexOf(r)] = values[i]));

  // Each kind is settled on its own: a lookup failing for one kind leaves the others' results (and payments) intact.
  const [ordered, held, unknown] = [pick("ordered"), pick("held"), pick("unknown")];
  const orderIds = ordered.map((r) => (outcomes[requests.indexOf(r)] as { orderId: string }).orderId);
  const steps: [
    RenewalOrderRequest[],
    () => Promise<Reconciled[]>,
    (e: unknown, phoneId: string) => Error,
  ][] = [
    [ordered, () => settleOrdered(context, ordered, orderIds, since), asError],
    [held, () => reconcileHeld(context, held, since, orderIds), (e, id) => unsettled(e, "held", id)],
    [unknown, () => reconcileUnknown(context, unknown, since), (e, id) => unsettled(e, "unknown", id)],
  ];
  for (const [subset, step, failure] of steps) {
    if (subset.length === 0) continue;
    fill(subset, await step().catch((e: unknown) => subset.map((r) => failure(e, r.phoneId))));
  }

  return settled.map((s, i) => {
    if (s !== "none") return s;
    const outcome = outcomes[i];
    const landsLater = outcome.kind === "unknown" && outcome.mayLandLater;
    if (mayOrderAgain && !landsLater) return "none";
    const phoneId = requests[i].phoneId;
    return new RenewalError(
      outcome.kind === "held"
        ? `an unfinished order holds ${phoneId}, and no renewal order of it was found; pay or cancel that order ` +
            `in the Billing Center (Orders > My Orders), then run pulumi up again`
        : `the outcome of the renewal of ${phoneId} is unknown and no order of it was found; ` +
            `run pulumi up again: it looks for the order first and never renews twice`,
      [phoneId],
    );
  });
}

/** A phone whose orders could not be looked up: nothing was paid for it in this run, an order may hold it. */
function unsettled(error: unknown, kind: "held" | "unknown", phoneId: string): Error {
  const state = kind === "held" ? "an unfinished order holds it" : "its renewal may have been ordered";
  return new RenewalError(
    `the renewal orders of ${phoneId} could not be looked up (${asError(error).message}); ${state}, and nothing ` +
      `was paid for it. Run pulumi up again: it looks for the order first, pays it if it is unpaid, and never ` +
      `renews twice.`,
    [phoneId],
  );
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

async function placeOrders(context: RenewalContext, requests: RenewalOrderRequest[]): Promise<Outcome[]> {
  const { periodUnit, periodCount } = requests[0].plan;
  const phoneIds = requests.map((r) => r.phoneId);
  let placed;
  try {
    placed = await placeUnpaid(context.client, phoneIds, { unit: periodUnit, count: periodCount });
  } catch (error) {
    if (error instanceof UnknownOutcomeError) {
      return requests.map(() => ({
        kind: "unknown",
        mayLandLater: TIMEOUT_CODES.has(error.networkCode ?? ""),
      }));
    }
    if (error instanceof PendingOrderError) return requests.map(() => ({ kind: "held" }));
    return requests.map(() => ({ kind: "refused", error: refusal(error, phoneIds) }));
  }
  const orderedIds = phoneIds.filter((id) => !placed.refused.has(id));
  // Unpaid orders hold these phones whatever happens next: a phone that cannot be placed is reconciled as held.
  const orderOf = await orderOfPhones(context.history, placed.orderIds, orderedIds).catch(
    () => new Map<string, string>(),
  );
  return phoneIds.map((id): Outcome => {
    const refused = placed.refused.get(id);
    if (refused !== undefined && PENDING_ORDER_CODES.has(refused.code)) return { kind: "held" };
    if (refused !== undefined) {
      const words = `renewal of ${id} refused: ${refused.code} ${refused.message ?? ""}`.trim();
      return { kind: "refused", error: new RenewalError(words, [id], refused.code) };
    }
    const orderId = orderOf.get(id);
    return orderId !== undefined ? { kind: "ordered", orderId } : { kind: "held" };
  });
}

/**
 * Phones in orders we just placed: an order whose phones are all still short is paid; one holding a phone renewed
 * meanwhile is cancelled, and its other phones are ordered again. An order another pipeline paid first renewed
 * its phones: recorded as ours, with no cancel to fail.
 */
async function settleOrdered(
  context: RenewalContext,
  requests: RenewalOrderRequest[],
  orderIds: string[],
  since: DateTime,
): Promise<Reconciled[]> {
  const phones = await Promise.all(requests.map((r) => context.readPhone(r.phoneId))).catch(
    (error: unknown): never => {
      const orders = [...new Set(orderIds)].join(", ");
      throw new RenewalError(
        `renewal order ${orders} was placed but not paid: the phones could not be read again to check that no ` +
          `one renewed them meanwhile (${messageOf(error)}). Run pulumi up ` +
          `again: it finds and pays the unpaid order; it never orders twice.`,
        requests.map((r) => r.phoneId),
      );
    },
  );
  const coveredNow = coveredPhones(requests, phones);
  const covered = requests.map((r) => coveredNow.some((c) => c.request === r));
  const results: Reconciled[] = [];
  const paid: string[] = [];
  const membersOf = (orderId: string) => orderIds.flatMap((id, i) => (id === orderId ? [i] : []));
  for (const orderId of new Set(orderIds)) {
    const members = membersOf(orderId);
    const memberIds = members.map((i) => requests[i].phoneId);
    if (!members.some((i) => covered[i])) {
      const failure = await payOnce(context.client, orderId).then(
        () => undefined,
        (error: unknown) => paymentFailure(context.client, error, orderId, memberIds, true),
      );
      if (failure === undefined) paid.push(orderId);
      for (const i of members) results[i] = failure ?? "none";
      continue;
    }
    const cancelled = await cancelUnlessPaid(context.client, orderId).catch((error: unknown) => error);
    for (const i of members) {
      if (cancelled === "paid")
        results[i] = await renewedBy(context.history, orderId, planTimes(requests[i]));
      else if (cancelled !== "cancelled") results[i] = cancelFailure(orderId, memberIds, cancelled);
      else results[i] = "none";
    }
  }
  // Each phone's expiry just before its order was paid: where that order's renewal started.
  const froms = requests.map((r, i) => phones[i]?.expire_time ?? formatApiTime(r.plan.from));
  await describePaid(context, { requests, froms }, paid, membersOf, since, results);
  // Renewed by an order paid just before ours was placed (another batch or stack): recorded with that order.
  const renewedElsewhere = coveredNow.filter((c) => results[requests.indexOf(c.request)] === "none");
  // A lookup failing here must not fail the batch: orders of it may be paid by now. The phones are covered.
  const found = await findPaidRenewals(context, renewedElsewhere, since, orderIds).catch(() =>
    renewedElsewhere.map((): Reconciled => ({ kind: "covered" })),
  );
  renewedElsewhere.forEach((c, i) => (results[requests.indexOf(c.request)] = found[i]));
  return results;
}

/**
 * Describes the renewals of the orders this batch paid. An order whose total is its phones' quotes charged each
 * phone its quote, so the plan and the quote describe the renewal; the totals of all orders paid at about the same
 * time come from one order listing. Any other order's line items are read (its details, one call per order).
 */
async function describePaid(
  context: RenewalContext,
  { requests, froms }: { requests: RenewalOrderRequest[]; froms: string[] },
  paid: string[],
  membersOf: (orderId: string) => number[],
  since: DateTime,
  results: Reconciled[],
): Promise<void> {
  if (paid.length === 0) return;
  // The money moved whatever the listing answers: without it, each order's details are read instead.
  const totals = await context.orderTotals(paid, since).catch(() => new Map<string, OrderTotal>());
  for (const orderId of paid) {
    const members = membersOf(orderId);
    const charged = chargedQuotes(
      totals.get(orderId),
      members.map((i) => requests[i].quote),
    );
    for (const [k, i] of members.entries()) {
      results[i] = charged
        ? quotedRenewal(orderId, charged[k], requests[i].plan, froms[i])
        : await renewedBy(context.history, orderId, planTimes(requests[i]));
    }
  }
}

function planTimes(request: RenewalOrderRequest): { from: string; to: string } {
  return { from: formatApiTime(request.plan.from), to: formatApiTime(request.plan.to) };
}

function cancelFailure(orderId: string, phoneIds: string[], error: unknown): RenewalError {
  const cause = messageOf(error);
  return new RenewalError(
    `renewal order ${orderId} for ${phoneIds.join(", ")} was not paid, because some of its phones were renewed ` +
      `meanwhile, and cancelling it failed (${cause}). Cancel it in the Billing Center (Orders > My Orders), then ` +
      `run pulumi up again; paying it would renew those phones twice.`,
    phoneIds,
    error instanceof KooPhoneApiError ? error.code : undefined,
  );
}

function refusal(error: unknown, phoneIds: string[]): Error {
  if (error instanceof KooPhoneApiError) {
    return new RenewalError(
      `renewal of ${phoneIds.join(", ")} failed: ${error.message}`,
      phoneIds,
      error.code,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
