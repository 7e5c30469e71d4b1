// Request validation. Bodies are strict (an unknown field is refused: the emulator's choice, so a client's typo
// is caught here rather than silently ignored); query strings ignore parameters they do not know. Every
// refusal names the field: CBC.0100 for BSS, KOOPHONE.API.1000 for KooPhone.
import { z } from "zod";
import { parseApiTime } from "../provider/planner/billing-time";
import { ApiError, koophoneParameterError, parameterError } from "./api-error";

const apiTime = z.string().refine((text) => {
  try {
    parseApiTime(text);
    return true;
  } catch {
    return false;
  }
}, "expected a UTC time yyyy-MM-ddTHH:mm:ssZ");

const resourceId = z.string().min(1).max(64);
const zeroOrOne = z.union([z.literal(0), z.literal(1)], { error: "expected 0 or 1" });

export const queryResourcesBody = z.strictObject({
  resource_ids: z.array(resourceId).max(50).optional(),
  order_id: z.string().min(1).max(64).optional(),
  only_main_resource: zeroOrOne.optional(),
  status_list: z
    .array(
      z.union([z.literal(2), z.literal(3), z.literal(4), z.literal(5)], { error: "expected 2, 3, 4 or 5" }),
    )
    .optional(),
  expire_time_begin: apiTime.optional(),
  expire_time_end: apiTime.optional(),
  service_type_code: z.string().min(1).max(64).optional(),
  offset: z.int().min(0).optional(),
  limit: z.int().min(1).max(100).optional(),
});

const periodType = z.union([z.literal(2), z.literal(3)], { error: "expected 2 (month) or 3 (year)" });
const periodNum = z.int().min(1).max(11);

export const renewBody = z.strictObject({
  resource_ids: z.array(resourceId).min(1).max(10),
  period_type: periodType,
  period_num: periodNum,
  is_auto_pay: zeroOrOne.optional(),
  /** Deprecated: accepted and ignored. */
  expire_policy: z.int().optional(),
});

export const renewRateBody = z.strictObject({
  resource_ids: z.array(resourceId).min(1).max(10),
  period_type: periodType,
  period_num: periodNum,
  include_relative_resources: z.boolean().optional(),
});

export const autoRenewBody = z.strictObject({
  auto_renew_times: z.int().min(0).max(99).optional(),
  period_type: z.enum(["MONTH", "YEAR"]).optional(),
});

export const toOnDemandBody = z.strictObject({
  operation: z.enum(["SET_UP", "CANCEL"]),
  resource_ids: z.array(resourceId).min(1).max(100),
});

export const renewConfigBody = z.strictObject({
  config_name: z.enum(["EXPIRE_DATE", "DEDUCTION_DATE"]),
  config_value: z.string().min(1).max(8),
});

export const payBody = z.strictObject({
  order_id: z.string().min(1).max(64),
  use_coupon: z.enum(["YES", "NO"]),
  use_discount: z.enum(["YES", "NO"]),
  coupon_infos: z.array(z.unknown()).optional(),
  discount_infos: z.array(z.unknown()).optional(),
});

export const cancelOrderBody = z.strictObject({
  order_id: z.string().min(1).max(64),
});

export const instancesStatusBody = z.strictObject({
  instance_ids: z.array(z.string().min(1).max(32)).min(1).max(100),
});

const queryInt = (min: number, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "required" : "expected an integer") })
    .regex(/^-?\d+$/, "expected an integer")
    .transform(Number)
    .pipe(z.int().min(min).max(max));

export const ordersListQuery = z.object({
  order_id: z.string().max(64).optional(),
  create_time_begin: apiTime.optional(),
  create_time_end: apiTime.optional(),
  service_type_code: z.string().max(64).optional(),
  status: queryInt(1, 9).optional(),
  order_type: queryInt(1, 15).optional(),
  limit: queryInt(1, 100).optional(),
  offset: queryInt(0, 1_000_000).optional(),
  order_by: z.enum(["createTime", "-createTime"]).optional(),
});

export const orderDetailsQuery = z.object({
  limit: queryInt(1, 100).optional(),
  offset: queryInt(0, 1_000_000).optional(),
});

export const instancesQuery = z.object({
  page_no: queryInt(1, 1_000_000),
  page_size: queryInt(1, 100),
  instance_id: z.string().max(32).optional(),
  instance_name: z.string().max(128).optional(),
});

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    "",
  );
}

/** One sentence naming the field at fault. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const at = fieldPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const names = issue.keys.map((key) => (at ? `${at}.${key}` : key));
    return `Unknown parameter ${names.map((n) => `"${n}"`).join(", ")}: not accepted by this API`;
  }
  return `Invalid parameter "${at || "(body)"}": ${issue.message}`;
}

/** null means "not given" for the APIs (the official SDKs send null for unset fields). */
function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

function validate<T>(schema: z.ZodType<T>, value: unknown, fail: (message: string) => ApiError): T {
  const result = schema.safeParse(value);
  if (!result.success) throw fail(describeIssue(result.error.issues[0]));
  return result.data;
}

function parseJson(raw: string, fail: (message: string) => ApiError): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw fail('Invalid parameter "(body)": the request body is not valid JSON');
  }
}

/** A BSS JSON body, validated; CBC.0100 naming the field otherwise. */
export function bssBody<T>(schema: z.ZodType<T>, raw: string): T {
  return validate(schema, withoutNulls(parseJson(raw, parameterError)), parameterError);
}

/** A KooPhone JSON body, validated; KOOPHONE.API.1000 naming the field otherwise. */
export function koophoneBody<T>(schema: z.ZodType<T>, raw: string): T {
  return validate(schema, withoutNulls(parseJson(raw, koophoneParameterError)), koophoneParameterError);
}

type RawQuery = Record<string, string | string[]>;

function singleValued(query: RawQuery, fail: (message: string) => ApiError): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) throw fail(`Invalid parameter "${key}": given more than once`);
    if (value !== "") flat[key] = value;
  }
  return flat;
}

export function bssQuery<T>(schema: z.ZodType<T>, query: RawQuery): T {
  return validate(schema, singleValued(query, parameterError), parameterError);
}

export function koophoneQuery<T>(schema: z.ZodType<T>, query: RawQuery): T {
  return validate(schema, singleValued(query, koophoneParameterError), koophoneParameterError);
}
