// The access keys the emulator accepts. The default pair is public on purpose: it only opens the emulator.

export interface EmulatorCredentials {
  accessKey: string;
  secretKey: string;
}

export const DEFAULT_CREDENTIALS: EmulatorCredentials = {
  accessKey: "EMULATORAK0000000001",
  secretKey: "emulator-secret-key-do-not-use",
};
