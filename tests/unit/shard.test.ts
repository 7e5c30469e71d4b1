import { expect } from "chai";
import { inShard, jumpHash, parseShard, resolveShard, shardIndexOf } from "../../provider/shard";

const phones = Array.from(
  { length: 10_000 },
  (_, i) => `kp-${String(i).padStart(6, "0")}-${(i * 7919) % 10007}`,
);

describe("shards: jump consistent hash over the phone id", () => {
  it("agrees with the published algorithm's test vectors", () => {
    expect(jumpHash(1n, 1)).to.equal(0);
    expect(jumpHash(42n, 57)).to.equal(43);
    expect(jumpHash(0xdead10ccn, 1)).to.equal(0);
    expect(jumpHash(0xdead10ccn, 666)).to.equal(361);
    expect(jumpHash(256n, 1024)).to.equal(520);
    expect(jumpHash(18446744073709551615n, 128)).to.equal(92);
  });

  it("puts every phone in exactly one shard, and about as many in each", () => {
    const count = 4;
    const sizes = Array.from(
      { length: count },
      (_, index) => phones.filter((id) => inShard(id, { index, count })).length,
    );
    expect(sizes.reduce((a, b) => a + b, 0)).to.equal(phones.length);
    for (const size of sizes) expect(size).to.be.within(2350, 2650);
  });

  it("from 4 to 5 shards moves only the phones the new shard takes, about a fifth", () => {
    const moved = phones.filter((id) => shardIndexOf(id, 4) !== shardIndexOf(id, 5));
    for (const id of moved) expect(shardIndexOf(id, 5), id).to.equal(4);
    expect(moved.length).to.be.within(1850, 2150);
    // Back from 5 to 4: the same phones return where they were, and no other moves.
    for (const id of phones) {
      if (shardIndexOf(id, 5) !== 4) expect(shardIndexOf(id, 4)).to.equal(shardIndexOf(id, 5));
    }
  });

  it('reads "index/count" from config, with errors naming the key, the value and what is allowed', () => {
    expect(parseShard("koophone:shard", "2/4")).to.deep.equal({ index: 2, count: 4 });
    expect(parseShard("koophone:shard", " 0 / 1 ")).to.deep.equal({ index: 0, count: 1 });
    expect(() => parseShard("koophone:shard", "4/4")).to.throw(
      'koophone:shard "4/4": koophone:shard.index 4 is not allowed: with count 4, use a whole number 0-3',
    );
    expect(() => parseShard("koophone:shard", "0/0")).to.throw(
      "koophone:shard.count 0 is not allowed: use a whole number of shards, 1-1000",
    );
    expect(() => parseShard("koophone:shard", "third")).to.throw(
      'koophone:shard "third" is not allowed: write the shard as index/count, e.g. "2/4"',
    );
  });

  it("checks a program's shard before config, naming the field", () => {
    expect(resolveShard({ index: 1, count: 3 }, "Fleet f: shard", "0/2")).to.deep.equal({
      index: 1,
      count: 3,
    });
    expect(resolveShard(undefined, "Fleet f: shard", "0/2")).to.deep.equal({ index: 0, count: 2 });
    expect(resolveShard(undefined, "Fleet f: shard", undefined)).to.equal(undefined);
    expect(() => resolveShard({ index: 1.5, count: 3 }, "Fleet f: shard", undefined)).to.throw(
      "Fleet f: shard.index 1.5 is not allowed: with count 3, use a whole number 0-2",
    );
    expect(() => resolveShard({ index: 0, count: -2 }, "Fleet f: shard", undefined)).to.throw(
      "Fleet f: shard.count -2 is not allowed",
    );
    expect(() => resolveShard({ index: 0 }, "Fleet f: shard", undefined)).to.throw(
      "Fleet f: shard.count undefined is not allowed",
    );
  });
});
