/** The property under which the dynamic provider host keeps the serialized provider, in inputs and outputs. */
export const PROVIDER_KEY = "__provider";
