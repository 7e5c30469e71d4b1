// What an API handler is: a function of the state, the request and the virtual time. A handler that mutates
// works on a draft: throwing an ApiError discards it, returning (even an error answer) commits it.
import { CODE } from "../../provider/client/billing-codes";
import type { DateTime } from "luxon";
import type { ApiError } from "../api-error";
import type { ApiName } from "../api-names";
import type { EmulatorState } from "../types";

export interface HandlerRequest {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  /** The body exactly as received. */
  body: string;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
}

export type Handler = (state: EmulatorState, req: HandlerRequest, now: DateTime) => HandlerResult;

export interface Route {
  api: ApiName;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path segments; a segment `{name}` captures a parameter. */
  path: string;
  mutates: boolean;
  handle: Handler;
}

export function ok(body: unknown): HandlerResult {
  return { status: 200, body };
}

export const NO_CONTENT: HandlerResult = { status: 204 };

/** An error answer that still commits the draft (e.g. a fault was used up deciding it). */
export function errorResult(error: ApiError): HandlerResult {
  return { status: error.httpStatus, body: error.body() };
}

export const SUCCESS_BODY = { error_code: CODE.success, error_msg: "success" };
