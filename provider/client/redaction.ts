// Keeps credentials out of messages: the secret key and security token never appear, the access key only
// masked (first and last four characters, like "EMUL****0001").
import type { Credentials } from "./signer";

const MASK = "****";

export function maskAccessKey(accessKey: string): string {
  return accessKey.length <= 8 ? MASK : `${accessKey.slice(0, 4)}${MASK}${accessKey.slice(-4)}`;
}

/** `text` with every occurrence of a credential replaced (the access key by its masked form). */
export function redactCredentials(text: string, creds: Credentials): string {
  const replacements: [string, string][] = [
    [creds.secretKey, MASK],
    [creds.securityToken ?? "", MASK],
    [creds.accessKey, maskAccessKey(creds.accessKey)],
  ];
  return replacements
    .filter(([secret]) => secret.length > 0)
    .reduce((redacted, [secret, shown]) => redacted.split(secret).join(shown), text);
}
