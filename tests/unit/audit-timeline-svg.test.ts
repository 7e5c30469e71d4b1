import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { auditReport } from "../../audit/audit-report";
import type { CloudPhone } from "../../audit/cloud-phone";
import { parsePreviewJson } from "../../audit/preview-json";
import { TimelineInput, renderTimelineSvg, renewalDayTicks, timelineRange } from "../../audit/timeline-svg";
import { parseApiTime } from "../../provider/planner/billing-time";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../fixtures", name), "utf8");
const preview = parsePreviewJson(fixture("preview-fleet.json"));
const answers = JSON.parse(fixture("preview-fleet-cloud.json")) as {
  now: string;
  phones: Record<string, CloudPhone>;
};

function timeline(cloudAsked: boolean): TimelineInput {
  const report = auditReport({
    preview,
    cloud: cloudAsked ? new Map(Object.entries(answers.phones)) : new Map(),
    quotes: new Map(),
    now: parseApiTime(answers.now),
    cloudAsked,
  });
  return { lanes: report.lanes, now: report.now, renewalDay: report.renewalDay };
}

/** The markup of the lane group of one phone. */
function lane(svg: string, phoneId: string): string {
  const start = svg.indexOf(`<g class="lane" data-phone-id="${phoneId}">`);
  expect(start, `lane of ${phoneId}`).to.be.greaterThan(-1);
  return svg.slice(start, svg.indexOf("</g>", start));
}

function attribute(markup: string, element: string, name: string): number {
  const match = new RegExp(`<${element}[^>]*\\b${name}="([^"]+)"`).exec(markup);
  expect(match, `${element} ${name}`).to.not.equal(null);
  return Number(match?.[1]);
}

describe("audit: SVG timeline", () => {
  const svg = renderTimelineSvg(timeline(true));

  it("has one lane per phone, renewed or not", () => {
    const lanes = [...svg.matchAll(/<g class="lane" data-phone-id="([^"]+)">/g)].map((m) => m[1]);
    expect(lanes).to.have.length(6);
    expect(new Set(lanes)).to.deep.equal(new Set(Object.keys(answers.phones)));
  });

  it("marks the standard renewal day (the 15th) in every month of the range", () => {
    const ticks = [...svg.matchAll(/<g class="renewal-day-tick" data-date="([^"]+)">/g)].map((m) => m[1]);
    // The range runs from January 2026 (now) to March 2027 (the yearly renewal), whole months.
    expect(ticks).to.have.length(15);
    expect(ticks[0]).to.equal("2026-01-15");
    expect(ticks[14]).to.equal("2027-03-15");
    expect(ticks.every((date) => date.endsWith("-15"))).to.equal(true);
  });

  it("draws a renewal from the current expiry to the new one, which lands on a renewal-day tick", () => {
    const markup = lane(svg, "6f1c2a9e4b7d4e0f8a3b5c7d9e1f2a4b");
    const before = attribute(markup, "circle", "cx");
    expect(attribute(markup, 'rect class="renewal-bar"', "x")).to.equal(before);
    const tip = /class="expiry-after" points="[^"]* ([\d.]+),[\d.]+ [^"]*"/.exec(markup);
    const tick = /data-date="2026-03-15"><line x1="([\d.]+)"/.exec(svg);
    expect(Number(tip?.[1])).to.be.greaterThan(before).and.to.equal(Number(tick?.[1]));
    expect(markup).to.include(">+1 month + 12 days<");
  });

  it("shows a phone that is not renewed as its expiry only, and says so", () => {
    const markup = lane(svg, "9e8d7c6b5a4f43e2d1c0b9a8f7e6d5c4");
    expect(markup).to.include('class="expiry-before unchanged"');
    expect(markup).to.not.include("renewal-bar");
    expect(markup).to.include(">not renewed<");
  });

  it("notes the mode change in the phone's lane", () => {
    expect(lane(svg, "5d4c3b2a1f0e4d9c8b7a6f5e4d3c2b1a")).to.include("manual → auto");
  });

  it("draws a new subscription's renewal from where the provider planned it, without asking the cloud", () => {
    const markup = lane(renderTimelineSvg(timeline(false)), "7b9d1f3a5c7e49b0d2f4a6c8e0a2c4e6");
    expect(markup).to.include("renewal-bar");
    expect(markup).to.include("2026-02-08 → 2026-03-15");
    expect(markup).to.include(">+1 month + 7 days<");
  });

  it("shows a new subscription that is not renewed and was not looked up as an unknown expiry", () => {
    const input = timeline(false);
    const unknown = { phoneId: "p", label: "p" };
    const markup = lane(renderTimelineSvg({ ...input, lanes: [unknown] }), "p");
    expect(markup).to.not.include("<circle").and.to.not.include("renewal-bar");
    expect(markup).to.include(">expiry unknown<");
  });

  it("draws a vertical line at now, a legend, and uses no external resource", () => {
    expect(svg).to.match(/<line class="now-line" x1="([\d.]+)" y1="[\d.]+" x2="\1"/);
    expect(svg).to.include('<g class="legend">');
    expect(svg).to.include("standard renewal day: the 15th of each month");
    expect(svg).to.not.match(/href=|src=|url\(|@import/);
  });

  it("escapes text", () => {
    const input = timeline(true);
    const hostile = { ...input, lanes: [{ ...input.lanes[0], label: '<script>alert("x")</script>' }] };
    const markup = renderTimelineSvg(hostile);
    expect(markup).to.not.include("<script>");
    expect(markup).to.include("&#60;script&#62;");
  });
});

describe("audit: timeline range and renewal-day ticks", () => {
  const t = parseApiTime;

  it("spans whole months around now and every expiry", () => {
    const { start, end } = timelineRange({
      lanes: [
        {
          phoneId: "p",
          label: "p",
          before: "2026-02-03T15:59:59Z",
          renewal: { to: "2026-03-15T15:59:59Z", periods: { unit: "month", count: 1 }, extraDays: 12 },
        },
      ],
      now: t("2026-01-26T02:00:00Z"),
    });
    expect(start.toISO()).to.equal("2026-01-01T00:00:00.000+08:00");
    expect(end.toISO()).to.equal("2026-03-31T23:59:59.999+08:00");
  });

  it("puts a last-day tick on each month's last day, 23:59:59 UTC+8", () => {
    const { start, end } = timelineRange({ lanes: [], now: t("2026-02-10T00:00:00Z") });
    const ticks = renewalDayTicks(start.minus({ months: 1 }), end, "last").map((d) => d.toISO());
    expect(ticks).to.deep.equal(["2026-01-31T23:59:59.000+08:00", "2026-02-28T23:59:59.000+08:00"]);
  });
});
