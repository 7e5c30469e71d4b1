// KooPhone instance API shapes, snake_case as on the wire. The reference only lists the instance fields; the
// envelope (`data.result`, `data.status_results`) is that of the official huaweicloud-sdk-java-v3 koophone models.
import { z } from "zod";
import { BATCH_LIMIT } from "./batch-limits";
import { listField, optionalField } from "./wire-fields";

export const ListInstancesQuerySchema = z.strictObject({
  /** Starts at 1. */
  page_no: z.number().int().min(1).optional(),
  page_size: z.number().int().min(1).optional(),
  instance_id: z.string().optional(),
  instance_name: z.string().optional(),
});
export type ListInstancesQuery = z.infer<typeof ListInstancesQuerySchema>;

export const InstanceSchema = z.looseObject({
  /** Treated as the BSS resource id of the phone's subscription (unconfirmed by Huawei; see the README). */
  instance_id: z.string(),
  instance_name: z.string(),
  region: optionalField(z.string()),
  instance_sku: z.string(),
  /** 0 not frozen, 1 frozen. */
  frozen_status: z.number().int(),
  /** 0 unknown, 1 stopped, 2 running, 3 going offline, 4 starting, 5 shut down. */
  running_status: optionalField(z.number().int()),
  billing_mode: z.string(),
  project_id: optionalField(z.string()),
  phone_id: optionalField(z.string()),
  assign_status: optionalField(z.number().int()),
});
export type Instance = z.infer<typeof InstanceSchema>;

export const ListInstancesResponseSchema = z.looseObject({
  data: z.looseObject({
    result: listField(InstanceSchema),
    page_no: optionalField(z.number().int()),
    page_size: optionalField(z.number().int()),
    total_count: optionalField(z.number().int().min(0)),
  }),
});
export type ListInstancesResponse = z.infer<typeof ListInstancesResponseSchema>;

export const InstanceStatusRequestSchema = z.strictObject({
  instance_ids: z.array(z.string().min(1)).min(1).max(BATCH_LIMIT["instances-status"]),
});
export type InstanceStatusRequest = z.infer<typeof InstanceStatusRequestSchema>;

export const InstanceStatusResponseSchema = z.looseObject({
  data: z.looseObject({
    status_results: listField(
      z.looseObject({
        instance_id: z.string(),
        /** 0 unknown, 1 stopped, 2 running, 3 going offline, 4 starting, 5 shut down. */
        status: z.number().int(),
      }),
    ),
  }),
});
export type InstanceStatusResponse = z.infer<typeof InstanceStatusResponseSchema>;
