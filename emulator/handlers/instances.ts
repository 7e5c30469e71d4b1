// KooPhone: GET /v1/instances/batch-query and POST /v1/instances/batch-query-status.
import { instancesQuery, instancesStatusBody, koophoneBody, koophoneQuery } from "../schemas";
import { instanceView, runningStatus } from "../views";
import { Handler, ok } from "./handler";

/** instance_name matches by substring (the emulator's reading of the filter). */
export const listInstances: Handler = (state, req) => {
  const q = koophoneQuery(instancesQuery, req.query);
  const matching = state.phones.filter(
    (phone) =>
      (q.instance_id === undefined || phone.instanceId === q.instance_id) &&
      (q.instance_name === undefined || phone.name.includes(q.instance_name)),
  );
  const start = (q.page_no - 1) * q.page_size;
  return ok({
    data: {
      result: matching.slice(start, start + q.page_size).map((phone) => instanceView(state, phone)),
      page_no: q.page_no,
      page_size: q.page_size,
      total_count: matching.length,
    },
  });
};

/** Ids of no phone (e.g. released ones) are left out of the answer (the emulator's choice). */
export const queryInstanceStatus: Handler = (state, req) => {
  const body = koophoneBody(instancesStatusBody, req.body);
  const wanted = new Set(body.instance_ids);
  return ok({
    error_code: "0",
    error_msg: "success",
    data: {
      status_results: state.phones
        .filter((phone) => wanted.has(phone.instanceId))
        .map((phone) => ({ instance_id: phone.instanceId, status: runningStatus(state, phone) })),
    },
  });
};
