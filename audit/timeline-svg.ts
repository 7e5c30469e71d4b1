// The expiry timeline: one lane per phone, its expiry before and after `up`, "now", and the standard renewal day.
import { DateTime } from "luxon";
import { BILLING_ZONE, parseApiTime } from "../provider/planner/billing-time";
import type { Period } from "../provider/planner/period";
import { RenewalDay, alignToRenewalDay } from "../provider/planner/renewal-day";
import { NEW_PHONE, formatDay, formatMode, formatPeriods, formatRenewalDay } from "./display-values";
import type { ModeChange } from "./mode-changes";
import { escapeXml } from "./xml-escape";

export interface TimelineLane {
  phoneId: string;
  /** The phone's name, or its Pulumi resource name when the name was not looked up. */
  label: string;
  /** The expiry before `up`; undefined when unknown (a new subscription that was not looked up). */
  before?: string;
  /** The renewal `up` makes, for a phone that is renewed. */
  renewal?: { to: string; periods: Period; extraDays: number };
  modeChange?: ModeChange;
}

export interface TimelineInput {
  lanes: TimelineLane[];
  now: DateTime;
  renewalDay?: RenewalDay;
}

const WIDTH = 1120;
const LABEL_WIDTH = 250;
const SIDE_WIDTH = 160;
const CHART_LEFT = LABEL_WIDTH;
const CHART_WIDTH = WIDTH - LABEL_WIDTH - SIDE_WIDTH;
const TOP = 44;
const LANE_HEIGHT = 34;
const LEGEND_ROW = 22;

const COLORS = {
  before: "#57606a",
  renewal: "#2da44e",
  now: "#cf222e",
  tick: "#8250df",
  grid: "#d0d7de",
  muted: "#6e7781",
  text: "#1f2328",
};

/** The shown range: whole months (billing zone) around now and every expiry, with a few days to spare. */
export function timelineRange(input: TimelineInput): { start: DateTime; end: DateTime } {
  const times = [
    input.now,
    ...input.lanes
      .flatMap((lane) => [lane.before, lane.renewal?.to])
      .flatMap((t) => (t ? [parseApiTime(t)] : [])),
  ].map((t) => t.setZone(BILLING_ZONE));
  const min = DateTime.min(...times) ?? input.now;
  const max = DateTime.max(...times) ?? input.now;
  return {
    start: min.minus({ days: 3 }).startOf("month"),
    end: max.plus({ days: 3 }).endOf("month"),
  };
}

/** Each month's standard renewal day (23:59:59 UTC+8, the planner's rule) within the range. */
export function renewalDayTicks(start: DateTime, end: DateTime, day: RenewalDay): DateTime[] {
  const ticks: DateTime[] = [];
  for (
    let month = start.setZone(BILLING_ZONE).startOf("month");
    month <= end;
    month = month.plus({ months: 1 })
  ) {
    const tick = alignToRenewalDay(month, day);
    if (tick >= start && tick <= end) ticks.push(tick);
  }
  return ticks;
}

function monthStarts(start: DateTime, end: DateTime): DateTime[] {
  const months: DateTime[] = [];
  for (let month = start.startOf("month"); month <= end; month = month.plus({ months: 1 }))
    months.push(month);
  return months;
}

type Attributes = Record<string, string | number>;

function element(name: string, attributes: Attributes, content?: string): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join("");
  return content === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

function text(x: number, y: number, content: string, attributes: Attributes = {}): string {
  return element("text", { x, y, ...attributes }, escapeXml(content));
}

function shorten(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** Rounded to 0.1 px: enough for the eye, and keeps the markup short. */
function px(value: number): number {
  return Math.round(value * 10) / 10;
}

class Scale {
  constructor(
    private readonly start: DateTime,
    private readonly end: DateTime,
  ) {}

  x(time: DateTime): number {
    const span = this.end.toMillis() - this.start.toMillis();
    return px(CHART_LEFT + ((time.toMillis() - this.start.toMillis()) / span) * CHART_WIDTH);
  }
}

/** A bar from the expiry now to the expiry after `up`, its head on the latter. */
function arrow(x1: number, x2: number, cy: number, classes: { bar: string; head: string }): string {
  const head = Math.min(9, Math.max(0, x2 - x1));
  const bar = element("rect", {
    class: classes.bar,
    x: x1,
    y: cy - 4,
    width: px(Math.max(0, x2 - x1 - head)),
    height: 8,
    fill: COLORS.renewal,
  });
  const tip = element("polygon", {
    class: classes.head,
    points: `${px(x2 - head)},${cy - 8} ${x2},${cy} ${px(x2 - head)},${cy + 8}`,
    fill: COLORS.renewal,
  });
  return bar + tip;
}

function laneMarks(lane: TimelineLane, scale: Scale, cy: number): string {
  if (lane.before === undefined) return "";
  const before = scale.x(parseApiTime(lane.before));
  if (lane.renewal !== undefined) {
    return (
      arrow(before, scale.x(parseApiTime(lane.renewal.to)), cy, {
        bar: "renewal-bar",
        head: "expiry-after",
      }) + element("circle", { class: "expiry-before", cx: before, cy, r: 5, fill: COLORS.before })
    );
  }
  return element("circle", {
    class: "expiry-before unchanged",
    cx: before,
    cy,
    r: 5,
    fill: "#ffffff",
    stroke: COLORS.before,
    "stroke-width": 2,
  });
}

function laneSummary(lane: TimelineLane): string[] {
  const renewal =
    lane.renewal !== undefined
      ? `+${formatPeriods(lane.renewal.periods, lane.renewal.extraDays)}`
      : lane.before === undefined
        ? "expiry unknown"
        : "not renewed";
  const mode = lane.modeChange
    ? `${formatMode(lane.modeChange.from)} → ${formatMode(lane.modeChange.to)}`
    : undefined;
  return mode === undefined ? [renewal] : [renewal, mode];
}

function laneTitle(lane: TimelineLane): string {
  const before = lane.before === undefined ? NEW_PHONE : formatDay(lane.before);
  const expiry =
    lane.renewal === undefined ? `expires ${before}` : `${before} → ${formatDay(lane.renewal.to)}`;
  return `${lane.phoneId} (${lane.label}): ${[expiry, ...laneSummary(lane)].join(", ")}`;
}

function renderLane(lane: TimelineLane, index: number, scale: Scale): string {
  const y = TOP + index * LANE_HEIGHT;
  const cy = y + LANE_HEIGHT / 2;
  const [summary, mode] = laneSummary(lane);
  const side = CHART_LEFT + CHART_WIDTH + 14;
  const content = [
    element("title", {}, escapeXml(laneTitle(lane))),
    element("rect", {
      class: "lane-bg",
      x: 0,
      y,
      width: WIDTH,
      height: LANE_HEIGHT,
      // Translucent, so the month lines drawn underneath stay visible.
      fill: "#0969da",
      "fill-opacity": index % 2 === 0 ? 0.05 : 0,
    }),
    text(10, cy - 2, shorten(lane.phoneId, 34), { class: "phone-id" }),
    text(10, cy + 12, shorten(lane.label, 38), { class: "small" }),
    laneMarks(lane, scale, cy),
    text(side, mode === undefined ? cy + 4 : cy - 2, summary, {
      class: lane.renewal ? "side renewed" : "side",
    }),
    mode === undefined ? "" : text(side, cy + 12, mode, { class: "small mode-change" }),
  ].join("");
  return element("g", { class: "lane", "data-phone-id": lane.phoneId }, content);
}

function renderGrid(start: DateTime, end: DateTime, scale: Scale, bottom: number): string {
  const months = monthStarts(start, end);
  const every = Math.max(1, Math.ceil(months.length / 12));
  return months
    .map((month, i) => {
      const x = scale.x(month);
      const line = element("line", {
        class: "month-line",
        x1: x,
        y1: 22,
        x2: x,
        y2: bottom,
        stroke: COLORS.grid,
      });
      const label = i % every === 0 ? text(x + 4, 16, month.toFormat("LLL yyyy"), { class: "axis" }) : "";
      return line + label;
    })
    .join("");
}

function renderTicks(ticks: DateTime[], scale: Scale, bottom: number): string {
  return ticks
    .map((tick) => {
      const x = scale.x(tick);
      const attrs = { x1: x, x2: x, stroke: COLORS.tick };
      return element(
        "g",
        { class: "renewal-day-tick", "data-date": tick.toFormat("yyyy-MM-dd") },
        element("line", { ...attrs, y1: TOP - 12, y2: TOP, "stroke-width": 2 }) +
          element("line", { ...attrs, y1: TOP, y2: bottom, "stroke-dasharray": "2 3" }) +
          text(x, TOP - 15, tick.toFormat("d"), { class: "tick-label", "text-anchor": "middle" }),
      );
    })
    .join("");
}

function renderNow(now: DateTime, scale: Scale, bottom: number): string {
  const x = scale.x(now);
  return element(
    "g",
    { class: "now" },
    element("line", {
      class: "now-line",
      x1: x,
      y1: 22,
      x2: x,
      y2: bottom + 4,
      stroke: COLORS.now,
      "stroke-width": 2,
      "stroke-dasharray": "6 4",
    }) +
      text(x, bottom + 17, `now ${now.setZone(BILLING_ZONE).toFormat("yyyy-MM-dd")}`, {
        class: "now-label",
        "text-anchor": "middle",
      }),
  );
}

interface LegendItem {
  swatch: (x: number, cy: number) => string;
  label: string;
}

function legendItems(renewalDay: RenewalDay | undefined): LegendItem[] {
  const items: LegendItem[] = [
    {
      swatch: (x, cy) => element("circle", { cx: x + 10, cy, r: 5, fill: COLORS.before }),
      label: "expiry now",
    },
    {
      swatch: (x, cy) => arrow(x, x + 24, cy, { bar: "legend-bar", head: "legend-head" }),
      label: "renewal: expiry now → after up",
    },
    {
      swatch: (x, cy) =>
        element("circle", {
          cx: x + 10,
          cy,
          r: 5,
          fill: "#ffffff",
          stroke: COLORS.before,
          "stroke-width": 2,
        }),
      label: "not renewed",
    },
    {
      swatch: (x, cy) =>
        element("line", {
          x1: x + 10,
          y1: cy - 8,
          x2: x + 10,
          y2: cy + 8,
          stroke: COLORS.now,
          "stroke-width": 2,
          "stroke-dasharray": "4 3",
        }),
      label: "now",
    },
  ];
  items.push({
    swatch: (x, cy) =>
      renewalDay === undefined
        ? ""
        : element("line", {
            x1: x + 10,
            y1: cy - 8,
            x2: x + 10,
            y2: cy + 8,
            stroke: COLORS.tick,
            "stroke-dasharray": "2 3",
          }),
    label:
      renewalDay === undefined
        ? "no standard renewal day declared"
        : `standard renewal day: ${formatRenewalDay(renewalDay)}`,
  });
  return items;
}

/** Legend items laid out left to right, wrapping; returns the markup and the height used. */
function renderLegend(top: number, renewalDay: RenewalDay | undefined): { markup: string; height: number } {
  let x = 10;
  let row = 0;
  const parts = legendItems(renewalDay).map((item) => {
    const width = 30 + item.label.length * 6.3 + 14; // swatch, label at ~6.3 px per character, gap
    if (x + width > WIDTH && x > 10) {
      x = 10;
      row++;
    }
    const cy = top + row * LEGEND_ROW + LEGEND_ROW / 2;
    const markup = item.swatch(x, cy) + text(x + 30, cy + 4, item.label, { class: "legend-label" });
    x += width;
    return markup;
  });
  return {
    markup: element("g", { class: "legend" }, parts.join("")),
    height: (row + 1) * LEGEND_ROW,
  };
}

const STYLE = [
  `text { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 12px; fill: ${COLORS.text}; }`,
  `.phone-id { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 11px; }`,
  `.small { font-size: 11px; fill: ${COLORS.muted}; }`,
  `.axis { font-size: 11px; fill: ${COLORS.muted}; }`,
  `.tick-label { font-size: 10px; fill: ${COLORS.tick}; }`,
  `.now-label { font-size: 11px; fill: ${COLORS.now}; font-weight: bold; }`,
  `.side { fill: ${COLORS.muted}; }`,
  `.side.renewed { fill: ${COLORS.renewal}; font-weight: bold; }`,
  `.mode-change { fill: #9a6700; }`,
].join(" ");

/** The timeline as a standalone SVG element (no external resources; inline styles only). */
export function renderTimelineSvg(input: TimelineInput): string {
  const { start, end } = timelineRange(input);
  const scale = new Scale(start, end);
  const lanesBottom = TOP + Math.max(1, input.lanes.length) * LANE_HEIGHT;
  const ticks = input.renewalDay === undefined ? [] : renewalDayTicks(start, end, input.renewalDay);
  const legend = renderLegend(lanesBottom + 30, input.renewalDay);
  const height = lanesBottom + 30 + legend.height + 8;
  const lanes =
    input.lanes.length === 0
      ? text(CHART_LEFT, TOP + LANE_HEIGHT / 2 + 4, "No KooPhoneSubscription in this preview.")
      : input.lanes.map((lane, i) => renderLane(lane, i, scale)).join("");
  const body = [
    element("title", { id: "timeline-title" }, "Phone expiries before and after pulumi up"),
    element("style", {}, STYLE),
    element("rect", { x: 0, y: 0, width: WIDTH, height, fill: "#ffffff" }),
    renderGrid(start, end, scale, lanesBottom),
    element("g", { class: "lanes" }, lanes),
    renderTicks(ticks, scale, lanesBottom),
    renderNow(input.now, scale, lanesBottom),
    legend.markup,
  ].join("");
  return element(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      class: "timeline",
      width: WIDTH,
      height,
      viewBox: `0 0 ${WIDTH} ${height}`,
      role: "img",
      "aria-labelledby": "timeline-title",
    },
    body,
  );
}
