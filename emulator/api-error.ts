// An error answer of the emulated API: HTTP status + Huawei error code + message. Handlers throw it; the server
// turns it into `{ error_code, error_msg }` (plus any extra fields, e.g. fail_resource_infos).
import { CODE } from "../provider/client/billing-codes";

export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): Record<string, unknown> {
    return { error_code: this.code, error_msg: this.message, ...this.extra };
  }
}

/** CBC.0100, the BSS parameter error; the message names the field. */
export function parameterError(message: string): ApiError {
  return new ApiError(400, CODE.parameterError, message);
}

/** The KooPhone service's parameter error code (its documented KOOPHONE.API.1000). */
export function koophoneParameterError(message: string): ApiError {
  return new ApiError(400, CODE.koophoneParameterError, message);
}
