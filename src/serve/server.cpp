#include "serve/server.h"

// Boost.Asio's coroutine headers need <utility> first under GCC 12 (see PLATFORM.md); the
// callback style used here does not, but keep the order that works everywhere.
#include <utility>
// clang-format off
#include <boost/asio.hpp>
#include <boost/beast.hpp>
// clang-format on

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "audio/g711.h"
#include "cli/report.h"
#include "core/strings.h"
#include "guide/brief.h"
#include "report/html_report.h"
#include "serve/audiosocket.h"
#include "serve/live_call.h"
#include "serve/log.h"
#include "serve/media_stream.h"
#include "serve/ws_frames.h"
#include "speech/decoder_pool.h"
#include "speech/pocketsphinx_recognizer.h"
#include "speech/transcript.h"
#include "store/event_store.h"
#include "store/sqlite_knowledge.h"

namespace composure {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using nlohmann::json;

// JSON text for the wire never throws: invalid UTF-8 that came from a peer (a path, a message
// quoted in a warning) is written as U+FFFD.
constexpr auto kLenient = json::error_handler_t::replace;

constexpr std::size_t kHttpBodyLimit = std::size_t{64} * 1024;
constexpr auto kHttpTimeout = std::chrono::seconds(30);
constexpr std::size_t kAudioSocketReadBytes = std::size_t{16} * 1024;
constexpr int kMaxBadMessages = 100;           // per stream, then it is closed
constexpr std::int64_t kLegJoinSlackMs = 200;  // AudioSocket legs this close count as together
// At shutdown, how long calls may wait for the words of their last talk spurts.
constexpr auto kRecognitionDrainTimeout = std::chrono::seconds(30);

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const std::string hex(s.substr(i + 1, 2));
      char* end = nullptr;
      const long v = std::strtol(hex.c_str(), &end, 16);
      if (end == hex.c_str() + 2) {
        out += static_cast<char>(v);
        i += 2;
        continue;
      }
    }
    out += s[i] == '+' ? ' ' : s[i];
  }
  return out;
}

struct Target {
  std::string path;
  std::map<std::string, std::string> query;
};

Target parse_target(std::string_view target) {
  Target t;
  const auto q = target.find('?');
  t.path = percent_decode(target.substr(0, q));
  if (q == std::string_view::npos) return t;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    t.query[percent_decode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return t;
}

json row_to_json(const std::string& call_id, const EventRow& r) {
  json j;
  if (auto e = to_event(r)) {
    j = event_to_json(*e);
  } else {
    json evidence = json::parse(r.evidence, nullptr, /*allow_exceptions=*/false);
    if (evidence.is_discarded()) evidence = json::object();
    j = {{"t_ms", r.t_ms}, {"end_ms", r.end_ms},     {"speaker", r.speaker}, {"type", r.type},
         {"cue", false},   {"strength", r.strength}, {"evidence", evidence}};
  }
  j["call"] = call_id;
  j["seq"] = r.seq;
  return j;
}

json call_to_json(const CallRecord& c) {
  json meta = json::parse(c.meta, nullptr, /*allow_exceptions=*/false);
  if (meta.is_discarded()) meta = json::object();
  return {{"id", c.id},
          {"status", std::string(to_string(c.status))},
          {"started_at_ms", c.started_at},
          {"ended_at_ms", c.ended_at ? json(*c.ended_at) : json(nullptr)},
          {"source", c.source},
          {"agent", c.agent},
          {"meta", meta},
          {"events", c.events}};
}

// A call's traces for its report, kept in the store as JSON: per speaker, one
// [t_ms, voiced_frames, level_db, f0_hz, baseline_level_db, baseline_f0_hz] per second of voice.
CallTraces traces_of(const CallSummary& s) {
  CallTraces t;
  t.duration_ms = s.duration_ms;
  t.voice = s.voice_trace;
  t.frustration = s.assessment.frustration_trace;
  return t;
}

std::string traces_to_json(const CallTraces& t) {
  json voice = json::object();
  for (const Speaker who : {Speaker::Agent, Speaker::Caller}) {
    json points = json::array();
    for (const VoicePoint& p : t.voice[static_cast<std::size_t>(who)]) {
      points.push_back(json::array(
          {p.t_ms, p.voiced_frames, p.level_db, p.f0_hz, p.baseline_level_db, p.baseline_f0_hz}));
    }
    voice[std::string(to_string(who))] = std::move(points);
  }
  return json{{"duration_ms", t.duration_ms}, {"voice", voice}, {"frustration", t.frustration}}
      .dump(-1, ' ', false, kLenient);
}

std::optional<CallTraces> traces_from_json(const std::string& text) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  try {
    CallTraces t;
    t.duration_ms = j.at("duration_ms").get<std::int64_t>();
    t.frustration = j.at("frustration").get<std::vector<float>>();
    for (const Speaker who : {Speaker::Agent, Speaker::Caller}) {
      for (const json& p : j.at("voice").at(std::string(to_string(who)))) {
        t.voice[static_cast<std::size_t>(who)].push_back(
            VoicePoint{p.at(0).get<std::int64_t>(), p.at(1).get<int>(), p.at(2).get<float>(),
                       p.at(3).get<float>(), p.at(4).get<float>(), p.at(5).get<float>()});
      }
    }
    return t;
  } catch (const json::exception&) {
    return std::nullopt;  // written by another version: the report goes without
  }
}

class LiveSession;
class MediaSession;

// A live call and the lock that guards it. The call runs on the thread of the connection that
// feeds it (its audio); REST requests, the idle sweep, recognised words and a second AudioSocket
// leg reach it from other threads, always under `mu`.
//
// Lock order, outermost first: State::mu, CallSlot::mu, Feed::mu, a LiveSession's own (and the
// store's, innermost). Audio takes only its call's lock (and, when the call emits, the feed's),
// so calls on different threads never wait for each other.
struct CallSlot {
  std::mutex mu;
  std::unique_ptr<LiveCall> call;
};
using Slot = std::shared_ptr<CallSlot>;

// Runs `f` on the slot's call under its lock while the call is live (not finishing); false when
// there is none.
template <typename F>
bool with_live_call(const Slot& slot, F&& f) {
  if (!slot) return false;
  const std::lock_guard lock(slot->mu);
  if (slot->call->finishing()) return false;
  f(*slot->call);
  return true;
}

// One call in flight, and the connections that feed it.
struct CallEntry {
  Slot slot;
  std::int64_t started_wall_ms = 0;
  int open_legs = 0;
  bool transcript_only = false;
  // Idle detection: what the call had received at the last sweep, and since when.
  std::int64_t progress = -1;
  std::chrono::steady_clock::time_point progress_since;
  // Close the connections that feed the call (when it is ended as abandoned); each posts to its
  // connection's thread.
  std::vector<std::function<void()>> hang_ups;
};

// The /live screens and the counts of what was published. Its own lock: a call publishing from
// its thread never waits for the server's state.
struct Feed {
  std::mutex mu;
  std::map<LiveSession*, std::weak_ptr<LiveSession>> screens;
  std::map<std::string, std::int64_t> event_counts;
  std::atomic<std::int64_t> dropped{0};  // events a slow screen did not get

  void publish(const std::string& call_id, const EventRow& row, std::int64_t heard_ms);
  void add(const std::shared_ptr<LiveSession>& s) {
    const std::lock_guard lock(mu);
    screens[s.get()] = s;
  }
  void remove(LiveSession* s) {
    const std::lock_guard lock(mu);
    screens.erase(s);
  }
  std::vector<std::shared_ptr<LiveSession>> all() {
    const std::lock_guard lock(mu);
    std::vector<std::shared_ptr<LiveSession>> out;
    for (const auto& [raw, weak] : screens) {
      if (auto s = weak.lock()) out.push_back(std::move(s));
    }
    return out;
  }
};

// Everything the sessions share. The calls and the counters are guarded by `mu` (recursive: a
// session's destructor, which ends its call, may run where the lock is already held); the
// configuration is read-only once the server runs.
struct State {
  explicit State(asio::io_context& io_context) : io(io_context) {}

  asio::io_context& io;  // the main thread: accepting, timers, recognised words
  std::recursive_mutex mu;
  ServeConfig config;
  std::unique_ptr<EventStore> store;
  std::unique_ptr<SqliteKnowledgeBase> knowledge;
  PipelineConfig pipeline;
  std::map<std::string, CallEntry> calls;
  // Calls that have ended but still wait for the words of their last talk spurts.
  std::vector<Slot> finishing;
  Feed feed;
  // The /media stream of each call that has one: where replies (media, mark, clear) go.
  std::map<std::string, std::weak_ptr<MediaSession>> media;
  DecoderPool* recognizer = nullptr;  // null: recognition off
  std::atomic<bool> stopping{false};
  int threads = 1;

  // Metrics (cumulative).
  std::int64_t calls_total = 0;
  std::int64_t frames_finished = 0;  // frames of calls that have ended
  std::int64_t dropped_finished = 0;
  std::int64_t silence_ms = 0;
  std::atomic<std::int64_t> bad_messages{0};
  std::int64_t store_errors = 0;
  std::int64_t utterances = 0;
  std::int64_t recognition_errors = 0;
  LatencyHistogram recognition_latency;

  // The methods below expect `mu` held.
  bool authorized(const http::request<http::string_body>& req, const Target& t) const;
  Result<Slot> open_call(const LiveCallSetup& setup);
  void close_call(const std::string& id, CallStatus status);
  // Counts a call that has completed into the totals (its slot's lock held too).
  void account(const LiveCall& c);
  // Lets go of ended calls whose words are all in.
  void reap();
  // Sends a message built for the call's media stream (given its streamSid) back on it; false
  // when the call has no open /media stream.
  bool reply(const std::string& call_id,
             const std::function<std::string(std::string_view stream_sid)>& build);
  std::string metrics();
  // Ends calls that have received nothing for the configured idle time, with a warning.
  void sweep_idle();
  // Refuses new calls and ends every call in flight (their last words may still be coming: see
  // `finishing`). Again later, it ends any call that slipped in meanwhile.
  void shutdown();
  void close_screens();
};

bool State::authorized(const http::request<http::string_body>& req, const Target& t) const {
  std::string token;
  const auto auth = req.find(http::field::authorization);
  if (auth != req.end()) {
    const std::string_view v(auth->value().data(), auth->value().size());
    if (v.starts_with("Bearer ")) token = std::string(v.substr(7));
  } else if (const auto q = t.query.find("token"); q != t.query.end()) {
    token = q->second;  // WebSocket clients (browsers, telephony platforms) cannot set headers
  }
  if (token.empty()) return false;
  for (const auto& allowed : config.tokens) {
    if (allowed == token) return true;
  }
  return false;
}

Result<Slot> State::open_call(const LiveCallSetup& setup_in) {
  if (stopping) return fail("the server is shutting down");
  if (calls.count(setup_in.id) != 0) return fail("call " + setup_in.id + " is already live");
  LiveCallSetup setup = setup_in;
  setup.pipeline = pipeline;
  setup.started_at = wall_ms();
  setup.recognizer = recognizer;
  auto slot = std::make_shared<CallSlot>();
  // Words come back on decoder threads: they enter the call on the main thread, under its lock.
  setup.post = [&io = io, weak = std::weak_ptr<CallSlot>(slot)](std::function<void()> task) {
    asio::post(io, [weak, task = std::move(task)] {
      const auto s = weak.lock();
      if (!s) return;
      const std::lock_guard lock(s->mu);
      if (s->call) task();
    });
  };
  setup.on_done = [this] {
    asio::post(io, [this] {
      const std::lock_guard lock(mu);
      reap();
    });
  };
  if (config.keep_raw_audio) setup.raw_audio_dir = config.store.string() + ".audio";
  auto call = LiveCall::start(setup, store.get(),
                              [this](const std::string& id, const EventRow& row,
                                     std::int64_t heard_ms) { feed.publish(id, row, heard_ms); });
  if (!call) return tl::unexpected(call.error());
  {
    const std::lock_guard lock(slot->mu);
    slot->call = std::move(*call);
  }
  CallEntry& entry = calls[setup.id];
  entry.slot = slot;
  entry.started_wall_ms = wall_ms();
  entry.transcript_only = setup.source == "transcript";
  entry.progress_since = std::chrono::steady_clock::now();
  ++calls_total;
  log_line(
      "call " + setup.id + " started (" + setup.source + ", " +
      (setup.two_party ? "two-party" : "one leg: " + std::string(to_string(setup.mono_speaker))) +
      ")");
  return slot;
}

void State::close_call(const std::string& id, CallStatus status) {
  const auto it = calls.find(id);
  if (it == calls.end()) return;
  const Slot slot = std::move(it->second.slot);
  calls.erase(it);
  const std::lock_guard lock(slot->mu);
  LiveCall& c = *slot->call;
  c.finish(status);
  log_line("call " + id + " " + std::string(to_string(status)) + " after " +
           std::to_string(c.now_ms()) + " ms of audio, " + std::to_string(c.stats().events) +
           " events" +
           (c.finished() ? ""
                         : "; waiting for the words of " + std::to_string(c.recognition_pending()) +
                               " talk spurt(s)"));
  if (c.finished()) {
    account(c);
  } else {
    finishing.push_back(slot);
  }
}

void State::account(const LiveCall& c) {
  // The voice and frustration traces, for the call's report once it is no longer in memory.
  if (auto stored = store->put_traces(c.id(), traces_to_json(traces_of(c.summary()))); !stored) {
    log_line("call " + c.id() + ": " + stored.error().message);
  }
  frames_finished += c.stats().frames;
  dropped_finished += c.stats().frames_dropped + c.summary().frames_dropped;
  silence_ms += c.stats().silence_ms;
  store_errors += c.stats().store_errors;
  utterances += c.stats().utterances;
  recognition_errors += c.stats().recognition_errors;
  recognition_latency.merge(c.stats().recognition_latency);
}

void State::sweep_idle() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::string> idle;
  for (auto& [id, entry] : calls) {
    std::int64_t progress = 0;
    {
      const std::lock_guard lock(entry.slot->mu);
      const LiveCall& c = *entry.slot->call;
      progress = c.stats().frames + c.stats().utterances + c.now_ms() + c.queued_frames();
    }
    if (progress != entry.progress) {
      entry.progress = progress;
      entry.progress_since = now;
      continue;
    }
    const double limit = entry.transcript_only ? config.transcript_idle_s : config.audio_idle_s;
    if (limit <= 0) continue;
    if (std::chrono::duration<double>(now - entry.progress_since).count() >= limit) {
      idle.push_back(id);
    }
  }
  for (const auto& id : idle) {
    CallEntry& entry = calls[id];
    const bool words = entry.transcript_only;
    const double limit = words ? config.transcript_idle_s : config.audio_idle_s;
    std::ostringstream why;
    why << "no " << (words ? "words" : "audio") << " for " << limit
        << " s: the call is taken as abandoned and ended";
    {
      const std::lock_guard lock(entry.slot->mu);
      entry.slot->call->warn(entry.slot->call->now_ms(), why.str());
    }
    const auto hang_ups = std::move(entry.hang_ups);
    close_call(id, CallStatus::Ended);
    for (const auto& hang_up : hang_ups) hang_up();
  }
}

void State::reap() {
  std::erase_if(finishing, [this](const Slot& slot) {
    const std::lock_guard lock(slot->mu);
    const LiveCall& c = *slot->call;
    if (!c.finished()) return false;
    account(c);
    log_line("call " + c.id() + " complete: " + std::to_string(c.stats().events) + " events, " +
             std::to_string(c.stats().utterances) + " utterances");
    return true;
  });
}

std::string State::metrics() {
  std::int64_t frames = frames_finished;
  std::int64_t dropped = dropped_finished;
  std::int64_t queued = 0;
  std::int64_t words = utterances;
  std::int64_t word_errors = recognition_errors;
  std::int64_t awaiting = 0;
  LatencyHistogram latency = recognition_latency;
  const auto add_live = [&](const LiveCall& c) {
    frames += c.stats().frames;
    dropped += c.stats().frames_dropped + c.summary().frames_dropped;
    queued += c.queued_frames();
    words += c.stats().utterances;
    word_errors += c.stats().recognition_errors;
    awaiting += c.recognition_pending();
    latency.merge(c.stats().recognition_latency);
  };
  for (const auto& [id, entry] : calls) {
    const std::lock_guard lock(entry.slot->mu);
    add_live(*entry.slot->call);
  }
  for (const auto& slot : finishing) {
    const std::lock_guard lock(slot->mu);
    add_live(*slot->call);
  }
  std::map<std::string, std::int64_t> event_counts;
  std::int64_t screens = 0;
  {
    const std::lock_guard lock(feed.mu);
    event_counts = feed.event_counts;
    screens = static_cast<std::int64_t>(feed.screens.size());
  }
  std::string out;
  const auto metric = [&](const char* name, const char* type, const char* help, std::int64_t v) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
           name + " " + std::to_string(v) + "\n";
  };
  metric("composure_calls_live", "gauge", "Calls in flight.",
         static_cast<std::int64_t>(calls.size()));
  metric("composure_calls_total", "counter", "Calls started since the server started.",
         calls_total);
  metric("composure_frames_total", "counter", "20 ms frames analysed, both legs.", frames);
  metric("composure_frames_dropped_total", "counter",
         "Frames thrown away (late, repeated, or too far out of step).", dropped);
  metric("composure_silence_filled_ms_total", "counter", "Gaps in streams filled with silence.",
         silence_ms);
  metric("composure_frames_queued", "gauge", "Frames held back waiting for the other leg.", queued);
  metric("composure_io_threads", "gauge", "Threads running connections and their calls.", threads);
  metric("composure_live_clients", "gauge", "Screens following /live.", screens);
  metric("composure_live_dropped_total", "counter", "Events a slow /live client did not get.",
         feed.dropped.load());
  metric("composure_bad_messages_total", "counter", "Malformed or unknown ingest messages.",
         bad_messages.load());
  metric("composure_store_errors_total", "counter", "Event batches the store failed to write.",
         store_errors);
  metric("composure_utterances_total", "counter",
         "Utterances (recognised or posted) pushed into call pipelines.", words);
  metric("composure_recognition_decoders", "gauge", "Decoders in the shared pool (0: off).",
         recognizer == nullptr ? 0 : static_cast<std::int64_t>(recognizer->size()));
  metric("composure_recognition_busy", "gauge", "Decoders decoding a talk spurt now.",
         recognizer == nullptr ? 0 : static_cast<std::int64_t>(recognizer->busy()));
  metric("composure_recognition_queue_depth", "gauge",
         "Talk spurts waiting for a free decoder (the recognition queue).",
         recognizer == nullptr ? 0 : static_cast<std::int64_t>(recognizer->queued()));
  metric("composure_recognition_pending", "gauge",
         "Talk spurts that have ended and whose words are not in yet.", awaiting);
  metric("composure_recognition_errors_total", "counter",
         "Talk spurts whose words could not be recognised.", word_errors);
  out +=
      "# HELP composure_recognition_latency_ms From a talk spurt's end being reported to its "
      "words entering the pipeline.\n";
  out += "# TYPE composure_recognition_latency_ms histogram\n";
  for (std::size_t i = 0; i < LatencyHistogram::kBoundsMs.size(); ++i) {
    out += "composure_recognition_latency_ms_bucket{le=\"" +
           std::to_string(LatencyHistogram::kBoundsMs[i]) + "\"} " +
           std::to_string(latency.buckets[i]) + "\n";
  }
  out += "composure_recognition_latency_ms_bucket{le=\"+Inf\"} " + std::to_string(latency.count) +
         "\n";
  out += "composure_recognition_latency_ms_sum " + std::to_string(latency.sum_ms) + "\n";
  out += "composure_recognition_latency_ms_count " + std::to_string(latency.count) + "\n";
  out += "# HELP composure_events_total Events stored, by type.\n";
  out += "# TYPE composure_events_total counter\n";
  for (const auto& [type, n] : event_counts) {
    out += "composure_events_total{type=\"" + type + "\"} " + std::to_string(n) + "\n";
  }
  return out;
}

// A /live WebSocket client: events of all calls, or of one (?call=ID), as JSON text messages.
// Events are offered from the threads of the calls that emit them; the queue is guarded by the
// session's own lock and written from the session's thread.
class LiveSession : public std::enable_shared_from_this<LiveSession> {
 public:
  LiveSession(tcp::socket socket, std::shared_ptr<State> state, std::string call, bool timing)
      : ws_(std::move(socket)), state_(std::move(state)), call_(std::move(call)), timing_(timing) {}

  // ?timing=1: each event also carries `heard_ms`, the end of the call's audio received when it
  // was emitted, so a client that sent that audio can time frame -> event (the load generator).
  bool timing() const { return timing_; }

  void start(http::request<http::string_body> req) {
    req_ = std::move(req);
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.async_accept(req_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->state_->feed.add(self);
      self->hello();
      self->read();
    });
  }

  // Any thread (the feed's lock held).
  void offer(const std::string& call_id, const std::shared_ptr<const std::string>& text) {
    if (!call_.empty() && call_ != call_id) return;
    const std::lock_guard lock(mu_);
    if (queue_.size() >= state_->config.live_queue_limit) {
      ++dropped_;
      ++state_->feed.dropped;
      return;
    }
    note_dropped();
    queue_.push_back(text);
    kick();
  }

  // Any thread.
  void close() {
    const std::lock_guard lock(mu_);
    closing_ = true;
    kick();
  }

 private:
  void hello() {
    const std::lock_guard lock(mu_);
    queue_.push_front(std::make_shared<const std::string>(
        json{{"type", "hello"}, {"call", call_.empty() ? json(nullptr) : json(call_)}}.dump(
            -1, ' ', false, kLenient)));
    kick();
  }

  // Tells the client how many events it missed, before the next one it gets (mu_ held).
  void note_dropped() {
    if (dropped_ == 0) return;
    queue_.push_back(std::make_shared<const std::string>(
        json{{"type", "live_dropped"},
             {"dropped", dropped_},
             {"evidence",
              {{"text",
                std::to_string(dropped_) + " events were not sent: this client read too slowly"}}}}
            .dump(-1, ' ', false, kLenient)));
    dropped_ = 0;
  }

  // Starts the writer on the session's thread unless it runs already (mu_ held).
  void kick() {
    if (writing_) return;
    writing_ = true;
    asio::post(ws_.get_executor(), [self = shared_from_this()] { self->write(); });
  }

  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) {
        self->state_->feed.remove(self.get());
        return;
      }
      self->buffer_.consume(self->buffer_.size());
      self->read();
    });
  }

  // One write (or the close) at a time, on the session's thread: Beast allows no more. While
  // writing_ is set, nothing else starts a write; a failed write leaves it set (the session is
  // done).
  void write() {
    std::shared_ptr<const std::string> msg;
    {
      const std::lock_guard lock(mu_);
      if (closing_) {
        if (!close_sent_) {
          close_sent_ = true;
          ws_.async_close(websocket::close_code::going_away,
                          [self = shared_from_this()](beast::error_code) {});
        }
        return;
      }
      if (queue_.empty()) note_dropped();  // caught up: say what was missed without waiting
      if (queue_.empty()) {
        writing_ = false;
        return;
      }
      msg = std::move(queue_.front());
      queue_.pop_front();
    }
    ws_.text(true);
    ws_.async_write(asio::buffer(*msg),
                    [self = shared_from_this(), msg](beast::error_code ec, std::size_t) {
                      if (ec) {
                        self->state_->feed.remove(self.get());
                        return;
                      }
                      self->write();
                    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  std::shared_ptr<State> state_;
  http::request<http::string_body> req_;  // the upgrade request, kept until accepted
  std::string call_;
  beast::flat_buffer buffer_;
  bool timing_ = false;
  std::mutex mu_;  // guards what follows
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::int64_t dropped_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  bool close_sent_ = false;
};

void Feed::publish(const std::string& call_id, const EventRow& row, std::int64_t heard_ms) {
  const std::lock_guard lock(mu);
  ++event_counts[row.type];
  if (screens.empty()) return;
  json j = row_to_json(call_id, row);
  const auto text = std::make_shared<const std::string>(j.dump(-1, ' ', false, kLenient));
  std::shared_ptr<const std::string> timed;
  for (auto it = screens.begin(); it != screens.end();) {
    const auto s = it->second.lock();
    if (!s) {
      it = screens.erase(it);
      continue;
    }
    ++it;
    if (!s->timing()) {
      s->offer(call_id, text);
      continue;
    }
    if (!timed) {
      j["heard_ms"] = heard_ms;
      timed = std::make_shared<const std::string>(j.dump(-1, ' ', false, kLenient));
    }
    s->offer(call_id, timed);
  }
}

void State::shutdown() {
  stopping = true;
  std::vector<std::string> ids;
  for (const auto& [id, entry] : calls) ids.push_back(id);
  for (const auto& id : ids) {
    {
      const std::lock_guard lock(calls[id].slot->mu);
      LiveCall& c = *calls[id].slot->call;
      c.warn(c.now_ms(), "the server shut down during the call; analysed up to here");
    }
    close_call(id, CallStatus::CutOff);
  }
}

void State::close_screens() {
  for (const auto& s : feed.all()) s->close();
}

// The socket of a media stream, typed on the io thread's own executor: the hot path of the
// server (a message per track every 20 ms) then pays for no type-erased executor per operation.
using MediaSocket = asio::basic_stream_socket<tcp, asio::io_context::executor_type>;

MediaSocket media_socket(tcp::socket socket) {
  // Every connection here belongs to one of the server's io_contexts.
  auto& context =
      static_cast<asio::io_context&>(asio::query(socket.get_executor(), asio::execution::context));
  beast::error_code ec;
  const auto local = socket.local_endpoint(ec);
  const tcp protocol = ec ? tcp::v4() : local.protocol();
  const auto fd = socket.release(ec);
  MediaSocket out(context.get_executor());
  if (ec) return out;  // not open: the stream fails on its first read, as a closed one does
  out.assign(protocol, fd, ec);
  if (ec) {
    ::close(fd);
    return out;
  }
  // A peer that vanishes without closing is found by TCP keep-alive within about two minutes
  // (and a call that stops sending audio is ended sooner by the idle sweep).
  for (const auto& [option, value] :
       {std::pair{TCP_KEEPIDLE, 60}, std::pair{TCP_KEEPINTVL, 15}, std::pair{TCP_KEEPCNT, 4}}) {
    ::setsockopt(out.native_handle(), IPPROTO_TCP, option, &value, sizeof value);
  }
  out.set_option(asio::socket_base::keep_alive(true), ec);
  out.set_option(tcp::no_delay(true), ec);
  return out;
}

// A /media WebSocket: one Twilio-style media stream, one call.
class MediaSession : public std::enable_shared_from_this<MediaSession> {
 public:
  MediaSession(tcp::socket socket, std::shared_ptr<State> state)
      : ws_(media_socket(std::move(socket))),
        state_(std::move(state)),
        reader_(state_->config.max_message_bytes),
        close_timer_(ws_.get_executor()) {}

  ~MediaSession() { end(CallStatus::CutOff, "the media stream closed without a stop message"); }
  MediaSession(const MediaSession&) = delete;
  MediaSession& operator=(const MediaSession&) = delete;
  MediaSession(MediaSession&&) = delete;
  MediaSession& operator=(MediaSession&&) = delete;

  // Beast answers the upgrade; the frames that follow are read here, several per socket read
  // (see ws_frames.h). `early` is what the client sent after its upgrade request without waiting.
  void start(http::request<http::string_body> req, std::string_view early) {
    req_ = std::move(req);
    for (std::string_view rest = early; !rest.empty();) {
      const auto space = reader_.space();
      const std::size_t n = std::min(space.size(), rest.size());
      std::memcpy(space.data(), rest.data(), n);
      reader_.commit(n);
      rest.remove_prefix(n);
    }
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.async_accept(req_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->req_ = {};
      self->on_bytes({}, 0);  // what came early, then the socket
    });
  }

  const std::string& stream_sid() const { return stream_sid_; }

  // The call was ended without this stream (abandoned): close it. Any thread.
  void hang_up() {
    asio::post(ws_.get_executor(), [self = shared_from_this()] {
      self->slot_.reset();
      self->call_id_.clear();
      self->close_when_sent(kWsCloseGoingAway);
    });
  }

  // Queues a text message to the platform (media, mark or clear); one write at a time. Any
  // thread. Messages go out in the order `send` was called: a post from this stream's own thread
  // can run after one made later from another thread, so the order is kept here, not by asio.
  void send(std::string text) {
    {
      const std::lock_guard lock(unsent_mu_);
      unsent_.push_back(std::move(text));
    }
    asio::post(ws_.get_executor(), [self = shared_from_this()] { self->queue_unsent(); });
  }

 private:
  MediaSocket& socket() { return ws_.next_layer(); }

  // A peer that sends pings (or is sent replies) but never reads may hold this much unsent.
  static constexpr std::size_t kMaxOutboxBytes = std::size_t{1} << 20;

  void queue_unsent() {
    std::deque<std::string> texts;
    {
      const std::lock_guard lock(unsent_mu_);
      texts.swap(unsent_);
    }
    for (const std::string& text : texts) {
      if (close_requested_) return;
      queue(ws_frame(WsOpcode::Text, text));
    }
  }

  void queue(std::string frame) {
    if (outbox_bytes_ + frame.size() > kMaxOutboxBytes) {
      if (close_requested_) return;
      close_requested_ = true;  // whatever comes next is ignored
      ++state_->bad_messages;
      bad("over 1 MiB of replies this stream does not read; the stream is closed");
      end(CallStatus::CutOff, "");
      peer_closed_ = true;  // no waiting for a peer that does not read
      shut();
      return;
    }
    outbox_bytes_ += frame.size();
    outbox_.push_back(std::make_shared<const std::string>(std::move(frame)));
    if (!writing_) write_next();
  }

  void write_next() {
    if (outbox_.empty()) {
      writing_ = false;
      return;
    }
    writing_ = true;
    auto msg = outbox_.front();
    asio::async_write(socket(), asio::buffer(*msg),
                      [self = shared_from_this(), msg](beast::error_code ec, std::size_t) {
                        if (ec) {
                          self->writing_ = false;
                          self->outbox_.clear();
                          self->outbox_bytes_ = 0;
                          self->shut();
                          return;
                        }
                        self->outbox_bytes_ -= msg->size();
                        self->outbox_.pop_front();
                        if (self->close_requested_ && self->outbox_.empty() && self->peer_closed_) {
                          self->shut();
                        }
                        self->write_next();
                      });
  }

  // Sends a close frame after the queued replies; the connection is closed when the peer answers
  // with its own, or after 5 s.
  void close_when_sent(std::uint16_t code) {
    if (close_requested_) return;
    close_requested_ = true;
    queue(ws_close_frame(code));
    close_timer_.expires_after(std::chrono::seconds(5));
    close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->shut();
    });
  }

  void shut() {
    beast::error_code ignored;
    close_timer_.cancel();
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
  }

  void read() {
    const auto space = reader_.space();
    socket().async_read_some(asio::buffer(space.data(), space.size()),
                             [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                               self->on_bytes(ec, n);
                             });
  }

  void on_bytes(beast::error_code ec, std::size_t n) {
    if (ec) {
      if (close_requested_) {
        shut();
        return;
      }
      end(CallStatus::CutOff, ec == asio::error::eof
                                  ? "the media stream closed without a stop message"
                                  : "the media stream broke off (" + ec.message() + ")");
      shut();
      return;
    }
    reader_.commit(n);
    for (;;) {
      auto m = reader_.next();
      if (!m) {
        ++state_->bad_messages;
        bad(m.error().message + "; the stream is closed");
        end(CallStatus::CutOff, "");
        close_when_sent(m.error().close_code);
        peer_closed_ = true;  // the stream is broken: no waiting for the peer's close frame
        if (!writing_) shut();
        return;
      }
      if (!*m) break;
      const WsMessage msg = **m;
      if (msg.opcode == WsOpcode::Close) {
        peer_closed_ = true;
        if (!close_requested_) {
          end(CallStatus::CutOff, "the media stream closed without a stop message");
          // Answered with 1000, or 1002 for a close frame that breaks the rules (a one-byte body,
          // a code no endpoint may send).
          std::uint16_t code = kWsCloseNormal;
          if (msg.payload.size() == 1) code = kWsCloseProtocolError;
          if (msg.payload.size() >= 2) {
            const auto theirs =
                static_cast<std::uint16_t>((static_cast<unsigned char>(msg.payload[0]) << 8) |
                                           static_cast<unsigned char>(msg.payload[1]));
            const bool valid = (theirs >= 1000 && theirs <= 1014 && theirs != 1004 &&
                                theirs != 1005 && theirs != 1006) ||
                               (theirs >= 3000 && theirs <= 4999);
            if (!valid) code = kWsCloseProtocolError;
          }
          close_when_sent(code);
        }
        if (!writing_) shut();  // else once the close frame is out
        return;
      }
      if (msg.opcode == WsOpcode::Ping) {
        if (!close_requested_) queue(ws_frame(WsOpcode::Pong, msg.payload));
        continue;
      }
      if (msg.opcode == WsOpcode::Pong || close_requested_) continue;  // after a close: ignored
      handle(msg.payload, msg.opcode == WsOpcode::Text);
      if (stopped_) {
        close_when_sent(kWsCloseNormal);
        continue;
      }
      if (bad_count_ >= kMaxBadMessages) {
        bad("too many bad messages; the stream is closed");
        end(CallStatus::CutOff, "");
        close_when_sent(kWsClosePolicy);
        continue;
      }
    }
    if (state_->stopping && !close_requested_) {
      close_when_sent(kWsCloseGoingAway);  // the server is going down
      return;
    }
    read();
  }

  // A message this stream could not use: logged, and a warning on the call if there is one.
  void bad(const std::string& what) {
    ++bad_count_;
    const std::string line =
        "media stream " + (stream_sid_.empty() ? "(no start yet)" : stream_sid_) + ": " + what;
    if (!with_call([&](LiveCall& c) { c.warn(c.now_ms(), line); })) log_line(line);
  }

  // On the call this stream feeds while it is live (it may have been ended without the stream:
  // abandoned, or the server shutting down).
  template <typename F>
  bool with_call(F&& f) {
    return with_live_call(slot_, std::forward<F>(f));
  }

  void handle(std::string_view text, bool is_text) {
    if (!is_text) {
      ++state_->bad_messages;
      bad("a binary message; media streams send JSON text (dropped)");
      return;
    }
    // Nearly every message is a media frame: read it without building a JSON document.
    if (MediaFrame frame; parse_media_frame(text, frame, mulaw_)) {
      on_audio(frame.track, frame.timestamp_ms, mulaw_);
      return;
    }
    auto m = parse_media_message(text);
    if (!m) {
      ++state_->bad_messages;
      bad("bad message: " + m.error().message + " (dropped)");
      return;
    }
    switch (m->kind) {
      case MediaKind::Connected:
      case MediaKind::Mark:
        return;
      case MediaKind::Dtmf:
        with_call([&](LiveCall& c) {
          c.warn(c.now_ms(), "DTMF digit " + m->name + " received (not analysed)");
        });
        return;
      case MediaKind::Start:
        on_start(*m);
        return;
      case MediaKind::Media:
        on_audio(m->track, m->timestamp_ms, m->payload);
        return;
      case MediaKind::Stop:
        end(CallStatus::Ended, "");
        stopped_ = true;
        return;
      case MediaKind::Transcript:
        if (!with_call([&](LiveCall& c) {
              for (const Utterance& u : m->utterances) c.add_utterance(u);
            })) {
          ++state_->bad_messages;
          bad(started_ ? "transcript after the call ended (dropped)"
                       : "transcript before start (dropped)");
        }
        return;
    }
  }

  void on_start(const MediaMessage& m) {
    if (started_) {
      ++state_->bad_messages;
      bad("a second start message (dropped)");
      return;
    }
    stream_sid_ = m.stream_sid;
    LiveCallSetup setup;
    setup.id = m.call_sid.empty() ? m.stream_sid : m.call_sid;
    setup.source = "media";
    setup.two_party = m.inbound && m.outbound;
    inbound_ = state_->config.inbound;
    setup.mono_speaker = m.inbound ? inbound_ : other(inbound_);
    setup.meta = json{{"streamSid", m.stream_sid},
                      {"accountSid", m.account_sid},
                      {"tracks", setup.two_party ? "both" : (m.inbound ? "inbound" : "outbound")},
                      {"inbound", std::string(to_string(inbound_))},
                      {"customParameters", json::parse(m.custom_parameters, nullptr, false)}}
                     .dump(-1, ' ', false, kLenient);
    const std::lock_guard lock(state_->mu);
    auto slot = state_->open_call(setup);
    if (!slot) {
      ++state_->bad_messages;
      bad("cannot start the call: " + slot.error().message);
      stopped_ = true;
      return;
    }
    started_ = true;
    call_id_ = setup.id;
    slot_ = *slot;
    state_->media[call_id_] = weak_from_this();
    state_->calls[call_id_].hang_ups.emplace_back([weak = weak_from_this()] {
      if (auto self = weak.lock()) self->hang_up();
    });
  }

  void on_audio(Track track, std::int64_t timestamp_ms, const std::vector<std::uint8_t>& mulaw) {
    pcm_.resize(mulaw.size());
    for (std::size_t i = 0; i < mulaw.size(); ++i) pcm_[i] = ulaw_to_linear(mulaw[i]);
    const Speaker who = track == Track::Inbound ? inbound_ : other(inbound_);
    if (!with_call([&](LiveCall& c) { c.add_audio(who, timestamp_ms, pcm_); })) {
      ++state_->bad_messages;
      bad(started_ ? "media after the call ended (dropped)" : "media before start (dropped)");
    }
  }

  // Ends the call this stream feeds, unless it was ended without it. Runs from the destructor
  // too, wherever the last reference goes.
  void end(CallStatus status, const std::string& why) {
    const std::lock_guard lock(state_->mu);
    if (const auto it = state_->media.find(call_id_);
        it != state_->media.end() && (it->second.expired() || it->second.lock().get() == this)) {
      state_->media.erase(it);
    }
    const Slot slot = std::move(slot_);
    slot_.reset();
    if (!slot) return;
    const auto it = state_->calls.find(call_id_);
    if (it == state_->calls.end() || it->second.slot != slot) return;
    if (!why.empty()) {
      const std::lock_guard call_lock(slot->mu);
      slot->call->warn(slot->call->now_ms(), why);
    }
    state_->close_call(call_id_, status);
    call_id_.clear();
  }

  websocket::stream<MediaSocket> ws_;  // for the handshake; then frames are read and written here
  std::shared_ptr<State> state_;
  http::request<http::string_body> req_;  // the upgrade request, kept until accepted
  WsFrameReader reader_;
  asio::basic_waitable_timer<std::chrono::steady_clock,
                             asio::wait_traits<std::chrono::steady_clock>,
                             asio::io_context::executor_type>
      close_timer_;
  std::string call_id_;  // the call this stream feeds; empty once it ended
  Slot slot_;            // ...and the call itself
  bool started_ = false;
  std::string stream_sid_;
  Speaker inbound_ = Speaker::Caller;
  std::vector<std::uint8_t> mulaw_;
  std::vector<std::int16_t> pcm_;
  int bad_count_ = 0;
  bool stopped_ = false;
  std::mutex unsent_mu_;
  std::deque<std::string> unsent_;  // replies sent from any thread, not yet queued (in order)
  std::deque<std::shared_ptr<const std::string>> outbox_;  // replies to the platform
  bool writing_ = false;
  bool close_requested_ = false;  // a close frame is queued (or sent)
  bool peer_closed_ = false;      // the peer's close frame came (or the stream broke)
  std::size_t outbox_bytes_ = 0;
};

bool State::reply(const std::string& call_id,
                  const std::function<std::string(std::string_view stream_sid)>& build) {
  const auto it = media.find(call_id);
  if (it == media.end()) return false;
  const auto session = it->second.lock();
  if (!session) {
    media.erase(it);
    return false;
  }
  session->send(build(session->stream_sid()));
  return true;
}

// One HTTP connection: REST requests, or the upgrade to /media or /live.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::shared_ptr<State> state)
      : stream_(std::move(socket)), state_(std::move(state)) {}

  void start() { read(); }
  auto executor() { return stream_.get_executor(); }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(kHttpBodyLimit);
    stream_.expires_after(kHttpTimeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) return;  // closed, timed out, or not HTTP: nothing to answer
    auto req = parser_->release();
    const Target target = parse_target(std::string_view(req.target().data(), req.target().size()));
    if (websocket::is_upgrade(req)) {
      if (target.path != "/media" && target.path != "/live") {
        respond(req, http::status::not_found, json{{"error", "no WebSocket at " + target.path}});
        return;
      }
      if (!state_->authorized(req, target)) {
        respond(req, http::status::unauthorized,
                json{{"error", "a bearer token is needed (Authorization header or ?token=)"}});
        return;
      }
      if (state_->stopping) {
        respond(req, http::status::service_unavailable, json{{"error", "shutting down"}});
        return;
      }
      stream_.expires_never();
      if (target.path == "/media") {
        const std::string early = beast::buffers_to_string(buffer_.data());
        std::make_shared<MediaSession>(stream_.release_socket(), state_)
            ->start(std::move(req), early);
      } else {
        const auto call = target.query.find("call");
        const auto timing = target.query.find("timing");
        std::make_shared<LiveSession>(stream_.release_socket(), state_,
                                      call == target.query.end() ? "" : call->second,
                                      timing != target.query.end() && timing->second == "1")
            ->start(std::move(req));
      }
      return;
    }
    route(req, target);
  }

  void route(const http::request<http::string_body>& req, const Target& t) {
    if (req.method() == http::verb::post) {
      if (!state_->authorized(req, t)) {
        respond(req, http::status::unauthorized,
                json{{"error", "a bearer token is needed: Authorization: Bearer <token>"}});
        return;
      }
      post_route(req, t);
      return;
    }
    if (req.method() != http::verb::get) {
      respond(req, http::status::method_not_allowed,
              json{{"error", "only GET and POST are served"}});
      return;
    }
    if (!state_->config.web_root.empty() && !is_api_path(t.path)) {
      serve_file(req, t.path);  // the web app asks for the token itself
      return;
    }
    if (t.path == "/healthz") {
      std::size_t live = 0;
      {
        const std::lock_guard lock(state_->mu);
        live = state_->calls.size();
      }
      respond(req, http::status::ok,
              json{{"status", state_->stopping ? "stopping" : "ok"}, {"calls_live", live}});
      return;
    }
    if (!state_->authorized(req, t)) {
      respond(req, http::status::unauthorized,
              json{{"error", "a bearer token is needed: Authorization: Bearer <token>"}});
      return;
    }
    if (t.path == "/metrics") {
      std::string text;
      {
        const std::lock_guard lock(state_->mu);
        text = state_->metrics();
      }
      respond_text(req, http::status::ok, text, "text/plain; version=0.0.4");
      return;
    }
    if (t.path == "/calls") {
      auto calls = state_->store->calls();
      if (!calls) return server_error(req, calls.error().message);
      json list = json::array();
      for (const auto& c : *calls) list.push_back(call_json(c));
      respond(req, http::status::ok, json{{"calls", list}});
      return;
    }
    constexpr std::string_view kCalls = "/calls/";
    if (t.path.starts_with(kCalls)) {
      std::string rest = t.path.substr(kCalls.size());
      std::string what;
      if (const auto slash = rest.find('/'); slash != std::string::npos) {
        what = rest.substr(slash + 1);
        rest.resize(slash);
      }
      call_route(req, rest, what);
      return;
    }
    respond(req, http::status::not_found, json{{"error", "nothing at " + t.path}});
  }

  static bool is_api_path(std::string_view path) {
    for (const std::string_view api : {"/calls", "/healthz", "/metrics", "/media", "/live"}) {
      if (path == api ||
          (path.starts_with(api) && path.size() > api.size() && path[api.size()] == '/')) {
        return true;
      }
    }
    return false;
  }

  static const char* content_type(const std::filesystem::path& file) {
    static const std::map<std::string, const char*> types{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"}};
    const auto it = types.find(lower_ascii(file.extension().string()));
    return it == types.end() ? "application/octet-stream" : it->second;
  }

  // A file of the web app, `/` being index.html. Nothing outside the root is ever read: `..`,
  // `.`, empty and absolute segments are refused before the file system is asked, and the
  // resolved file (links followed) must still lie under the resolved root.
  void serve_file(const http::request<http::string_body>& req, const std::string& path) {
    namespace fs = std::filesystem;
    const auto not_found = [&] {
      respond(req, http::status::not_found, json{{"error", "nothing at " + path}});
    };
    std::string rel = path.size() > 1 ? path.substr(1) : "";
    if (rel.empty() || rel.back() == '/') rel += "index.html";
    std::size_t begin = 0;
    for (;;) {
      const auto end = rel.find('/', begin);
      const std::string_view segment =
          std::string_view(rel).substr(begin, end == std::string::npos ? end : end - begin);
      if (segment.empty() || segment == "." || segment == ".." ||
          segment.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos) {
        return not_found();
      }
      if (end == std::string::npos) break;
      begin = end + 1;
    }
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(state_->config.web_root, ec);
    if (ec) return not_found();
    fs::path file = fs::weakly_canonical(root / rel, ec);
    if (!ec && fs::is_directory(file, ec)) file /= "index.html";
    if (ec) return not_found();
    const fs::path inside = file.lexically_relative(root);
    if (inside.empty() || *inside.begin() == "..") return not_found();
    std::ifstream in(file, std::ios::binary);
    if (!in || !fs::is_regular_file(file, ec)) return not_found();
    std::ostringstream body;
    body << in.rdbuf();
    // The page names the hashed assets of a build: always check it is current.
    const bool page = file.extension() == ".html";
    respond_text(req, http::status::ok, body.str(), content_type(file),
                 page ? "no-cache" : "public, max-age=3600");
  }

  // POST /calls, /calls/{id}/utterances, /calls/{id}/end, /calls/{id}/reply.
  void post_route(const http::request<http::string_body>& req, const Target& t) {
    if (state_->stopping) {
      respond(req, http::status::service_unavailable, json{{"error", "shutting down"}});
      return;
    }
    const std::string& text = req.body();
    json body = text.empty() ? json::object() : json::parse(text, nullptr, false);
    if (body.is_discarded()) {
      respond(req, http::status::bad_request, json{{"error", "the body is not JSON"}});
      return;
    }
    const std::lock_guard lock(state_->mu);
    if (t.path == "/calls") {
      if (!body.is_object()) {
        respond(req, http::status::bad_request, json{{"error", "expected a JSON object"}});
        return;
      }
      std::string id;
      if (body.contains("id") && body["id"].is_string()) id = body["id"].get<std::string>();
      if (id.empty())
        id = "call-" + std::to_string(wall_ms()) + "-" + std::to_string(state_->calls_total + 1);
      auto opened = open_transcript_call(id, body.value("meta", json::object()));
      if (!opened) {
        respond(req, http::status::conflict, json{{"error", opened.error().message}});
        return;
      }
      auto record = state_->store->call(id);
      if (!record || !*record) return server_error(req, "call " + id + " was not stored");
      respond(req, http::status::created, call_json(**record));
      return;
    }
    constexpr std::string_view kCalls = "/calls/";
    const auto slash = t.path.find('/', kCalls.size());
    if (!t.path.starts_with(kCalls) || slash == std::string::npos) {
      respond(req, http::status::not_found, json{{"error", "nothing to POST at " + t.path}});
      return;
    }
    const std::string id = t.path.substr(kCalls.size(), slash - kCalls.size());
    const std::string what = t.path.substr(slash + 1);
    if (what == "utterances") {
      post_utterances(req, id, body);
    } else if (what == "end") {
      if (state_->calls.count(id) == 0) {
        respond(req, http::status::not_found, json{{"error", "no live call " + id}});
        return;
      }
      state_->close_call(id, CallStatus::Ended);
      respond(req, http::status::ok, json{{"call", id}, {"status", "ended"}});
    } else if (what == "reply") {
      post_reply(req, id, body);
    } else {
      respond(req, http::status::not_found, json{{"error", "nothing to POST at " + t.path}});
    }
  }

  Result<Slot> open_transcript_call(const std::string& id, const json& meta) {
    LiveCallSetup setup;
    setup.id = id;
    setup.source = "transcript";
    setup.two_party = true;
    setup.meta = (meta.is_object() ? meta : json::object()).dump(-1, ' ', false, kLenient);
    return state_->open_call(setup);
  }

  // Words from the operator's own recogniser: one segment, a list, or {"segments": [...]}, as in
  // transcript JSON (speaker, start, end in seconds or start_ms/end_ms, text, optional words).
  void post_utterances(const http::request<http::string_body>& req, const std::string& id,
                       const json& body) {
    const json segments =
        body.is_object() && !body.contains("segments") ? json::array({body}) : body;
    auto words = parse_json_transcript(segments.dump(-1, ' ', false, kLenient), "body");
    if (!words) {
      respond(req, http::status::bad_request, json{{"error", words.error().message}});
      return;
    }
    auto it = state_->calls.find(id);
    bool created = false;
    if (it == state_->calls.end()) {
      // An ended call stays ended: words for it are refused rather than reopening it.
      auto record = state_->store->call(id);
      if (!record) return server_error(req, record.error().message);
      if (*record && (*record)->status != CallStatus::Live) {
        respond(req, http::status::conflict,
                json{{"error",
                      "call " + id + " has " +
                          ((*record)->status == CallStatus::CutOff ? "been cut off" : "ended") +
                          "; words for it are not taken"},
                     {"status", std::string(to_string((*record)->status))}});
        return;
      }
      auto opened = open_transcript_call(id, json::object());  // the first post starts the call
      if (!opened) {
        respond(req, http::status::conflict, json{{"error", opened.error().message}});
        return;
      }
      it = state_->calls.find(id);
      created = true;
    }
    // In the order posted (one request's segments sorted by start, as `analyze --transcript`
    // reads a file), so a transcript posted live gives the offline answer.
    std::size_t n_words = 0;
    {
      const std::lock_guard call_lock(it->second.slot->mu);
      for (const Utterance& u : *words) {
        it->second.slot->call->add_utterance(u);
        n_words += u.words.size();
      }
    }
    respond(req, created ? http::status::created : http::status::ok,
            json{{"call", id}, {"utterances", words->size()}, {"words", n_words}});
  }

  // Sends media, mark or clear back on the call's /media stream.
  void post_reply(const http::request<http::string_body>& req, const std::string& id,
                  const json& body) {
    const std::string event = body.is_object() ? body.value("event", "") : "";
    std::function<std::string(std::string_view)> build;
    if (event == "mark") {
      const std::string name = body.value("name", "");
      if (name.empty()) {
        respond(req, http::status::bad_request, json{{"error", "a mark needs a name"}});
        return;
      }
      build = [name](std::string_view sid) { return mark_reply(sid, name); };
    } else if (event == "clear") {
      build = [](std::string_view sid) { return clear_reply(sid); };
    } else if (event == "media") {
      auto bytes = decode_base64(body.value("payload", ""));
      if (!bytes || bytes->empty()) {
        respond(req, http::status::bad_request,
                json{{"error", "payload: base64 mu-law audio expected"}});
        return;
      }
      build = [audio = std::move(*bytes)](std::string_view sid) { return media_reply(sid, audio); };
    } else {
      respond(req, http::status::bad_request,
              json{{"error", "event: expected media, mark or clear"}});
      return;
    }
    if (!state_->reply(id, build)) {
      respond(req, http::status::not_found, json{{"error", "call " + id + " has no media stream"}});
      return;
    }
    respond(req, http::status::ok, json{{"call", id}, {"sent", event}});
  }

  json call_json(const CallRecord& c) const {
    json j = call_to_json(c);
    const std::lock_guard lock(state_->mu);
    if (const auto it = state_->calls.find(c.id); it != state_->calls.end()) {
      const std::lock_guard call_lock(it->second.slot->mu);
      const LiveCall& live = *it->second.slot->call;
      j["audio_ms"] = live.now_ms();
      j["frames"] = live.stats().frames;
      j["frames_dropped"] = live.stats().frames_dropped;
      j["frames_queued"] = live.queued_frames();
    }
    return j;
  }

  void call_route(const http::request<http::string_body>& req, const std::string& id,
                  const std::string& what) {
    auto call = state_->store->call(id);
    if (!call) return server_error(req, call.error().message);
    if (!*call) {
      respond(req, http::status::not_found, json{{"error", "no call " + id}});
      return;
    }
    if (what.empty()) {
      respond(req, http::status::ok, call_json(**call));
      return;
    }
    if (what != "events" && what != "brief" && what != "report") {
      respond(req, http::status::not_found,
              json{{"error", "nothing at /calls/" + id + "/" + what}});
      return;
    }
    auto rows = state_->store->events(id);
    if (!rows) return server_error(req, rows.error().message);
    if (what == "events") {
      json events = json::array();
      for (const auto& r : *rows) events.push_back(row_to_json(id, r));
      respond(req, http::status::ok, json{{"call", call_to_json(**call)}, {"events", events}});
      return;
    }
    std::vector<Event> events;
    std::int64_t at = 0;
    for (const auto& r : *rows) {
      at = std::max(at, r.end_ms);
      if (auto e = to_event(r)) events.push_back(std::move(*e));
    }
    if (what == "report") {
      if (!state_->config.report) {
        respond(req, http::status::not_implemented, json{{"error", "report not built yet"}});
        return;
      }
      // A live call's traces come from its pipeline; an ended one's from the store.
      std::optional<CallTraces> traces;
      {
        const std::lock_guard lock(state_->mu);
        if (const auto live = state_->calls.find(id); live != state_->calls.end()) {
          const std::lock_guard call_lock(live->second.slot->mu);
          traces = traces_of(live->second.slot->call->summary());
        }
      }
      if (!traces) {
        if (auto stored = state_->store->traces(id); stored && *stored) {
          traces = traces_from_json(**stored);
        }
      }
      respond_text(req, http::status::ok,
                   state_->config.report(id, events, traces ? &*traces : nullptr),
                   "text/html; charset=utf-8", "no-cache");
      return;
    }
    respond(req, http::status::ok, brief_to_json(make_brief(events, at)));
  }

  void server_error(const http::request<http::string_body>& req, const std::string& what) {
    log_line(what);
    respond(req, http::status::internal_server_error, json{{"error", what}});
  }

  void respond(const http::request<http::string_body>& req, http::status status, const json& body) {
    respond_text(req, status, body.dump(2, ' ', false, kLenient) + "\n", "application/json");
  }

  void respond_text(const http::request<http::string_body>& req, http::status status,
                    std::string body, const char* type, const char* cache_control = nullptr) {
    auto res = std::make_shared<http::response<http::string_body>>(status, req.version());
    res->set(http::field::server, "composure");
    res->set(http::field::content_type, type);
    if (cache_control != nullptr) res->set(http::field::cache_control, cache_control);
    if (status == http::status::unauthorized) {
      res->set(http::field::www_authenticate, "Bearer realm=\"composure\"");
    }
    res->keep_alive(req.keep_alive());
    res->body() = std::move(body);
    res->prepare_payload();
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                        if (ec) return;
                        if (!res->keep_alive()) {
                          beast::error_code ignored;
                          self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                          return;
                        }
                        self->read();
                      });
  }

  beast::tcp_stream stream_;
  std::shared_ptr<State> state_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

// One AudioSocket connection: one leg of one call.
class AudioSocketSession : public std::enable_shared_from_this<AudioSocketSession> {
 public:
  AudioSocketSession(tcp::socket socket, std::shared_ptr<State> state)
      : socket_(std::move(socket)), state_(std::move(state)), buffer_(kAudioSocketReadBytes) {}
  ~AudioSocketSession() { leave("the connection closed without a hang-up"); }
  AudioSocketSession(const AudioSocketSession&) = delete;
  AudioSocketSession& operator=(const AudioSocketSession&) = delete;
  AudioSocketSession(AudioSocketSession&&) = delete;
  AudioSocketSession& operator=(AudioSocketSession&&) = delete;

  // The call was ended without this leg (abandoned): close the connection. Any thread.
  void hang_up() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      self->slot_.reset();
      self->call_id_.clear();
      self->done_ = true;
      self->close();
    });
  }

  auto executor() { return socket_.get_executor(); }

  void start() {
    beast::error_code ec;
    const auto peer = socket_.remote_endpoint(ec);
    peer_ = ec ? "?" : peer.address().to_string() + ":" + std::to_string(peer.port());
    read();
  }

 private:
  void read() {
    socket_.async_read_some(
        asio::buffer(buffer_),
        [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->on_read(ec, n); });
  }

  void on_read(beast::error_code ec, std::size_t n) {
    if (ec) {
      leave(ec == asio::error::eof ? "the connection closed without a hang-up"
                                   : "the connection broke off (" + ec.message() + ")");
      return;
    }
    auto fed = parser_.feed(std::span<const std::uint8_t>(buffer_.data(), n),
                            [this](const AudioSocketMessage& m) { on_message(m); });
    if (!fed) {
      ++state_->bad_messages;
      problem(fed.error().message + "; the connection is closed");
      leave("");
      close();
      return;
    }
    if (done_ || state_->stopping) {
      leave("");
      close();
      return;
    }
    read();
  }

  void close() {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  void problem(const std::string& what) {
    const std::string line = "AudioSocket " + (uuid_.empty() ? peer_ : uuid_) + ": " + what;
    if (!with_call([&](LiveCall& c) { c.warn(c.now_ms(), line); })) log_line(line);
  }

  // On this leg's call while it is live.
  template <typename F>
  bool with_call(F&& f) {
    return with_live_call(slot_, std::forward<F>(f));
  }

  void on_message(const AudioSocketMessage& m) {
    if (done_) return;
    switch (m.kind) {
      case AudioSocketKind::Uuid:
        join(format_uuid(m.payload));
        return;
      case AudioSocketKind::Audio: {
        if (!slot_) {
          if (!warned_no_uuid_) {
            ++state_->bad_messages;
            problem("audio before the UUID message (dropped)");
            warned_no_uuid_ = true;
          }
          return;
        }
        pcm_.resize(m.payload.size() / 2);
        for (std::size_t i = 0; i < pcm_.size(); ++i) {
          pcm_[i] = static_cast<std::int16_t>(
              static_cast<std::uint16_t>(m.payload[2 * i] | (m.payload[2 * i + 1] << 8)));
        }
        with_call([&](LiveCall& c) { c.append_audio(speaker_, pcm_); });
        return;
      }
      case AudioSocketKind::Hangup:
        leave("");
        done_ = true;
        return;
      case AudioSocketKind::Dtmf:
        problem("DTMF digit received (not analysed)");
        return;
      case AudioSocketKind::Error:
        problem("the peer reported error code " +
                std::to_string(m.payload.empty() ? -1 : static_cast<int>(m.payload[0])));
        return;
    }
  }

  void join(const std::string& uuid) {
    if (!uuid_.empty()) {
      problem("a second UUID message (ignored)");
      return;
    }
    uuid_ = uuid;
    const std::lock_guard lock(state_->mu);
    std::string id = uuid;
    bool two_party = false;
    speaker_ = state_->config.inbound;
    for (const auto& leg : state_->config.legs) {
      if (leg.uuid == uuid) {
        id = leg.call;
        speaker_ = leg.speaker;
      }
    }
    for (const auto& leg : state_->config.legs) {
      if (leg.call == id && leg.speaker != speaker_) two_party = true;
    }
    auto it = state_->calls.find(id);
    if (it == state_->calls.end()) {
      LiveCallSetup setup;
      setup.id = id;
      setup.source = "audiosocket";
      setup.two_party = two_party;
      setup.mono_speaker = speaker_;
      setup.meta = json{{"legs", json::array()}}.dump(-1, ' ', false, kLenient);
      auto opened = state_->open_call(setup);
      if (!opened) {
        ++state_->bad_messages;
        problem("cannot start the call: " + opened.error().message);
        done_ = true;
        return;
      }
      it = state_->calls.find(id);
    }
    CallEntry& entry = it->second;
    ++entry.open_legs;
    call_id_ = id;
    slot_ = entry.slot;
    entry.hang_ups.emplace_back([weak = weak_from_this()] {
      if (auto self = weak.lock()) self->hang_up();
    });
    // A leg that joins later starts later on the call timeline.
    const std::int64_t late_ms = wall_ms() - entry.started_wall_ms;
    with_call([&](LiveCall& c) {
      c.set_leg_start(speaker_, late_ms <= kLegJoinSlackMs ? 0 : late_ms / kFrameMs * kFrameMs);
    });
    log_line("AudioSocket " + uuid + " from " + peer_ + ": " + std::string(to_string(speaker_)) +
             " leg of call " + id);
  }

  // Runs from the destructor too, wherever the last reference goes.
  void leave(const std::string& why) {
    if (call_id_.empty()) return;
    const std::lock_guard lock(state_->mu);
    const std::string id = call_id_;
    call_id_.clear();
    const Slot slot = std::move(slot_);
    slot_.reset();
    const auto it = state_->calls.find(id);
    if (it == state_->calls.end() || it->second.slot != slot) return;
    CallEntry& entry = it->second;
    {
      const std::lock_guard call_lock(slot->mu);
      if (!why.empty()) slot->call->warn(slot->call->now_ms(), "AudioSocket " + uuid_ + ": " + why);
      slot->call->end_leg(speaker_);
    }
    if (--entry.open_legs <= 0) {
      state_->close_call(id, why.empty() ? CallStatus::Ended : CallStatus::CutOff);
    }
  }

  tcp::socket socket_;
  std::shared_ptr<State> state_;
  std::vector<std::uint8_t> buffer_;
  AudioSocketParser parser_;
  std::string peer_;
  std::string uuid_;
  std::string call_id_;
  Slot slot_;  // this leg's call while it is live
  Speaker speaker_ = Speaker::Caller;
  std::vector<std::int16_t> pcm_;
  bool warned_no_uuid_ = false;
  bool done_ = false;
};

// Runs an io_context until it stops. A handler that throws loses its own connection (its session
// goes with the handler), never the thread or the server.
void run_guarded(asio::io_context& io) {
  for (;;) {
    try {
      io.run();
      return;
    } catch (const std::exception& e) {
      log_line(std::string("a connection failed on an unexpected error and was dropped: ") +
               e.what());
    }
  }
}

Result<int> open_listener(tcp::acceptor& acceptor, const std::string& host, int port,
                          const char* what) {
  beast::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) return fail(std::string(what) + ": '" + host + "' is not an IP address");
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return fail(std::string(what) + ": cannot listen on " + host + ":" + std::to_string(port) +
                " (" + ec.message() + ")");
  }
  return static_cast<int>(acceptor.local_endpoint().port());
}

}  // namespace

// The main thread accepts connections, runs the timers and takes recognised words; each accepted
// connection is handed to one of the io threads (in turn) and stays there, with the audio of the
// call it feeds.
struct Server::Impl {
  asio::io_context io{1};
  std::shared_ptr<State> state = std::make_shared<State>(io);
  tcp::acceptor http{io};
  tcp::acceptor audiosocket{io};
  asio::signal_set signals{io, SIGINT, SIGTERM};
  asio::steady_timer idle_timer{io};
  int http_port = 0;
  int audiosocket_port = -1;
  std::vector<std::unique_ptr<asio::io_context>> shards;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> shard_work;
  std::vector<std::thread> shard_threads;
  std::size_t next_shard = 0;
  // Declared last, so destroyed first: its threads post to `io`.
  std::unique_ptr<DecoderPool> recognizer;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  Impl(Impl&&) = delete;
  Impl& operator=(Impl&&) = delete;
  // Connections still queued on the io threads end their calls, and every call is let go, while
  // the decoder pool their recognition streams belong to is still here.
  ~Impl() {
    stop_shards();
    shards.clear();
    const std::lock_guard lock(state->mu);
    state->shutdown();
    state->calls.clear();
    state->finishing.clear();
  }

  asio::io_context& shard() { return *shards[next_shard++ % shards.size()]; }

  void accept_http() {
    http.async_accept(shard(), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;  // closed: shutting down
      const auto session = std::make_shared<HttpSession>(std::move(socket), state);
      asio::post(session->executor(), [session] { session->start(); });
      accept_http();
    });
  }

  void accept_audiosocket() {
    audiosocket.async_accept(shard(), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;
      const auto session = std::make_shared<AudioSocketSession>(std::move(socket), state);
      asio::post(session->executor(), [session] { session->start(); });
      accept_audiosocket();
    });
  }

  void start_shards(int n) {
    for (int i = 0; i < n; ++i) {
      shards.push_back(std::make_unique<asio::io_context>(1));
      shard_work.push_back(asio::make_work_guard(*shards.back()));
    }
    for (auto& shard : shards) shard_threads.emplace_back([&shard] { run_guarded(*shard); });
  }

  void stop_shards() {  // idempotent
    shard_work.clear();
    for (auto& shard : shards) shard->stop();
    for (auto& t : shard_threads) t.join();
    shard_threads.clear();
  }

  // Looks for abandoned calls a few times per idle limit (at most once a second).
  void sweep_idle() {
    const ServeConfig& c = state->config;
    double limit = 0;
    for (const double l : {c.audio_idle_s, c.transcript_idle_s}) {
      if (l > 0 && (limit == 0 || l < limit)) limit = l;
    }
    if (limit == 0) return;
    const auto every = std::chrono::milliseconds(std::clamp(
        static_cast<std::int64_t>(limit * 1000 / 4), std::int64_t{20}, std::int64_t{1000}));
    idle_timer.expires_after(every);
    idle_timer.async_wait([this](beast::error_code ec) {
      if (ec || state->stopping) return;
      {
        const std::lock_guard lock(state->mu);
        state->sweep_idle();
      }
      sweep_idle();
    });
  }

  void shutdown() {
    {
      const std::lock_guard lock(state->mu);
      log_line("shutting down: finishing " + std::to_string(state->calls.size()) +
               " call(s) in flight");
      state->shutdown();
    }
    beast::error_code ignored;
    http.close(ignored);
    audiosocket.close(ignored);
    idle_timer.cancel();
    wait_for_words(std::chrono::steady_clock::now() + kRecognitionDrainTimeout);
  }

  // Ended calls wait for the words of their last spurts (never blocking the io thread), up to a
  // deadline; then the screens are closed and, once the close frames are out, the loop stops.
  void wait_for_words(std::chrono::steady_clock::time_point deadline) {
    bool waiting = false;
    {
      const std::lock_guard lock(state->mu);
      state->reap();
      waiting = !state->finishing.empty();
    }
    if (waiting && std::chrono::steady_clock::now() < deadline) {
      auto timer = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(50));
      timer->async_wait([this, timer, deadline](beast::error_code) { wait_for_words(deadline); });
      return;
    }
    abandon_recognition();
    state->close_screens();
    auto timer = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(200));
    timer->async_wait([this, timer](beast::error_code) { io.stop(); });
  }

  void abandon_recognition() {
    const std::lock_guard lock(state->mu);
    for (auto& slot : state->finishing) {
      const std::lock_guard call_lock(slot->mu);
      slot->call->abandon_recognition();
    }
    state->reap();
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::create(const ServeConfig& config) {
  auto impl = std::make_unique<Impl>();
  State& s = *impl->state;
  s.config = config;
  s.threads = config.threads != ServeConfig::kAutoThreads
                  ? std::max(1, config.threads)
                  : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  auto store = EventStore::open(config.store);
  if (!store) return tl::unexpected(store.error());
  s.store = std::move(*store);
  if (s.store->cut_off_on_open() > 0) {
    log_line(std::to_string(s.store->cut_off_on_open()) +
             " call(s) were live when the server last stopped; marked cut_off");
  }
  auto lexicon = Lexicon::load_default();
  if (!lexicon) return tl::unexpected(lexicon.error());
  s.pipeline.lexicon = *lexicon;
  auto scorer = TextScorer::load_default();
  if (!scorer) return tl::unexpected(scorer.error());
  s.pipeline.text_scorer = *scorer;
  auto playbook = Playbook::load_default();
  if (!playbook) return tl::unexpected(playbook.error());
  s.pipeline.playbook = *playbook;
  auto knowledge = SqliteKnowledgeBase::open_sample();
  if (!knowledge) return tl::unexpected(knowledge.error());
  s.knowledge = std::move(*knowledge);
  s.pipeline.knowledge = s.knowledge.get();
  if (config.decoders != 0) {
    const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
    const auto n = static_cast<std::size_t>(
        config.decoders == ServeConfig::kAutoDecoders ? std::min(cores, 4U) : config.decoders);
    PocketsphinxConfig decoder;
    if (!config.second_pass) decoder.extra_args.emplace_back("-fwdflat", "no");
    auto pool = DecoderPool::create(n, [decoder] { return make_pocketsphinx_recognizer(decoder); });
    if (!pool) return fail("speech recognition unavailable: " + pool.error().message);
    impl->recognizer = std::move(*pool);
    s.recognizer = impl->recognizer.get();
    log_line("speech recognition on: " + std::to_string(n) + " decoder(s)");
  }

  auto http_port = open_listener(impl->http, config.http_host, config.http_port, "http");
  if (!http_port) return tl::unexpected(http_port.error());
  impl->http_port = *http_port;
  if (config.audiosocket_port >= 0) {
    auto as_port = open_listener(impl->audiosocket, config.audiosocket_host,
                                 config.audiosocket_port, "audiosocket");
    if (!as_port) return tl::unexpected(as_port.error());
    impl->audiosocket_port = *as_port;
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

void Server::set_report_renderer(ReportRenderer renderer) {
  impl_->state->config.report = std::move(renderer);
}

int Server::http_port() const {
  return impl_->http_port;
}

int Server::audiosocket_port() const {
  return impl_->audiosocket_port;
}

void Server::run() {
  Impl& impl = *impl_;
  impl.signals.async_wait([&impl](beast::error_code ec, int) {
    if (!ec) impl.shutdown();
  });
  impl.start_shards(impl.state->threads);
  impl.accept_http();
  if (impl.audiosocket.is_open()) impl.accept_audiosocket();
  impl.sweep_idle();
  run_guarded(impl.io);
  impl.stop_shards();
  // Anything still live (stop() without a signal) is finished here.
  {
    const std::lock_guard lock(impl.state->mu);
    impl.state->shutdown();
  }
  impl.abandon_recognition();
  if (impl.recognizer) impl.recognizer->shutdown(DecoderPool::Shutdown::CancelQueued);
}

void Server::stop() {
  asio::post(impl_->io, [this] { impl_->shutdown(); });
}

void Server::send_media(const std::string& call_id, std::vector<std::uint8_t> mulaw) {
  asio::post(impl_->io, [state = impl_->state, call_id, audio = std::move(mulaw)] {
    const std::lock_guard lock(state->mu);
    if (!state->reply(call_id, [&](std::string_view sid) { return media_reply(sid, audio); })) {
      log_line("call " + call_id + ": no media stream to send audio to");
    }
  });
}

void Server::send_mark(const std::string& call_id, const std::string& name) {
  asio::post(impl_->io, [state = impl_->state, call_id, name] {
    const std::lock_guard lock(state->mu);
    if (!state->reply(call_id, [&](std::string_view sid) { return mark_reply(sid, name); })) {
      log_line("call " + call_id + ": no media stream to send mark " + name + " to");
    }
  });
}

void Server::send_clear(const std::string& call_id) {
  asio::post(impl_->io, [state = impl_->state, call_id] {
    const std::lock_guard lock(state->mu);
    if (!state->reply(call_id, [](std::string_view sid) { return clear_reply(sid); })) {
      log_line("call " + call_id + ": no media stream to clear");
    }
  });
}

int serve_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string config_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      config_file = args[++i];
    } else {
      err << "composure: serve takes --config FILE; got '" << args[i] << "'\n";
      return 2;
    }
  }
  auto config =
      config_file.empty() ? Result<ServeConfig>(ServeConfig{}) : load_serve_config(config_file);
  if (!config) {
    err << "composure: " << config.error().message << "\n";
    return 1;
  }
  // GET /calls/{id}/report: the same self-contained page as `composure report`, from the stored
  // events alone.
  if (!config->report) {
    config->report = [](const std::string& call_id, const std::vector<Event>& events,
                        const CallTraces* traces) {
      return render_call_report(call_id, events, traces);
    };
  }
  if (config->tokens.empty()) {
    log_line("no tokens configured: every request but /healthz will be refused");
  }
  auto server = Server::create(*config);
  if (!server) {
    err << "composure: " << server.error().message << "\n";
    return 1;
  }
  out << "listening http=" << config->http_host << ":" << (*server)->http_port()
      << " audiosocket=" << config->audiosocket_host << ":" << (*server)->audiosocket_port()
      << " store=" << config->store.string() << std::endl;
  (*server)->run();
  log_line("stopped; store " + config->store.string() + " closed");
  return 0;
}

}  // namespace composure
