// Worker thread entry: samples the processes until asked for the result (see sampler-thread.ts).
import { parentPort } from "node:worker_threads";
import { ProcessSampler } from "./process-sampler";

const sampler = new ProcessSampler();
sampler.start();
parentPort?.postMessage("sampling");
parentPort?.once("message", () => parentPort?.postMessage(sampler.stop()));
