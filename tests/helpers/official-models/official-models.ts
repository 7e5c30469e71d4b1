// Huawei's official models: Billing Center from the pinned Python SDK (huaweicloudsdkbss, PyPI) through
// dump-models.py, KooPhone from the pinned Java SDK's sources jar (Maven Central) through dump-java-models.py.
// Per operation its method, path, parameters, body model and response model; per model its fields and types.
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

/** The last line an install script prints: the path it set up. */
function install(script: string): string {
  const printed = execFileSync("bash", [path.join(HERE, script)], { encoding: "utf8" })
    .trim()
    .split("\n")
    .pop();
  if (printed === undefined || printed === "") throw new Error(`official-models/${script} printed no path`);
  return printed;
}

function dump(python: string, args: string[]): OfficialModels {
  const text = execFileSync(python, args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(text) as OfficialModels;
}

/** Installs the pinned Billing Center SDK when missing (seconds, once) and dumps these operations' models. */
export function loadOfficialModels(operations: string[]): OfficialModels {
  return dump(install("install"), [path.join(HERE, "dump-models.py"), ...operations]);
}

/** Fetches the pinned KooPhone Java SDK's sources when missing and dumps the operations it declares. */
export function loadOfficialKooPhoneModels(operations: string[]): OfficialModels {
  const jar = install("install-java");
  return dump(install("install"), [path.join(HERE, "dump-java-models.py"), jar, ...operations]);
}
