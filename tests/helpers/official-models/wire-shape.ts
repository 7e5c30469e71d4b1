// What a zod schema of the client puts on or accepts from the wire, as JSON kinds, and how that compares with the
// type an official model gives the same field.
import { z } from "zod";
import type { OfficialModels, SdkType } from "./official-models";

export type WireShape =
  | { kind: "str" | "int" | "float" | "bool" | "unknown" }
  | { kind: "list"; item: WireShape }
  | { kind: "object"; fields: Record<string, WireShape> }
  | { kind: "union"; options: WireShape[] };

/** The JSON a schema sends (for a request) or accepts (for an answer); absent and null are left aside. */
export function wireShape(schema: z.ZodType): WireShape {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return wireShape(schema.unwrap() as z.ZodType);
  }
  if (schema instanceof z.ZodPipe) return wireShape(schema.in as z.ZodType);
  if (schema instanceof z.ZodString || schema instanceof z.ZodEnum) return { kind: "str" };
  if (schema instanceof z.ZodNumber) return { kind: schema.format === null ? "float" : "int" };
  if (schema instanceof z.ZodBoolean) return { kind: "bool" };
  if (schema instanceof z.ZodLiteral) {
    const kinds = [...schema.values].map((value): WireShape => literalShape(value));
    return kinds.length === 1 ? kinds[0] : { kind: "union", options: kinds };
  }
  if (schema instanceof z.ZodUnion) {
    return { kind: "union", options: (schema.options as z.ZodType[]).map((option) => wireShape(option)) };
  }
  if (schema instanceof z.ZodArray) return { kind: "list", item: wireShape(schema.element as z.ZodType) };
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    return {
      kind: "object",
      fields: Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, wireShape(field)])),
    };
  }
  return { kind: "unknown" };
}

function literalShape(value: unknown): WireShape {
  if (typeof value === "string") return { kind: "str" };
  if (typeof value === "boolean") return { kind: "bool" };
  if (typeof value === "number") return { kind: Number.isInteger(value) ? "int" : "float" };
  return { kind: "unknown" };
}

const LIST = /^list\[(.+)\]$/;
const SCALARS: Record<string, WireShape["kind"][]> = {
  str: ["str"],
  int: ["int"],
  float: ["float", "int"],
  bool: ["bool"],
  "decimal.Decimal": ["float", "int", "str"],
  object: ["str", "int", "float", "bool", "list", "object", "unknown"],
};

/**
 * Problems with what the client sends, against the official type: every field must exist there, with a type that
 * admits every value the client can send. In a query string everything is text, so any scalar fits `str`.
 */
export function requestProblems(
  shape: WireShape,
  sdkType: SdkType,
  models: OfficialModels["models"],
  at: string,
  inQuery = false,
): string[] {
  if (shape.kind === "union")
    return shape.options.flatMap((o) => requestProblems(o, sdkType, models, at, inQuery));
  const list = LIST.exec(sdkType);
  if (list) {
    if (shape.kind !== "list") return [`${at}: the client sends ${shape.kind}, the model says ${sdkType}`];
    return requestProblems(shape.item, list[1], models, `${at}[]`);
  }
  const model = models[sdkType];
  if (model !== undefined) {
    if (shape.kind !== "object") return [`${at}: the client sends ${shape.kind}, the model says ${sdkType}`];
    return Object.entries(shape.fields).flatMap(([name, field]) =>
      model[name] === undefined
        ? [`${at}.${name}: not defined in ${sdkType}`]
        : requestProblems(field, model[name], models, `${at}.${name}`),
    );
  }
  const fits = SCALARS[sdkType] ?? [];
  const scalar = ["str", "int", "float", "bool"].includes(shape.kind);
  if (fits.includes(shape.kind) || (inQuery && sdkType === "str" && scalar)) return [];
  return [`${at}: the client sends ${shape.kind}, the model says ${sdkType}`];
}

/**
 * Problems with what the client reads, against the official type: every field it reads must be defined there, and
 * its parser must accept the type the model gives it.
 */
export function responseProblems(
  shape: WireShape,
  sdkType: SdkType,
  models: OfficialModels["models"],
  at: string,
): string[] {
  if (shape.kind === "unknown") return [];
  const list = LIST.exec(sdkType);
  if (list) {
    const item = listItem(shape);
    if (item === undefined) return [`${at}: the client reads ${describe(shape)}, the model says ${sdkType}`];
    return responseProblems(item, list[1], models, `${at}[]`);
  }
  const model = models[sdkType];
  if (model !== undefined) {
    const object = objectOf(shape);
    if (object === undefined)
      return [`${at}: the client reads ${describe(shape)}, the model says ${sdkType}`];
    return Object.entries(object.fields).flatMap(([name, field]) =>
      model[name] === undefined
        ? [`${at}.${name}: read by the client, not defined in ${sdkType}`]
        : responseProblems(field, model[name], models, `${at}.${name}`),
    );
  }
  const accepted = kindsOf(shape);
  if (sdkType === "object") return [];
  const official = OFFICIAL_KIND[sdkType];
  // A number schema that takes any number also takes the integers the model promises.
  const fits =
    official !== undefined && (accepted.has(official) || (official === "int" && accepted.has("float")));
  return fits ? [] : [`${at}: the model says ${sdkType}, the client accepts ${describe(shape)}`];
}

/** The JSON kind a scalar SDK type is sent as. */
const OFFICIAL_KIND: Record<string, WireShape["kind"]> = {
  str: "str",
  int: "int",
  float: "float",
  bool: "bool",
  "decimal.Decimal": "float",
};

function kindsOf(shape: WireShape): Set<WireShape["kind"]> {
  return shape.kind === "union"
    ? new Set(shape.options.flatMap((o) => [...kindsOf(o)]))
    : new Set([shape.kind]);
}

function listItem(shape: WireShape): WireShape | undefined {
  if (shape.kind === "list") return shape.item;
  if (shape.kind === "union") return shape.options.map(listItem).find((item) => item !== undefined);
  return undefined;
}

function objectOf(shape: WireShape): Extract<WireShape, { kind: "object" }> | undefined {
  if (shape.kind === "object") return shape;
  if (shape.kind === "union") return shape.options.map(objectOf).find((object) => object !== undefined);
  return undefined;
}

function describe(shape: WireShape): string {
  return shape.kind === "union" ? shape.options.map(describe).join(" | ") : shape.kind;
}

/** The top-level field names of an object schema. */
export function fieldNames(schema: z.ZodType): string[] {
  const shape = wireShape(schema);
  return shape.kind === "object" ? Object.keys(shape.fields) : [];
}

/**
 * Problems with a JSON answer against the official type: every key it carries must be defined there, and each
 * value must be of the defined type.
 */
export function answerProblems(
  value: unknown,
  sdkType: SdkType,
  models: OfficialModels["models"],
  at: string,
): string[] {
  if (value === null || value === undefined) return [];
  const list = LIST.exec(sdkType);
  if (list) {
    if (!Array.isArray(value)) return [`${at}: sent ${typeof value}, the model says ${sdkType}`];
    return value.flatMap((item, index) => answerProblems(item, list[1], models, `${at}[${index}]`));
  }
  const model = models[sdkType];
  if (model !== undefined) {
    if (typeof value !== "object" || Array.isArray(value)) {
      return [`${at}: sent ${typeof value}, the model says ${sdkType}`];
    }
    return Object.entries(value).flatMap(([name, field]) =>
      model[name] === undefined
        ? [`${at}.${name}: sent, not defined in ${sdkType}`]
        : answerProblems(field, model[name], models, `${at}.${name}`),
    );
  }
  return jsonFits(value, sdkType) ? [] : [`${at}: sent ${JSON.stringify(value)}, the model says ${sdkType}`];
}

function jsonFits(value: unknown, sdkType: SdkType): boolean {
  switch (sdkType) {
    case "str":
      return typeof value === "string";
    case "int":
      return Number.isInteger(value);
    case "float":
      return typeof value === "number";
    case "bool":
      return typeof value === "boolean";
    case "decimal.Decimal":
      return typeof value === "number" || typeof value === "string";
    case "object":
      return true;
    default:
      return false;
  }
}
