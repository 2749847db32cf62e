// The server's configuration: where it listens, who may use it, where it keeps calls, and how the
// audio it is sent maps to the agent and the caller. YAML; every key is optional (defaults below);
// a documented sample is data/serve/composure.yaml.
//
//   auto config = load_serve_config("composure.yaml");  // errors: "composure.yaml:7: ..."
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/speaker.h"
#include "serve/report_hook.h"

namespace composure {

// One AudioSocket connection (a leg), known by the UUID Asterisk sends first, and the call and
// side it belongs to.
struct AudioSocketLeg {
  std::string uuid;  // lower case, 8-4-4-4-12 hex
  std::string call;
  Speaker speaker = Speaker::Caller;
};

struct ServeConfig {
  std::string http_host = "127.0.0.1";
  int http_port = 8080;  // HTTP, /media and /live WebSockets; 0: any free port
  std::string audiosocket_host = "127.0.0.1";
  int audiosocket_port = 9092;      // 0: any free port; -1: AudioSocket off
  std::vector<std::string> tokens;  // bearer tokens; none: every request but /healthz refused
  std::filesystem::path store = "composure-events.db";
  bool keep_raw_audio = false;        // raw 16-bit PCM per leg, next to the store: <store>.audio/
  Speaker inbound = Speaker::Caller;  // media streams: who the inbound track is
  std::size_t max_message_bytes =
      std::size_t{64} * 1024;           // larger WebSocket messages close the stream
  std::size_t live_queue_limit = 1024;  // /live events waiting per client before dropping
  std::vector<AudioSocketLeg> legs;
  // Speech recognition on live calls: decoders in the shared pool (each ~100 MB); 0: off (the
  // default), kAutoDecoders: min(4, cores).
  static constexpr int kAutoDecoders = -1;
  int decoders = 0;
  // pocketsphinx's second (flat-lexicon) search pass when a spurt ends. Off for live calls: it
  // costs about 240 ms of the latency from the end of an utterance to its suggestions (p99 593 ->
  // 246 ms) for about 3 points of word error rate (52 -> 55 % on band-limited telephone audio).
  bool second_pass = false;
  // Static files of the web app (agent panel, supervisor wall), relative to the working
  // directory; empty: no UI. Every GET outside the API paths is served from here, without a token.
  std::filesystem::path web_root;
  // A live call that has had no audio (media streams, AudioSocket) or no words (transcript-only
  // calls) for this long is ended as abandoned, with a warning. 0: never.
  double audio_idle_s = 30;
  double transcript_idle_s = 120;
  // Threads that run the connections and the calls they feed (each connection, with its call's
  // audio, stays on one). kAutoThreads: one per core.
  static constexpr int kAutoThreads = 0;
  int threads = kAutoThreads;
  // Renders GET /calls/{id}/report; empty: 501 until someone wires the HTML report in.
  ReportRenderer report;
  // Where the configuration came from ("composure.yaml", or "defaults").
  std::string origin = "defaults";
};

Result<ServeConfig> parse_serve_config(std::string_view yaml, std::string_view origin);
Result<ServeConfig> load_serve_config(const std::filesystem::path& file);

}  // namespace composure
