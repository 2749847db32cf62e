// Reads a call script (samples/README.md, "Dialogue format") into transcript segments with times
// estimated the way the transcript reader does: about 2.6 words a second, a short gap between
// lines, pauses and holds as written. Enough to replay a scripted call into a live server.
import { readFileSync } from "node:fs";

const kWordsPerSecond = 2.6;
const kGapS = 0.6;

export function read_dialogue(path) {
  const segments = [];
  let t = 0.5;
  let title = "";
  for (const raw of readFileSync(path, "utf8").split("\n")) {
    const line = raw.trim();
    if (line.startsWith("# title:") && title === "") title = line.slice(8).trim();
    if (line === "" || line.startsWith("#")) continue;
    const pause = /^pause\s+([\d.]+)/.exec(line);
    if (pause) {
      t += Number(pause[1]);
      continue;
    }
    const hold = /^hold\s+([\d.]+)(?:\s+checkin@([\d.]+):\s*(.*))?/.exec(line);
    if (hold) {
      if (hold[2] && hold[3]) segments.push(segment("agent", t + Number(hold[2]), hold[3]));
      t += Number(hold[1]);
      continue;
    }
    const said = /^(agent|caller)\s*(?:\[([^\]]*)\])?\s*:\s*(.+)$/.exec(line);
    if (!said) continue;
    const s = segment(said[1], t, said[3]);
    segments.push(s);
    t = s.end + kGapS;
  }
  return { title, segments };
}

function segment(speaker, start, text) {
  const words = text.split(/\s+/).filter(Boolean).length;
  const end = start + Math.max(0.6, words / kWordsPerSecond);
  return { speaker, start: round(start), end: round(end), text };
}

function round(s) {
  return Math.round(s * 100) / 100;
}
