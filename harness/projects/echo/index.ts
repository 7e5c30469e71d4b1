import * as pulumi from "@pulumi/pulumi";

// `program:count` dynamic resources (default 1) whose provider does nothing but echo its input: proof that the
// engine, the language host and the dynamic-provider plugin work together, and the engine's own cost per resource.
const config = new pulumi.Config("program");

const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: { message: string }) {
    return { id: `echo-${inputs.message}`, outs: { message: inputs.message, length: inputs.message.length } };
  },
};

class Echo extends pulumi.dynamic.Resource {
  declare readonly message: pulumi.Output<string>;
  declare readonly length: pulumi.Output<number>;

  constructor(name: string, message: string) {
    super(echoProvider, name, { message, length: undefined }, {}, "koophone", "Echo");
  }
}

const count = config.getNumber("count") ?? 1;
const echoes = Array.from(
  { length: count },
  (_, i) => new Echo(`echo-${String(i).padStart(4, "0")}`, `m${i}`),
);

export const lengths = echoes.map((echo) => echo.length);
