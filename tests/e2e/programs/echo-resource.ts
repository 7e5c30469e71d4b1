import * as pulumi from "@pulumi/pulumi";

/**
 * The smallest dynamic resource: it records its input and derives an id from it. The smoke test uses it to prove
 * that the engine, the dynamic-provider plugin and the state backend work together.
 */
const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: { message: string }) {
    return { id: `echo-${inputs.message}`, outs: { message: inputs.message, length: inputs.message.length } };
  },
};

export class Echo extends pulumi.dynamic.Resource {
  declare readonly message: pulumi.Output<string>;
  declare readonly length: pulumi.Output<number>;

  constructor(name: string, args: { message: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(echoProvider, name, { message: args.message, length: undefined }, opts, "koophone", "Echo");
  }
}
