// Packs and installs this checkout once into the folder given, for every test process of one run; prints the
// `node_modules` path. The caller removes the folder.
import { installInto } from "./packed-install";

const root = process.argv[2];
if (root === undefined) throw new Error("usage: tsx harness/pack-once.ts <empty folder>");
installInto(root).then((nodeModules) => console.log(nodeModules));
