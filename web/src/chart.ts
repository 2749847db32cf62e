// The frustration chart (uPlot, with the four bands painted behind the line) and the wall's
// sparklines (a small SVG, one per call).
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { band_of, fmt_time, kBands, type Band, type CallState } from "./model";

export const kBandColour: Record<Band, string> = {
  calm: "#2e7d32",
  tense: "#b7791f",
  frustrated: "#d35400",
  angry: "#c62828",
};
const kBandFill: Record<Band, string> = {
  calm: "rgba(46,125,50,0.10)",
  tense: "rgba(214,158,46,0.16)",
  frustrated: "rgba(230,126,34,0.18)",
  angry: "rgba(198,40,40,0.18)",
};

// Seconds on the call timeline and levels, as a step line held up to `now`.
function series_of(call: CallState): [number[], number[]] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of call.trace) {
    xs.push(p.t_ms / 1000);
    ys.push(p.level);
  }
  const end = Math.max(call.now_ms, call.trace[call.trace.length - 1]?.t_ms ?? 0) / 1000;
  if (end > (xs[xs.length - 1] ?? 0)) {
    xs.push(end);
    ys.push(call.level);
  }
  return [xs, ys];
}

function paint_bands(u: uPlot): void {
  const { ctx } = u;
  const { left, width } = u.bbox;
  ctx.save();
  ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
  ctx.textBaseline = "top";
  ctx.textAlign = "right";
  for (const b of kBands) {
    const top = u.valToPos(b.to, "y", true);
    const bottom = u.valToPos(b.from, "y", true);
    ctx.fillStyle = kBandFill[b.band];
    ctx.fillRect(left, top, width, bottom - top);
    ctx.fillStyle = kBandColour[b.band];
    ctx.fillText(b.band, left + width - 4 * devicePixelRatio, top + 2 * devicePixelRatio);
  }
  ctx.restore();
}

export class FrustrationChart {
  private plot: uPlot;
  private warnings: number[] = [];
  private observer: ResizeObserver;

  constructor(private readonly host: HTMLElement) {
    const warnings = (): number[] => this.warnings;
    const opts: uPlot.Options = {
      width: Math.max(200, host.clientWidth),
      height: 180,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: (_u, min, max) => [0, Math.max(60, max, min)] },
        y: { range: [0, 1] },
      },
      axes: [
        { values: (_u, ticks) => ticks.map((t) => fmt_time(t * 1000)), size: 28 },
        {
          splits: () => kBands.map((b) => b.from).concat([1]),
          values: (_u, t) => t.map((v) => v.toFixed(2)),
          size: 44,
        },
      ],
      series: [
        {},
        {
          label: "frustration",
          stroke: "#1f2937",
          width: 2.5,
          paths: uPlot.paths.stepped!({ align: 1 }),
          points: { show: false },
        },
      ],
      hooks: {
        drawClear: [paint_bands],
        draw: [
          (u: uPlot) => {
            const { ctx } = u;
            ctx.save();
            ctx.strokeStyle = kBandColour.angry;
            ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
            ctx.lineWidth = 1.5 * devicePixelRatio;
            for (const t of warnings()) {
              const x = u.valToPos(t, "x", true);
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
            }
            ctx.restore();
          },
        ],
      },
    };
    this.plot = new uPlot(opts, [[0], [0]], host);
    this.observer = new ResizeObserver(() => {
      const w = Math.max(200, this.host.clientWidth);
      if (Math.abs(w - this.plot.width) > 1) this.plot.setSize({ width: w, height: 180 });
    });
    this.observer.observe(host);
  }

  update(call: CallState): void {
    this.warnings = call.warnings.map((w) => w.t_ms / 1000);
    this.plot.setData(series_of(call));
  }

  destroy(): void {
    this.observer.disconnect();
    this.plot.destroy();
  }
}

const kSvg = "http://www.w3.org/2000/svg";

// A step line (drawn 120x32, stretched to the tile's width) of the level over the whole call so far, coloured by the band it is in now.
export function sparkline(call: CallState): SVGSVGElement {
  const w = 120;
  const h = 32;
  const svg = document.createElementNS(kSvg, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("class", "spark");
  svg.setAttribute("aria-hidden", "true");
  const [xs, ys] = series_of(call);
  const span = Math.max(60, xs[xs.length - 1] ?? 0);
  const X = (s: number): number => (s / span) * (w - 2) + 1;
  const Y = (v: number): number => h - 1 - v * (h - 2);
  for (const b of kBands.slice(1)) {
    const line = document.createElementNS(kSvg, "line");
    line.setAttribute("x1", "0");
    line.setAttribute("x2", String(w));
    line.setAttribute("y1", String(Y(b.from)));
    line.setAttribute("y2", String(Y(b.from)));
    line.setAttribute("class", `edge edge-${b.band}`);
    svg.append(line);
  }
  let d = "";
  xs.forEach((x, i) => {
    const y = ys[i] ?? 0;
    if (i === 0) d += `M${X(x).toFixed(1)},${Y(y).toFixed(1)}`;
    else d += `H${X(x).toFixed(1)}V${Y(y).toFixed(1)}`;
  });
  const path = document.createElementNS(kSvg, "path");
  path.setAttribute("d", d);
  path.setAttribute("fill", "none");
  path.setAttribute("stroke", kBandColour[band_of(call.level)]);
  path.setAttribute("stroke-width", "2");
  path.setAttribute("vector-effect", "non-scaling-stroke");
  svg.append(path);
  return svg;
}
