#!/usr/bin/env python3
"""End-to-end tests of `composure serve`, driven by clients not written here.

    e2e.py media        --composure BIN --sample WAV   # /media, /live, REST, bad input, auth
    e2e.py audiosocket  --composure BIN --sample WAV   # two AudioSocket legs joined into one call
    e2e.py kill         --composure BIN --sample WAV   # SIGKILL mid-call, restart: cut_off, events kept

Each starts the real server on free ports with a temporary configuration and store, streams the
sample call (a mu-law stereo WAV: agent left, caller right) as fast as it is taken, and checks
that the stored events are exactly those of `composure analyze --no-asr --json` on the same file.
Uses Debian's python3-websockets (asyncio). Exit 0 on success; a failed check raises.
"""
import argparse
import asyncio
import base64
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import websockets

TOKEN = "e2e-test-token-123"
CALLER_UUID = "0b3c6f0e-7f2a-4c1d-9e8b-5a4d3c2b1a00"
AGENT_UUID = "0b3c6f0e-7f2a-4c1d-9e8b-5a4d3c2b1a01"


def read_mulaw_stereo(path):
    """(agent bytes, caller bytes) from a mu-law stereo WAV."""
    data = open(path, "rb").read()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE", path + ": not a WAV file"
    pos, fmt, payload = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif cid == b"data":
            payload = body
        pos += 8 + size + (size & 1)
    assert fmt is not None and fmt[0] == 7 and fmt[1] == 2 and fmt[2] == 8000, \
        f"{path}: expected mu-law stereo 8 kHz, got {fmt}"
    return payload[0::2], payload[1::2]


def ulaw_to_linear(code):
    inverted = ~code & 0xFF
    exponent = (inverted >> 4) & 0x07
    mantissa = inverted & 0x0F
    magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
    return -magnitude if inverted & 0x80 else magnitude


ULAW = [ulaw_to_linear(c) for c in range(256)]


def s16le(mulaw):
    return struct.pack("<%dh" % len(mulaw), *(ULAW[b] for b in mulaw))


class Server:
    def __init__(self, composure, workdir, store):
        self.composure = composure
        self.config = os.path.join(workdir, "serve.yaml")
        with open(self.config, "w") as f:
            f.write(f"""http: {{host: 127.0.0.1, port: 0}}
audiosocket:
  host: 127.0.0.1
  port: 0
  legs:
    - {{uuid: {CALLER_UUID}, call: as-e2e, speaker: caller}}
    - {{uuid: {AGENT_UUID}, call: as-e2e, speaker: agent}}
tokens: [{TOKEN}]
storage: {{path: {store}}}
media: {{max_message_bytes: 8192}}
""")
        self.log = open(os.path.join(workdir, "server.log"), "ab")
        self.proc = subprocess.Popen([composure, "serve", "--config", self.config],
                                     stdout=subprocess.PIPE, stderr=self.log)
        line = self.proc.stdout.readline().decode()
        assert line.startswith("listening "), "server did not start: " + line
        fields = dict(kv.split("=", 1) for kv in line.split()[1:])
        self.http = fields["http"]
        self.audiosocket = fields["audiosocket"]

    def get(self, path, token=TOKEN):
        req = urllib.request.Request("http://" + self.http + path)
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def get_json(self, path):
        status, body = self.get(path)
        assert status == 200, f"GET {path}: {status} {body}"
        return json.loads(body)

    def wait_status(self, call, want, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            status, body = self.get("/calls/" + call)
            if status == 200 and json.loads(body)["status"] == want:
                return
            time.sleep(0.1)
        raise AssertionError(f"call {call} never became {want}: {self.get('/calls/' + call)}")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=20)
        assert code == 0, f"server exited with {code} after SIGTERM"


def analyze(composure, sample):
    out = subprocess.run([composure, "analyze", "--no-asr", "--json", sample],
                         check=True, capture_output=True).stdout
    return json.loads(out)["events"]


def canonical(events):
    keep = []
    for e in events:
        e = {k: v for k, v in e.items() if k not in ("call", "seq")}
        keep.append(json.dumps(e, sort_keys=True))
    return sorted(keep)


def compare(expected, stored, what):
    pipeline = [e for e in stored if e["type"] != "stream_warning"]
    warnings = [e for e in stored if e["type"] == "stream_warning"]
    assert not warnings, f"{what}: unexpected warnings {warnings}"
    a, b = canonical(expected), canonical(pipeline)
    if a != b:
        missing = [x for x in a if x not in b][:5]
        extra = [x for x in b if x not in a][:5]
        raise AssertionError(f"{what}: {len(b)} events, analyze has {len(a)}\n"
                             f"missing: {missing}\nextra: {extra}")
    print(f"{what}: {len(b)} events, the same as composure analyze "
          f"({len(set(e['type'] for e in pipeline))} types)")


def media_messages(call_sid, agent, caller, frames=None):
    yield json.dumps({"event": "connected", "protocol": "Call", "version": "1.0.0"})
    yield json.dumps({"event": "start", "sequenceNumber": "1", "streamSid": "MZ" + call_sid,
                      "start": {"accountSid": "AC1", "streamSid": "MZ" + call_sid,
                                "callSid": call_sid, "tracks": ["inbound", "outbound"],
                                "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000,
                                                "channels": 1},
                                "customParameters": {"agent": "e2e"}}})
    seq = 2
    n = (max(len(agent), len(caller)) + 159) // 160
    if frames is not None:
        n = min(n, frames)
    for k in range(n):
        for track, pcm in (("outbound", agent), ("inbound", caller)):
            chunk = pcm[k * 160:(k + 1) * 160]
            if not chunk:
                continue
            yield json.dumps({"event": "media", "sequenceNumber": str(seq), "streamSid": "MZ" + call_sid,
                              "media": {"track": track, "chunk": str(k + 1), "timestamp": str(k * 20),
                                        "payload": base64.b64encode(chunk).decode()}})
            seq += 1


def ws_url(server, path):
    return f"ws://{server.http}{path}"


async def stream_call(server, call_sid, agent, caller):
    async with websockets.connect(ws_url(server, "/media"), max_size=None,
                                  extra_headers={"Authorization": "Bearer " + TOKEN}) as ws:
        for i, m in enumerate(media_messages(call_sid, agent, caller)):
            await ws.send(m)
            if i % 200 == 0:
                await asyncio.sleep(0)  # let the other streams in
        await ws.send(json.dumps({"event": "stop", "sequenceNumber": "0", "streamSid": "MZ" + call_sid,
                                  "stop": {"callSid": call_sid}}))
        try:
            await asyncio.wait_for(ws.recv(), 10)
        except websockets.ConnectionClosed:
            pass


async def bad_stream(server, agent, caller):
    """Malformed JSON, bad base64 and unknown events on a stream of its own, between good media."""
    async with websockets.connect(ws_url(server, "/media?token=" + TOKEN)) as ws:
        msgs = list(media_messages("CA-bad", agent[:8000], caller[:8000]))
        for i, m in enumerate(msgs):
            await ws.send(m)
            if i == 10:
                await ws.send("{this is not json")
                await ws.send(json.dumps({"event": "media", "media": {"track": "inbound",
                                          "timestamp": "100", "payload": "@@@@"}}))
                await ws.send(json.dumps({"event": "dance"}))
                await asyncio.sleep(0)
        await ws.send(json.dumps({"event": "stop", "stop": {"callSid": "CA-bad"}}))
        try:
            await asyncio.wait_for(ws.recv(), 10)
        except websockets.ConnectionClosed:
            pass


async def oversized_stream(server):
    async with websockets.connect(ws_url(server, "/media?token=" + TOKEN), max_size=None) as ws:
        await ws.send(json.dumps({"event": "start", "start": {"callSid": "CA-big", "tracks": ["inbound"]}}))
        await ws.send("x" * 100000)
        try:
            await asyncio.wait_for(ws.recv(), 10)
            raise AssertionError("an oversized message did not close the stream")
        except websockets.ConnectionClosed as closed:
            assert closed.code == 1009, f"closed with {closed.code}, expected 1009 (too big)"


async def follow(server, call, seen, ready):
    async with websockets.connect(ws_url(server, f"/live?token={TOKEN}&call={call}"), max_size=None) as ws:
        hello = json.loads(await ws.recv())
        assert hello["type"] == "hello" and hello["call"] == call, hello
        ready.set()
        try:
            while True:
                seen.append(json.loads(await ws.recv()))
        except websockets.ConnectionClosed:
            pass


def check_auth(server):
    status, body = server.get("/healthz", token=None)
    assert status == 200 and json.loads(body)["status"] == "ok", (status, body)
    for path in ("/calls", "/metrics", "/calls/x/events"):
        status, _ = server.get(path, token=None)
        assert status == 401, f"GET {path} without a token: {status}"
        status, _ = server.get(path, token="wrong-token-000")
        assert status == 401, f"GET {path} with a wrong token: {status}"
    print("auth: /healthz open, everything else 401 without the token")


async def media_case(server, expected, agent, caller):
    seen, ready = [], asyncio.Event()
    live = asyncio.create_task(follow(server, "CA-e2e", seen, ready))
    await asyncio.wait_for(ready.wait(), 10)
    started = time.time()
    await asyncio.gather(stream_call(server, "CA-e2e", agent, caller), bad_stream(server, agent, caller),
                         oversized_stream(server))
    print(f"streamed {len(agent) / 8000:.1f} s of call audio in {time.time() - started:.1f} s")
    server.wait_status("CA-e2e", "ended")
    stored = server.get_json("/calls/CA-e2e/events")["events"]
    compare(expected, stored, "/media")
    # The bad stream: warnings stored, the call itself analysed and ended.
    server.wait_status("CA-bad", "ended")
    bad = server.get_json("/calls/CA-bad/events")["events"]
    texts = [e["evidence"]["text"] for e in bad if e["type"] == "stream_warning"]
    assert any("not JSON" in t for t in texts), texts
    assert any("not base64" in t for t in texts), texts
    assert any("unknown event 'dance'" in t for t in texts), texts
    server.wait_status("CA-big", "cut_off")
    big = server.get_json("/calls/CA-big/events")["events"]
    assert any("over 8192 bytes" in e["evidence"]["text"] for e in big), big
    print("bad input: warnings on its own stream, the oversized stream closed with 1009")
    # The live feed saw what was stored, in order.
    await asyncio.sleep(0.5)
    live.cancel()
    await asyncio.gather(live, return_exceptions=True)
    live_events = [e for e in seen if e.get("call") == "CA-e2e"]
    assert [e["seq"] for e in live_events] == [e["seq"] for e in stored], \
        f"/live got {len(live_events)} events, stored {len(stored)}"
    print(f"/live: {len(live_events)} events, as stored")
    brief = server.get_json("/calls/CA-e2e/brief")
    assert "frustration" in brief and "timeline" in brief, brief
    calls = server.get_json("/calls")["calls"]
    assert {"CA-e2e", "CA-bad", "CA-big"} <= {c["id"] for c in calls}, calls
    status, metrics = server.get("/metrics")
    assert status == 200 and "composure_calls_total 3" in metrics, metrics
    assert "composure_bad_messages_total" in metrics


def audiosocket_case(server, expected, agent, caller):
    host, port = server.audiosocket.rsplit(":", 1)
    legs = []
    for uuid in (CALLER_UUID, AGENT_UUID):
        s = socket.create_connection((host, int(port)))
        s.sendall(bytes([0x01, 0, 16]) + bytes.fromhex(uuid.replace("-", "")))
        legs.append(s)
    pcm = [s16le(caller), s16le(agent)]
    frame = 320
    started = time.time()
    n = (max(len(p) for p in pcm) + frame - 1) // frame
    for k in range(n):
        for s, p in zip(legs, pcm):
            chunk = p[k * frame:(k + 1) * frame]
            if chunk:
                s.sendall(bytes([0x10]) + struct.pack(">H", len(chunk)) + chunk)
        if k % 50 == 49:
            time.sleep(0.01)  # 1 s of audio per 10 ms: both legs stay within the hold window
    for s in legs:
        s.sendall(bytes([0x00, 0, 0]))
        s.close()
    print(f"sent {n * 20 / 1000:.1f} s on two legs in {time.time() - started:.1f} s")
    server.wait_status("as-e2e", "ended")
    stored = server.get_json("/calls/as-e2e/events")["events"]
    compare(expected, stored, "AudioSocket")


async def kill_case(args, workdir, store, agent, caller):
    server = Server(args.composure, workdir, store)
    half = len(caller) // 160 // 2
    async with websockets.connect(ws_url(server, "/media?token=" + TOKEN), max_size=None) as ws:
        for m in media_messages("CA-kill", agent, caller, frames=half):
            await ws.send(m)
        deadline = time.time() + 30
        while time.time() < deadline:
            status, body = server.get("/calls/CA-kill")
            if status == 200 and json.loads(body).get("audio_ms", 0) >= half * 20:
                break
            await asyncio.sleep(0.05)
        before = server.get_json("/calls/CA-kill/events")["events"]
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait(timeout=10)
    assert before, "no events stored before the kill"
    again = Server(args.composure, workdir, store)
    call = again.get_json("/calls/CA-kill")
    assert call["status"] == "cut_off", call
    after = again.get_json("/calls/CA-kill/events")["events"]
    assert canonical(before) == canonical(after), "events changed across the kill"
    print(f"kill -9 at {half * 20 / 1000:.1f} s: the call is cut_off with its {len(after)} events")
    again.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=["media", "audiosocket", "kill"])
    ap.add_argument("--composure", required=True)
    ap.add_argument("--sample", required=True)
    args = ap.parse_args()
    agent, caller = read_mulaw_stereo(args.sample)
    with tempfile.TemporaryDirectory(prefix="composure_e2e_") as workdir:
        store = os.path.join(workdir, "events.db")
        try:
            if args.case == "kill":
                asyncio.run(kill_case(args, workdir, store, agent, caller))
                return 0
            expected = analyze(args.composure, args.sample)
            server = Server(args.composure, workdir, store)
            try:
                check_auth(server)
                if args.case == "media":
                    asyncio.run(media_case(server, expected, agent, caller))
                else:
                    audiosocket_case(server, expected, agent, caller)
            except BaseException:
                server.proc.kill()
                raise
            server.stop()
        except BaseException:
            log = os.path.join(workdir, "server.log")
            if os.path.exists(log):
                sys.stderr.write("--- server log ---\n" + open(log).read()[-4000:])
            raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
