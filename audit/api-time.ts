// The API's time format (yyyy-MM-ddTHH:mm:ssZ, UTC) as a check on the documents the audit reads.
import { z } from "zod";
import { parseApiTime } from "../provider/planner/billing-time";

export function isApiTime(text: string): boolean {
  try {
    parseApiTime(text);
    return true;
  } catch {
    return false;
  }
}

export const apiTimeSchema = z.string().refine(isApiTime, "expected an API time (yyyy-MM-ddTHH:mm:ssZ, UTC)");
