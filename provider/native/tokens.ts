/** The type tokens of the native plugin, package `koophone`: what its schema declares and its programs name. */
export const PACKAGE = "koophone";
export const SUBSCRIPTION = "koophone:index:Subscription";
export const POLICY = "koophone:index:RenewalPolicy";
export const FLEET = "koophone:index:Fleet";
export const GET_PHONES = "koophone:index:getPhones";
