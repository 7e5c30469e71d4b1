// Huawei's official Billing Center models (the pinned huaweicloudsdkbss from PyPI), read through dump-models.py:
// per operation its method, path, parameters, body model and response model; per model its fields and types.
import { execFileSync } from "node:child_process";
import path from "node:path";

/** A field's type as the SDK writes it: str, int, float, bool, object, decimal.Decimal, list[X], a model name. */
export type SdkType = string;

export interface OfficialOperation {
  method: string;
  path: string;
  pathParams: Record<string, SdkType>;
  queryParams: Record<string, SdkType>;
  body: string | null;
  response: string;
}

export interface OfficialModels {
  package: string;
  version: string;
  operations: Record<string, OfficialOperation>;
  /** Model name -> wire field name -> type. */
  models: Record<string, Record<string, SdkType>>;
}

const HERE = __dirname;

/** Installs the pinned SDK when missing (a few seconds, once) and dumps the models of these operations. */
export function loadOfficialModels(operations: string[]): OfficialModels {
  const python = execFileSync("bash", [path.join(HERE, "install")], { encoding: "utf8" })
    .trim()
    .split("\n")
    .pop();
  if (python === undefined || python === "") throw new Error("official-models/install printed no python");
  const text = execFileSync(python, [path.join(HERE, "dump-models.py"), ...operations], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(text) as OfficialModels;
}
