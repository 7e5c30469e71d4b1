// The emulated APIs' short names are the client's (one list for both).
export { API_NAMES, type ApiName } from "../provider/client/api-names";
