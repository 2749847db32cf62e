// The real server in this process (real sockets, real SQLite store), driven by a Boost.Beast
// client: the web app's static files, the report route, words for ended calls, abandoned calls.
#include "serve/server.h"

#include <gtest/gtest.h>

#include <utility>
// clang-format off
#include <boost/asio.hpp>
#include <boost/beast.hpp>
// clang-format on

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numbers>
#include <thread>

#include "audio/g711.h"
#include "serve/media_stream.h"

namespace composure {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using nlohmann::json;

constexpr const char* kToken = "server-test-token";

struct Reply {
  int status = 0;
  std::string body;
  std::string content_type;
  std::string cache_control;
  json as_json() const { return json::parse(body, nullptr, false); }
};

void write_file(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// A server on free ports with a fresh store (and web root) under a temporary directory, run on a
// thread of its own for the length of a test.
class RunningServer {
 public:
  explicit RunningServer(ServeConfig config = {}) {
    dir_ = fs::temp_directory_path() /
           ("composure_server_test_" + std::to_string(::getpid()) + "_" + std::to_string(next_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    config.http_port = 0;
    config.audiosocket_port = -1;
    config.tokens = {kToken};
    config.store = dir_ / "events.db";
    auto server = Server::create(config);
    if (!server) throw std::runtime_error(server.error().message);
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->run(); });
  }
  ~RunningServer() {
    server_->stop();
    thread_.join();
    server_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;
  RunningServer(RunningServer&&) = delete;
  RunningServer& operator=(RunningServer&&) = delete;

  int port() const { return server_->http_port(); }

  Reply request(http::verb verb, const std::string& target, const std::string& token = kToken,
                const std::string& body = "") const {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port())));
    http::request<http::string_body> req(verb, target, 11);
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    Reply r;
    r.status = static_cast<int>(res.result_int());
    r.body = res.body();
    r.content_type = std::string(res[http::field::content_type]);
    r.cache_control = std::string(res[http::field::cache_control]);
    return r;
  }
  Reply get(const std::string& target, const std::string& token = kToken) const {
    return request(http::verb::get, target, token);
  }
  Reply post(const std::string& target, const json& body) const {
    return request(http::verb::post, target, kToken, body.dump());
  }

  // Polls GET /calls/{id} until its status is `want` (or `timeout` passes); the last status seen.
  std::string wait_status(const std::string& id, const std::string& want,
                          std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string status;
    while (std::chrono::steady_clock::now() < deadline) {
      const Reply r = get("/calls/" + id);
      if (r.status == 200) status = r.as_json().value("status", "");
      if (status == want) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return status;
  }

  const fs::path& dir() const { return dir_; }

 private:
  static inline int next_ = 0;
  fs::path dir_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

const json kUtterance = {{"speaker", "caller"},
                         {"start", 1.0},
                         {"end", 3.0},
                         {"text", "this is the third time I am calling about my order"}};

fs::path make_web_root() {
  const fs::path root =
      fs::temp_directory_path() / ("composure_web_root_" + std::to_string(::getpid()) + "/dist");
  fs::remove_all(root.parent_path());
  write_file(root / "index.html", "<!doctype html><title>Composure</title>");
  write_file(root / "assets/app-1a2b.js", "console.log('app')");
  write_file(root / "assets/app-1a2b.css", "body{margin:0}");
  write_file(root / "logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
  write_file(root / "fonts/inter.woff2", "wOF2");
  write_file(root / "agent/index.html", "<!doctype html><title>Agent</title>");
  write_file(root.parent_path() / "secret.txt", "not for the web");
  fs::create_symlink(root.parent_path() / "secret.txt", root / "escape.txt");
  return root;
}

TEST(ServerWeb, ServesTheAppWithoutATokenWithTypesAndNoCacheForThePage) {
  ServeConfig config;
  config.web_root = make_web_root();
  const RunningServer server(config);
  const Reply page = server.get("/", "");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, "<!doctype html><title>Composure</title>");
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(page.cache_control, "no-cache");
  EXPECT_EQ(server.get("/index.html", "").body, page.body);
  EXPECT_EQ(server.get("/agent/", "").body, "<!doctype html><title>Agent</title>");
  EXPECT_EQ(server.get("/agent", "").body, "<!doctype html><title>Agent</title>");
  const Reply js = server.get("/assets/app-1a2b.js", "");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(js.cache_control, "no-cache");
  EXPECT_EQ(server.get("/assets/app-1a2b.css", "").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(server.get("/logo.svg", "").content_type, "image/svg+xml");
  EXPECT_EQ(server.get("/fonts/inter.woff2", "").content_type, "font/woff2");
  EXPECT_EQ(server.get("/assets/missing.js", "").status, 404);
  fs::remove_all(config.web_root.parent_path());
}

TEST(ServerWeb, NothingOutsideTheRootIsServed) {
  ServeConfig config;
  config.web_root = make_web_root();
  const RunningServer server(config);
  for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt",
                           "//etc/passwd", "/%2Fetc%2Fpasswd", "/assets/..%2F..%2Fsecret.txt",
                           "/escape.txt", "/.%2Fsecret.txt", "/..\\secret.txt"}) {
    const Reply r = server.get(path, "");
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("not for the web"), std::string::npos) << path;
  }
  fs::remove_all(config.web_root.parent_path());
}

TEST(ServerWeb, TheApiStillNeedsATokenBesideTheApp) {
  ServeConfig config;
  config.web_root = make_web_root();
  const RunningServer server(config);
  EXPECT_EQ(server.get("/metrics", "").status, 401);
  EXPECT_EQ(server.get("/calls", "").status, 401);
  EXPECT_EQ(server.get("/calls/x/events", "").status, 401);
  EXPECT_EQ(server.get("/healthz", "").status, 200);
  EXPECT_EQ(server.get("/metrics").status, 200);
  fs::remove_all(config.web_root.parent_path());
}

TEST(ServerWeb, WithoutAWebRootOtherPathsNeedATokenAndAreNotFound) {
  const RunningServer server;
  EXPECT_EQ(server.get("/", "").status, 401);
  EXPECT_EQ(server.get("/index.html").status, 404);
}

TEST(ServerReport, AnswersNotImplementedUntilARendererIsWired) {
  const RunningServer server;
  ASSERT_EQ(server.post("/calls/r1/utterances", kUtterance).status, 201);
  const Reply r = server.get("/calls/r1/report");
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.as_json()["error"], "report not built yet");
  EXPECT_EQ(server.get("/calls/r1/report", "").status, 401);
}

TEST(ServerReport, TheRendererGetsTheCallsStoredEvents) {
  ServeConfig config;
  config.report = [](const std::string& id, const std::vector<Event>& events,
                     const CallTraces* /*traces*/) {
    std::string html = "<h1>" + id + "</h1>";
    for (const Event& e : events) html += "<p>" + std::string(to_string(e.kind)) + "</p>";
    return html;
  };
  const RunningServer server(config);
  ASSERT_EQ(server.post("/calls/r2/utterances", kUtterance).status, 201);
  const Reply r = server.get("/calls/r2/report");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_TRUE(r.body.starts_with("<h1>r2</h1><p>")) << r.body;
  EXPECT_NE(r.body.find("<p>utterance</p>"), std::string::npos) << r.body;
  EXPECT_EQ(server.get("/calls/nobody/report").status, 404);
}

TEST(ServerReport, TheRendererGetsTheCallsTracesLiveFromThePipelineAndEndedFromTheStore) {
  ServeConfig config;
  config.report = [](const std::string& /*id*/, const std::vector<Event>& /*events*/,
                     const CallTraces* traces) {
    if (traces == nullptr) return std::string("no traces");
    return "duration " + std::to_string(traces->duration_ms) + ", " +
           std::to_string(traces->frustration.size()) + " seconds";
  };
  const RunningServer server(config);
  ASSERT_EQ(server.post("/calls/t1/utterances", kUtterance).status, 201);
  const Reply live = server.get("/calls/t1/report");
  EXPECT_EQ(live.status, 200);
  EXPECT_TRUE(live.body.starts_with("duration ")) << live.body;
  ASSERT_EQ(server.post("/calls/t1/end", json::object()).status, 200);
  // The call has left memory: its traces come back from the store, as they were at the end.
  std::string ended;
  for (int i = 0; i < 50; ++i) {
    ended = server.get("/calls/t1/report").body;
    if (ended != "no traces") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(ended, "duration 3000, 3 seconds");
}

TEST(ServerCalls, WordsForAnEndedCallAreRefusedNotReopened) {
  const RunningServer server;
  ASSERT_EQ(server.post("/calls/e1/utterances", kUtterance).status, 201);
  ASSERT_EQ(server.post("/calls/e1/end", json::object()).status, 200);
  const Reply again = server.post("/calls/e1/utterances", kUtterance);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.as_json()["status"], "ended");
  EXPECT_EQ(server.get("/calls/e1").as_json()["status"], "ended");
  // A call nobody has seen is still started by its first words.
  EXPECT_EQ(server.post("/calls/e2/utterances", kUtterance).status, 201);
}

TEST(ServerCalls, ATranscriptCallWithoutWordsForTheIdleTimeIsEndedAsAbandoned) {
  ServeConfig config;
  config.transcript_idle_s = 0.3;
  const RunningServer server(config);
  ASSERT_EQ(server.post("/calls/quiet/utterances", kUtterance).status, 201);
  ASSERT_EQ(server.post("/calls/busy/utterances", kUtterance).status, 201);
  // Words keep `busy` going while `quiet` says nothing.
  for (int i = 0; i < 8; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    json u = kUtterance;
    u["start"] = 4.0 + i;
    u["end"] = 4.5 + i;
    ASSERT_EQ(server.post("/calls/busy/utterances", u).status, 200);
  }
  EXPECT_EQ(server.wait_status("quiet", "ended", std::chrono::seconds(5)), "ended");
  EXPECT_EQ(server.get("/calls/busy").as_json()["status"], "live");
  const json events = server.get("/calls/quiet/events").as_json()["events"];
  ASSERT_FALSE(events.empty());
  const json& last = events.back();
  EXPECT_EQ(last["type"], "stream_warning");
  EXPECT_NE(last["evidence"]["text"].get<std::string>().find("no words for 0.3 s"),
            std::string::npos)
      << last;
  EXPECT_EQ(server.post("/calls/quiet/utterances", kUtterance).status, 409);
}

TEST(ServerCalls, AMediaStreamThatGoesQuietIsEndedAndClosed) {
  ServeConfig config;
  config.audio_idle_s = 0.3;
  const RunningServer server(config);
  asio::io_context io;
  websocket::stream<beast::tcp_stream> ws(io);
  beast::get_lowest_layer(ws).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                                    static_cast<unsigned short>(server.port())));
  ws.handshake("127.0.0.1", std::string("/media?token=") + kToken);
  ws.write(asio::buffer(
      json{{"event", "start"}, {"start", {{"callSid", "CA-quiet"}, {"tracks", {"inbound"}}}}}
          .dump()));
  const std::string silence(160, static_cast<char>(0xff));  // mu-law silence, base64 below
  std::string payload;
  for (int i = 0; i < 53; ++i) payload += "////";
  payload += "/w==";
  ASSERT_EQ(payload.size() * 3 / 4 - 2, silence.size());
  for (int i = 0; i < 10; ++i) {
    ws.write(asio::buffer(
        json{{"event", "media"},
             {"media", {{"track", "inbound"}, {"timestamp", i * 20}, {"payload", payload}}}}
            .dump()));
  }
  // Then nothing: the server ends the call and closes the stream.
  beast::flat_buffer buffer;
  beast::error_code ec;
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
  ws.read(buffer, ec);
  EXPECT_EQ(ec, websocket::error::closed) << ec.message();
  EXPECT_EQ(server.wait_status("CA-quiet", "ended", std::chrono::seconds(5)), "ended");
  const json call = server.get("/calls/CA-quiet").as_json();
  EXPECT_EQ(call["status"], "ended");
  const json events = server.get("/calls/CA-quiet/events").as_json()["events"];
  ASSERT_FALSE(events.empty());
  EXPECT_NE(events.back()["evidence"]["text"].get<std::string>().find("no audio for 0.3 s"),
            std::string::npos)
      << events.back();
}

// A peer's bytes that are not UTF-8 (here a path, echoed in the error) are answered, never
// thrown on: the server goes on.
TEST(ServerCalls, AnUpgradeToAPathThatIsNotUtf8IsAnsweredAndTheServerGoesOn) {
  const RunningServer server;
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                               static_cast<unsigned short>(server.port())));
  const std::string request =
      "GET /%FF%FE HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  asio::write(socket, asio::buffer(request));
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  EXPECT_EQ(res.result_int(), 404U);
  EXPECT_EQ(server.get("/healthz").status, 200);
}

// The mu-law code whose value is nearest to `x`.
std::uint8_t to_ulaw(std::int16_t x) {
  int best = 0;
  for (int c = 1; c < 256; ++c) {
    const int d = std::abs(ulaw_to_linear(static_cast<std::uint8_t>(c)) - x);
    if (d < std::abs(ulaw_to_linear(static_cast<std::uint8_t>(best)) - x)) best = c;
  }
  return static_cast<std::uint8_t>(best);
}

// Base64 mu-law payloads of one 20 ms frame per track: a voiced buzz in bursts (syllables) that
// grows louder, the caller's at a higher pitch than the agent's and taking turns with it.
std::vector<std::string> synthetic_track(double f0, int first_burst, int frames) {
  std::vector<std::string> out;
  double phase = 0;
  for (int f = 0; f < frames; ++f) {
    std::vector<std::uint8_t> mulaw(160);
    const bool talking = (f / 40) % 2 == first_burst && (f % 10) < 7;
    const double gain = talking ? 1500.0 + 40.0 * f : 20.0;
    for (int i = 0; i < 160; ++i) {
      phase += 2 * std::numbers::pi * f0 / 8000.0;
      double v = 0;
      for (int h = 1; h <= 8; ++h) v += std::sin(h * phase) / h;
      mulaw[i] = to_ulaw(static_cast<std::int16_t>(std::clamp(gain * v, -32000.0, 32000.0)));
    }
    out.push_back(encode_base64(mulaw));
  }
  return out;
}

// Several two-party calls stream at once onto several io threads while a screen follows /live
// and a supervisor polls the REST API: every frame is analysed, each call gets exactly the answer
// the others get for the same audio, and the screen gets every stored event of every call in
// order. (Under ThreadSanitizer this is also the check that the threads share nothing unguarded.)
TEST(ServerThreads, CallsOnSeveralIoThreadsGetTheSameAnswerAndScreensMissNothing) {
  constexpr int kCalls = 6;
  constexpr int kFrames = 300;  // 6 s of audio per call
  ServeConfig config;
  config.threads = 3;
  const RunningServer server(config);
  const auto caller = synthetic_track(180, 0, kFrames);
  const auto agent = synthetic_track(110, 1, kFrames);
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"),
                               static_cast<unsigned short>(server.port()));

  // The screen.
  std::map<std::string, std::vector<std::int64_t>> seen;  // call -> seq, as received
  std::mutex seen_mu;
  std::atomic<bool> screen_ready{false};
  std::atomic<bool> screen_stop{false};
  std::thread screen([&] {
    asio::io_context io;
    websocket::stream<beast::tcp_stream> ws(io);
    beast::get_lowest_layer(ws).connect(endpoint);
    ws.handshake("127.0.0.1", std::string("/live?token=") + kToken);
    beast::flat_buffer buffer;
    ws.read(buffer);  // hello
    buffer.consume(buffer.size());
    screen_ready = true;
    while (!screen_stop) {
      // Quiet for 2 s: the test is over.
      bool read = false;
      beast::error_code ec;
      ws.async_read(buffer, [&](beast::error_code e, std::size_t) {
        ec = e;
        read = true;
      });
      io.restart();
      io.run_for(std::chrono::seconds(2));
      if (!read || ec) break;
      const json e = json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
      buffer.consume(buffer.size());
      if (e.is_object() && e.contains("call") && e.contains("seq")) {
        const std::lock_guard lock(seen_mu);
        seen[e["call"].get<std::string>()].push_back(e["seq"].get<std::int64_t>());
      }
    }
  });
  while (!screen_ready) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  // The calls, each from a thread of its own, frames sent as fast as the server takes them.
  std::vector<std::thread> callers;
  for (int c = 0; c < kCalls; ++c) {
    callers.emplace_back([&, c] {
      asio::io_context io;
      websocket::stream<beast::tcp_stream> ws(io);
      beast::get_lowest_layer(ws).connect(endpoint);
      ws.handshake("127.0.0.1", std::string("/media?token=") + kToken);
      const std::string sid = "CA-thread-" + std::to_string(c);
      ws.write(asio::buffer(
          json{{"event", "start"},
               {"start",
                {{"callSid", sid}, {"streamSid", "MZ" + sid}, {"tracks", {"inbound", "outbound"}}}}}
              .dump()));
      for (int f = 0; f < kFrames; ++f) {
        for (const bool inbound : {true, false}) {
          ws.write(asio::buffer(json{{"event", "media"},
                                     {"media",
                                      {{"track", inbound ? "inbound" : "outbound"},
                                       {"timestamp", f * 20},
                                       {"payload", inbound ? caller[f] : agent[f]}}}}
                                    .dump()));
        }
      }
      ws.write(asio::buffer(json{{"event", "stop"}}.dump()));
      beast::flat_buffer buffer;
      beast::error_code ec;
      ws.read(buffer, ec);  // the server closes once the call has ended
    });
  }
  // The supervisor reads while the calls stream.
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(server.get("/calls").status, 200);
    EXPECT_EQ(server.get("/metrics").status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (auto& t : callers) t.join();
  for (int c = 0; c < kCalls; ++c) {
    EXPECT_EQ(
        server.wait_status("CA-thread-" + std::to_string(c), "ended", std::chrono::seconds(10)),
        "ended");
  }

  const std::string metrics = server.get("/metrics").body;
  EXPECT_NE(metrics.find("composure_io_threads 3\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("composure_frames_total " + std::to_string(kCalls * kFrames * 2) + "\n"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("composure_frames_dropped_total 0\n"), std::string::npos) << metrics;

  std::vector<std::string> answers;
  std::map<std::string, std::vector<std::int64_t>> stored;
  for (int c = 0; c < kCalls; ++c) {
    const std::string sid = "CA-thread-" + std::to_string(c);
    const json events = server.get("/calls/" + sid + "/events").as_json()["events"];
    std::string answer;
    for (const json& e : events) {
      stored[sid].push_back(e["seq"].get<std::int64_t>());
      answer +=
          e["type"].get<std::string>() + "@" + std::to_string(e["t_ms"].get<std::int64_t>()) + " ";
    }
    answers.push_back(answer);
  }
  EXPECT_GT(stored["CA-thread-0"].size(), 3U) << answers[0];
  for (int c = 1; c < kCalls; ++c) EXPECT_EQ(answers[c], answers[0]) << "call " << c;

  // The screen has every stored event of every call, in order, once it has caught up.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      const std::lock_guard lock(seen_mu);
      if (seen == stored) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  screen_stop = true;
  screen.join();
  const std::lock_guard lock(seen_mu);
  for (const auto& [sid, seqs] : stored) EXPECT_EQ(seen[sid], seqs) << sid;
}

}  // namespace
}  // namespace composure
