import { expect } from "chai";
import { collectPages, Page } from "../../provider/client/paging";

/** A listing of `count` numbered items, `size` a page, counting the pages asked for. */
function listing(count: number, size: number) {
  const asked: number[] = [];
  const fetchPage = async (index: number): Promise<Page<number>> => {
    asked.push(index);
    const items = Array.from(
      { length: Math.max(0, Math.min(size, count - index * size)) },
      (_, i) => index * size + i,
    );
    return { items, total: count, pageSize: size };
  };
  return { asked, fetchPage };
}

describe("client: paged listings", () => {
  it("reads every page up to the announced total", async () => {
    const { asked, fetchPage } = listing(250, 100);
    expect(await collectPages(fetchPage)).to.have.length(250);
    expect(asked).to.deep.equal([0, 1, 2]);
  });

  it("stops as soon as the items so far are enough", async () => {
    const { asked, fetchPage } = listing(250, 100);
    const items = await collectPages(fetchPage, (all) => all.includes(42));
    expect(items).to.have.length(100);
    expect(asked).to.deep.equal([0]);
  });

  it("still stops at the end of the listing when the items are never enough", async () => {
    const { asked, fetchPage } = listing(250, 100);
    expect(await collectPages(fetchPage, () => false)).to.have.length(250);
    expect(asked).to.deep.equal([0, 1, 2]);
  });
});
