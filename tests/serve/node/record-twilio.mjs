#!/usr/bin/env node
// Writes the messages a Twilio Media Stream (track="both_tracks") would send for a call, one JSON
// message per line, from a mu-law stereo WAV (agent left, caller right): connected, start, a
// media message per track every 20 ms, a mark echo, stop. The replay test reads such a capture;
// a capture saved from a real Twilio stream in the same one-message-per-line form replays alike.
//
//   node record-twilio.mjs CALL.wav OUT.jsonl [--call-sid CA...]
import { readFileSync, writeFileSync } from "node:fs";

function readMulawStereo(path) {
  const data = readFileSync(path);
  if (data.toString("latin1", 0, 4) !== "RIFF" || data.toString("latin1", 8, 12) !== "WAVE") {
    throw new Error(`${path}: not a WAV file`);
  }
  let pos = 12;
  let fmt = null;
  let payload = null;
  while (pos + 8 <= data.length) {
    const id = data.toString("latin1", pos, pos + 4);
    const size = data.readUInt32LE(pos + 4);
    const body = data.subarray(pos + 8, pos + 8 + size);
    if (id === "fmt ") {
      fmt = { format: body.readUInt16LE(0), channels: body.readUInt16LE(2), rate: body.readUInt32LE(4) };
    } else if (id === "data") {
      payload = body;
    }
    pos += 8 + size + (size & 1);
  }
  if (!fmt || fmt.format !== 7 || fmt.channels !== 2 || fmt.rate !== 8000 || !payload) {
    throw new Error(`${path}: expected mu-law stereo 8 kHz, got ${JSON.stringify(fmt)}`);
  }
  const n = payload.length >> 1;
  const agent = Buffer.alloc(n);
  const caller = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    agent[i] = payload[2 * i];
    caller[i] = payload[2 * i + 1];
  }
  return { agent, caller };
}

const args = process.argv.slice(2);
if (args.length < 2) {
  console.error("usage: node record-twilio.mjs CALL.wav OUT.jsonl [--call-sid CA...]");
  process.exit(2);
}
const sidAt = args.indexOf("--call-sid");
const callSid = sidAt >= 0 ? args[sidAt + 1] : "CA5b0c1f8e2d3a4b5c6d7e8f9a0b1c2d3e";
const streamSid = "MZ" + callSid.slice(2);
const accountSid = "AC0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const { agent, caller } = readMulawStereo(args[0]);

const lines = [];
let seq = 1;
const push = (m) => lines.push(JSON.stringify(m));
push({ event: "connected", protocol: "Call", version: "1.0.0" });
push({
  event: "start",
  sequenceNumber: String(seq++),
  start: {
    accountSid,
    streamSid,
    callSid,
    tracks: ["inbound", "outbound"],
    customParameters: { agent: "node-replay" },
    mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
  },
  streamSid,
});
const frames = Math.ceil(agent.length / 160);
const chunk = { inbound: 1, outbound: 1 };
for (let k = 0; k < frames; k++) {
  for (const [track, pcm] of [["inbound", caller], ["outbound", agent]]) {
    const bytes = pcm.subarray(k * 160, (k + 1) * 160);
    if (bytes.length === 0) continue;
    push({
      event: "media",
      sequenceNumber: String(seq++),
      media: { track, chunk: String(chunk[track]++), timestamp: String(k * 20), payload: bytes.toString("base64") },
      streamSid,
    });
  }
  if (k === 250) {
    // The platform echoing a mark the server sent earlier: harmless to the pipeline.
    push({ event: "mark", sequenceNumber: String(seq++), streamSid, mark: { name: "greeting-played" } });
  }
}
push({ event: "stop", sequenceNumber: String(seq++), streamSid, stop: { accountSid, callSid } });
writeFileSync(args[1], lines.join("\n") + "\n");
console.log(`${args[1]}: ${lines.length} messages, ${(frames * 0.02).toFixed(1)} s of audio`);
