#!/usr/bin/env python3
"""End-to-end tests of `composure serve`, driven by clients not written here.

    e2e.py media        --composure BIN --sample WAV   # /media, /live, REST, bad input, auth
    e2e.py audiosocket  --composure BIN --sample WAV   # two AudioSocket legs joined into one call
    e2e.py kill         --composure BIN --sample WAV   # SIGKILL mid-call, restart: cut_off, events kept
    e2e.py transcript   --composure BIN --sample WAV   # utterances posted over REST and /media
    e2e.py reply        --composure BIN --sample WAV   # media, mark and clear sent back on /media
    e2e.py slow_live    --composure BIN --sample WAV   # a /live client that stops reading

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
DTMF_EVENTS = 20000
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
    def __init__(self, composure, workdir, store, extra=""):
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
{extra}""")
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

    def post(self, path, body):
        req = urllib.request.Request("http://" + self.http + path, data=json.dumps(body).encode(),
                                     method="POST")
        req.add_header("Authorization", "Bearer " + TOKEN)
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read().decode())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read().decode())

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
    url = f"/live?token={TOKEN}" + (f"&call={call}" if call else "")
    async with websockets.connect(ws_url(server, url), max_size=None) as ws:
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
    status, page = server.get("/calls/CA-e2e/report")
    assert status == 200 and page.startswith("<!DOCTYPE html>") and "<svg" in page, page[:200]
    assert "<script" not in page, "the report must run nothing"
    assert "no voice trace" not in page and "Loudness" in page, \
        "an ended call's report draws its voices from the stored traces"
    status, _ = server.get("/calls/CA-e2e/report", token=None)
    assert status == 401, f"the report without a token: {status}"
    print(f"/calls/CA-e2e/report: {len(page)} bytes of self-contained HTML")
    calls = server.get_json("/calls")["calls"]
    agents = {c["id"]: c["agent"] for c in calls}
    assert agents.get("CA-e2e") == "e2e", f"the media stream's customParameters.agent: {agents}"
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


def truth_segments(sample):
    """The sample's script as transcript segments (what an operator's recogniser would post)."""
    truth = json.load(open(sample[:-len(".wav")] + ".truth.json"))
    return [{"speaker": line["speaker"], "start_ms": line["start_ms"], "end_ms": line["end_ms"],
             "text": line["text"]} for line in truth["lines"]]


def analyze_transcript(composure, workdir, segments):
    path = os.path.join(workdir, "truth_transcript.json")
    with open(path, "w") as f:
        json.dump({"segments": segments}, f)
    out = subprocess.run([composure, "analyze", "--json", "--transcript", path],
                         check=True, capture_output=True).stdout
    return json.loads(out)["events"]


async def transcript_case(server, workdir, sample):
    segments = truth_segments(sample)
    expected = analyze_transcript(server.composure, workdir, segments)
    # REST: the first post starts the call; the rest follow a few at a time; then it is ended.
    status, body = server.post("/calls/TR-rest/utterances", segments[0])
    assert status == 201 and body["utterances"] == 1, (status, body)
    for k in range(1, len(segments), 5):
        status, body = server.post("/calls/TR-rest/utterances", {"segments": segments[k:k + 5]})
        assert status == 200, (status, body)
    status, body = server.post("/calls/TR-rest/utterances", {"speaker": "robot", "start": 1})
    assert status == 400 and "expected agent or caller" in body["error"], (status, body)
    status, _ = server.post("/calls/TR-rest/end", {})
    assert status == 200
    server.wait_status("TR-rest", "ended")
    stored = server.get_json("/calls/TR-rest/events")["events"]
    compare(expected, stored, "POST /calls/{id}/utterances")
    types = {e["type"] for e in stored}
    assert {"utterance", "caller_type", "suggestion", "urgency"} <= types, types
    # POST /calls creates a transcript-only call up front.
    status, call = server.post("/calls", {"id": "TR-made", "meta": {"agent": "a7"}})
    assert status == 201 and call["status"] == "live" and call["source"] == "transcript", call
    assert call["agent"] == "a7", f"the call's agent comes from its metadata: {call}"
    status, body = server.post("/calls", {"id": "TR-made"})
    assert status == 409, (status, body)
    # The same words as `transcript` events on a media stream with no audio.
    async with websockets.connect(ws_url(server, "/media?token=" + TOKEN)) as ws:
        await ws.send(json.dumps({"event": "start", "start": {"callSid": "TR-ws", "streamSid": "MZtr",
                                                               "tracks": ["inbound"]}}))
        for seg in segments:
            await ws.send(json.dumps(dict(seg, event="transcript")))
        await ws.send(json.dumps({"event": "transcript", "start": 1, "text": "no speaker"}))
        await ws.send(json.dumps({"event": "stop"}))
        try:
            await asyncio.wait_for(ws.recv(), 10)
        except websockets.ConnectionClosed:
            pass
    server.wait_status("TR-ws", "ended")
    ws_events = server.get_json("/calls/TR-ws/events")["events"]
    warnings = [e["evidence"]["text"] for e in ws_events if e["type"] == "stream_warning"]
    assert len(warnings) == 1 and "transcript.speaker: missing" in warnings[0], warnings
    utterances = [e for e in ws_events if e["type"] == "utterance"]
    assert len(utterances) == len([e for e in expected if e["type"] == "utterance"]), utterances
    assert any(e["type"] == "caller_type" for e in ws_events)
    print(f"transcript: {len(stored)} events from posted utterances, as analyze --transcript; "
          f"{len(utterances)} utterances from /media transcript events")


async def reply_case(server):
    async with websockets.connect(ws_url(server, "/media?token=" + TOKEN)) as ws:
        await ws.send(json.dumps({"event": "start", "start": {"callSid": "RP-1", "streamSid": "MZrp",
                                                               "tracks": ["inbound"]}}))
        deadline = time.time() + 10
        while server.get("/calls/RP-1")[0] != 200 and time.time() < deadline:
            await asyncio.sleep(0.05)
        audio = base64.b64encode(bytes([0xFF] * 160)).decode()
        for body in ({"event": "media", "payload": audio}, {"event": "mark", "name": "greeting-done"},
                     {"event": "clear"}):
            status, reply = server.post("/calls/RP-1/reply", body)
            assert status == 200, (status, reply)
        got = [json.loads(await asyncio.wait_for(ws.recv(), 10)) for _ in range(3)]
        assert [m["event"] for m in got] == ["media", "mark", "clear"], got
        assert all(m["streamSid"] == "MZrp" for m in got), got
        assert got[0]["media"]["payload"] == audio and got[1]["mark"]["name"] == "greeting-done", got
        status, _ = server.post("/calls/RP-1/reply", {"event": "dance"})
        assert status == 400
        status, _ = server.post("/calls/nobody/reply", {"event": "clear"})
        assert status == 404
        await ws.send(json.dumps({"event": "stop"}))
    print("reply: media, mark and clear reached the media stream's client, in order")


async def dtmf_call(server, call_sid, n):
    """A call that sends nothing but DTMF digits: each is stored as a warning (lots of events)."""
    async with websockets.connect(ws_url(server, "/media?token=" + TOKEN)) as ws:
        await ws.send(json.dumps({"event": "start", "start": {"callSid": call_sid, "tracks": ["inbound"]}}))
        for i in range(n):
            await ws.send(json.dumps({"event": "dtmf", "dtmf": {"digit": str(i % 10)}}))
        await ws.send(json.dumps({"event": "stop"}))
        try:
            await asyncio.wait_for(ws.recv(), 10)
        except websockets.ConnectionClosed:
            pass


class RawWebSocket:
    """A WebSocket client on a plain blocking socket, so that not reading means not reading (a
    library client would keep draining the socket into its own buffers)."""

    def __init__(self, server, path):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)  # fills fast
        host, port = server.http.rsplit(":", 1)
        self.sock.connect((host, int(port)))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {server.http}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        assert head.startswith(b"HTTP/1.1 101"), head

    def exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            assert chunk, "the server closed the /live connection"
            data += chunk
        return data

    def recv(self):
        """The next text message (pings are not expected in a test this short)."""
        b0, b1 = self.exact(2)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack(">H", self.exact(2))[0]
        elif n == 127:
            n = struct.unpack(">Q", self.exact(8))[0]
        payload = self.exact(n)
        assert b0 & 0x0F == 1, f"expected a text frame, got opcode {b0 & 0x0F}"
        return payload.decode()


async def slow_live_case(server, expected, agent, caller):
    """A /live client that stops reading misses events and is told so; nobody else loses any."""
    slow = RawWebSocket(server, f"/live?token={TOKEN}")
    slow.sock.settimeout(10)
    hello = json.loads(slow.recv())
    assert hello["type"] == "hello", hello
    seen, ready = [], asyncio.Event()
    fast = asyncio.create_task(follow(server, None, seen, ready))
    await asyncio.wait_for(ready.wait(), 10)
    # More events than the server's socket buffer (up to 4 MB) and the client's queue can hold.
    await dtmf_call(server, "CA-dtmf", DTMF_EVENTS)
    await stream_call(server, "CA-slow", agent, caller)
    server.wait_status("CA-dtmf", "ended")
    server.wait_status("CA-slow", "ended")
    stored = server.get_json("/calls/CA-slow/events")["events"]
    compare(expected, stored, "store beside a slow /live client")
    noisy = server.get_json("/calls/CA-dtmf/events")["events"]
    assert len(noisy) == DTMF_EVENTS, len(noisy)
    await asyncio.sleep(0.5)
    fast.cancel()
    await asyncio.gather(fast, return_exceptions=True)
    for call, rows in (("CA-dtmf", noisy), ("CA-slow", stored)):
        got_fast = [e["seq"] for e in seen if e.get("call") == call]
        assert got_fast == [e["seq"] for e in rows], \
            f"the fast /live client got {len(got_fast)} events of {call}, stored {len(rows)}"
    # The slow client reads again: what it was sent, with a notice of what it missed before the
    # next event it got (one notice per gap; a burst may leave several gaps).
    got, notices = [], []
    slow.sock.settimeout(2)
    while True:
        try:
            m = json.loads(slow.recv())
        except socket.timeout:
            break
        if m.get("type") == "live_dropped":
            notices.append(m)
        else:
            got.append(m)
    assert notices, f"no live_dropped notice after {len(got)} events"
    dropped = sum(n["dropped"] for n in notices)
    total = len(noisy) + len(stored)
    assert dropped > 0 and len(got) + dropped == total, (notices, len(got), total)
    for call in ("CA-dtmf", "CA-slow"):
        seqs = [e["seq"] for e in got if e.get("call") == call]
        assert seqs == sorted(seqs), "the slow client's events are out of order"
    slow.sock.close()
    status, metrics = server.get("/metrics")
    assert "composure_live_dropped_total %d" % dropped in metrics, metrics
    print(f"slow /live client: got {len(got)} of {total} events, then was told in "
          f"{len(notices)} notice(s) it missed {dropped}; the fast client and the store have all")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=["media", "audiosocket", "kill", "transcript", "reply",
                                     "slow_live"])
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
            # The default queue: a client that reads along keeps up with a burst of events from
            # a call on another io thread; one that stops reading overflows it.
            extra = "live: {queue_limit: 1024}\n" if args.case == "slow_live" else ""
            server = Server(args.composure, workdir, store, extra)
            try:
                check_auth(server)
                if args.case == "media":
                    asyncio.run(media_case(server, expected, agent, caller))
                elif args.case == "transcript":
                    asyncio.run(transcript_case(server, workdir, args.sample))
                elif args.case == "reply":
                    asyncio.run(reply_case(server))
                elif args.case == "slow_live":
                    asyncio.run(slow_live_case(server, expected, agent, caller))
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
