// koophone-audit run in-process as its command line runs it, with its output captured.
import { AuditIo, runAudit } from "../../audit/cli";
import { DEFAULT_CREDENTIALS } from "../../emulator";

/** The emulator's credentials, as the environment the audit reads them from. */
export const EMULATOR_CREDENTIALS_ENV = {
  HUAWEICLOUD_SDK_AK: DEFAULT_CREDENTIALS.accessKey,
  HUAWEICLOUD_SDK_SK: DEFAULT_CREDENTIALS.secretKey,
};

/** Runs koophone-audit with `args`; its exit code, stdout and stderr. */
export async function runAuditCaptured(
  args: string[],
  env: NodeJS.ProcessEnv = EMULATOR_CREDENTIALS_ENV,
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: AuditIo = {
    stdin: process.stdin,
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
  };
  const code = await runAudit(args, env, io);
  return { code, out, err };
}
