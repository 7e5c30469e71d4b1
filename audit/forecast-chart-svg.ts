// The forecast's monthly bar chart: one bar per month, its height the amount, labelled with the amount and the
// phones renewed; in the colours and type of the report's timeline (timeline-svg.ts).
import type { ForecastMonth } from "./forecast";
import { escapeXml } from "./xml-escape";

const WIDTH = 1120;
const LEFT = 90;
const RIGHT = 20;
const TOP = 36;
const PLOT_HEIGHT = 260;
const BOTTOM = 56;

const COLORS = { bar: "#2da44e", grid: "#d0d7de", muted: "#6e7781", text: "#1f2328" };

const STYLE = [
  `text { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 12px; fill: ${COLORS.text}; }`,
  `.axis { font-size: 11px; fill: ${COLORS.muted}; }`,
  `.amount-label { font-size: 11px; font-weight: bold; }`,
  `.phones-label { font-size: 10px; fill: ${COLORS.muted}; }`,
].join(" ");

function element(name: string, attributes: Record<string, string | number>, content = ""): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join("");
  return `<${name}${attrs}>${content}</${name}>`;
}

/** A round step for the amount axis, so that about four grid lines span the largest month. */
export function axisStep(max: number): number {
  if (max <= 0) return 1;
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  return step ?? 10 * magnitude;
}

export function renderForecastChartSvg(months: ForecastMonth[], currency: string): string {
  const height = TOP + PLOT_HEIGHT + BOTTOM;
  const amounts = months.map((m) => Number(m.amount));
  const step = axisStep(Math.max(0, ...amounts));
  const top = step * Math.max(1, Math.ceil(Math.max(0, ...amounts) / step));
  const y = (amount: number) => TOP + PLOT_HEIGHT - (amount / top) * PLOT_HEIGHT;
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, months.length);
  const grid: string[] = [];
  for (let value = 0; value <= top + step / 2; value += step) {
    grid.push(
      element("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: y(value), y2: y(value), stroke: COLORS.grid }) +
        element("text", { x: LEFT - 8, y: y(value) + 4, "text-anchor": "end", class: "axis" }, String(value)),
    );
  }
  const bars = months.map((month, i) => {
    const amount = Number(month.amount);
    const x = LEFT + i * slot + slot * 0.15;
    const width = slot * 0.7;
    const center = x + width / 2;
    return element(
      "g",
      { class: "bar", "data-month": month.month },
      element("rect", { x, y: y(amount), width, height: TOP + PLOT_HEIGHT - y(amount), fill: COLORS.bar }) +
        (amount > 0
          ? element(
              "text",
              { x: center, y: y(amount) - 6, "text-anchor": "middle", class: "amount-label" },
              month.amount,
            )
          : "") +
        element(
          "text",
          { x: center, y: TOP + PLOT_HEIGHT + 18, "text-anchor": "middle", class: "axis" },
          month.month,
        ) +
        element(
          "text",
          { x: center, y: TOP + PLOT_HEIGHT + 34, "text-anchor": "middle", class: "phones-label" },
          `${month.phones} ph · ${month.orders} ord`,
        ),
    );
  });
  const body = [
    element("title", { id: "forecast-chart-title" }, `Renewal amount per month (${currency})`),
    element("style", {}, STYLE),
    element("rect", { x: 0, y: 0, width: WIDTH, height, fill: "#ffffff" }),
    element(
      "text",
      { x: LEFT, y: 20, class: "axis" },
      `${currency} per month; under each month: phones renewed, orders`,
    ),
    grid.join(""),
    element("g", { class: "bars" }, bars.join("")),
  ].join("");
  return element(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      class: "forecast-chart",
      width: WIDTH,
      height,
      viewBox: `0 0 ${WIDTH} ${height}`,
      role: "img",
      "aria-labelledby": "forecast-chart-title",
    },
    body,
  );
}
