// composure_loadgen: how many live calls `composure serve` holds on this machine. It starts the
// server, opens N concurrent Twilio-style media streams on loopback, each sending a sample call
// (looped) as 20 ms mu-law frames in real time, and measures what a contact center cares about:
//
//   - frames lost: every frame sent must be analysed (/metrics composure_frames_total), none
//     dropped (composure_frames_dropped_total) and no gap filled with silence;
//   - frame -> event latency, end to end: a /live client (?timing=1) gets each event with the end
//     of the call's audio the server had when it emitted it; the frame that ended there was sent
//     at a time noted here, so latency = event received - that frame sent (both clocks are this
//     process's steady clock; it covers the socket, the server's queueing, the pipeline, the
//     store's commit and the /live fan-out);
//   - server CPU (from /proc/PID/stat) and memory per call (VmRSS over the idle server's).
//
// It steps N up and reports the largest N with no lost frame and p99 latency under the limit.
// To stay cheap on the cores it shares with the server, every message is built from parts
// encoded once (the base64 payloads of the whole sample), the WebSocket frames use the all-zero
// mask (legal: the key is sent, XOR with zero is a copy) and one thread drives every socket with
// epoll, writing both tracks of a 20 ms frame in one send.
//
//   composure_loadgen --composure build/release/composure --sample build/release/samples/X.wav
//                     [--calls 250,500,1000,2000] [--seconds 60] [--tracks both|inbound]
//                     [--p99-ms 100] [--decoders N|auto] [--recognition-p99-ms 500]
//                     [--expect-calls N] [--keep-going] [--ramp CALLS_PER_S]
//                     [--threads N|auto]   (the server's io threads, calls.threads)
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr int kFrameMs = 20;
constexpr std::size_t kFrameBytes = 160;  // 20 ms of 8 kHz mu-law
constexpr const char* kToken = "loadgen-token-0123456789";
constexpr std::size_t kSendRing = 8192;  // send times kept per call: 164 s of frames

double ms_since(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// Thrown, so the server started here is stopped on the way out (main prints it).
[[noreturn]] void die(const std::string& what) {
  throw std::runtime_error(what);
}

struct Options {
  std::string composure;
  std::string sample;
  std::vector<int> calls{250, 500, 1000, 1500, 2000, 2500, 3000};
  double seconds = 60;
  bool both_tracks = true;
  double p99_limit_ms = 100;
  double recognition_p99_limit_ms = 500;  // with --decoders: spurt end -> words in the pipeline
  std::string decoders = "0";
  int expect_calls = 0;  // exit 1 unless at least this many calls pass
  double ramp_per_s = 1000;
  bool keep_going = false;
  std::string threads = "auto";
};

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--composure") {
      o.composure = value();
    } else if (a == "--sample") {
      o.sample = value();
    } else if (a == "--calls") {
      o.calls.clear();
      std::stringstream list(value());
      for (std::string n; std::getline(list, n, ',');) o.calls.push_back(std::stoi(n));
    } else if (a == "--seconds") {
      o.seconds = std::stod(value());
    } else if (a == "--tracks") {
      const std::string t = value();
      if (t != "both" && t != "inbound") die("--tracks is both or inbound");
      o.both_tracks = t == "both";
    } else if (a == "--p99-ms") {
      o.p99_limit_ms = std::stod(value());
    } else if (a == "--recognition-p99-ms") {
      o.recognition_p99_limit_ms = std::stod(value());
    } else if (a == "--decoders") {
      o.decoders = value();
    } else if (a == "--expect-calls") {
      o.expect_calls = std::stoi(value());
    } else if (a == "--ramp") {
      o.ramp_per_s = std::stod(value());
    } else if (a == "--threads") {
      o.threads = value();
    } else if (a == "--keep-going") {
      o.keep_going = true;
    } else {
      die("unknown option " + a + " (see the top of tools/loadgen/loadgen.cpp for the usage)");
    }
  }
  if (o.composure.empty() || o.sample.empty()) die("--composure BIN and --sample WAV are needed");
  return o;
}

// The two channels of a mu-law stereo WAV (agent left, caller right), as the sample calls are.
std::pair<std::vector<std::uint8_t>, std::vector<std::uint8_t>> read_mulaw_stereo(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < 12 || data.compare(0, 4, "RIFF") != 0 || data.compare(8, 4, "WAVE") != 0) {
    die(path + ": not a WAV file");
  }
  const auto u16 = [&](std::size_t at) {
    return static_cast<unsigned>(static_cast<unsigned char>(data[at])) |
           static_cast<unsigned>(static_cast<unsigned char>(data[at + 1])) << 8U;
  };
  const auto u32 = [&](std::size_t at) { return u16(at) | u16(at + 2) << 16U; };
  std::size_t pos = 12;
  bool format_ok = false;
  std::string_view payload;
  while (pos + 8 <= data.size()) {
    const std::string id = data.substr(pos, 4);
    const std::size_t size = u32(pos + 4);
    if (id == "fmt ") format_ok = u16(pos + 8) == 7 && u16(pos + 10) == 2 && u32(pos + 12) == 8000;
    if (id == "data") payload = std::string_view(data).substr(pos + 8, size);
    pos += 8 + size + (size & 1U);
  }
  if (!format_ok || payload.empty()) die(path + ": expected a mu-law stereo 8 kHz WAV");
  std::vector<std::uint8_t> agent;
  std::vector<std::uint8_t> caller;
  for (std::size_t i = 0; i + 1 < payload.size(); i += 2) {
    agent.push_back(static_cast<std::uint8_t>(payload[i]));
    caller.push_back(static_cast<std::uint8_t>(payload[i + 1]));
  }
  return {agent, caller};
}

std::string base64(const std::uint8_t* p, std::size_t n) {
  static constexpr std::string_view kDigits =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < n; i += 3) {
    const std::uint32_t v = static_cast<std::uint32_t>(p[i]) << 16U |
                            (i + 1 < n ? static_cast<std::uint32_t>(p[i + 1]) << 8U : 0U) |
                            (i + 2 < n ? static_cast<std::uint32_t>(p[i + 2]) : 0U);
    out += kDigits[v >> 18U & 63U];
    out += kDigits[v >> 12U & 63U];
    out += i + 1 < n ? kDigits[v >> 6U & 63U] : '=';
    out += i + 2 < n ? kDigits[v & 63U] : '=';
  }
  return out;
}

// A client WebSocket text frame with the all-zero mask around `text`, appended to `out`.
void append_ws_frame(std::string& out, std::string_view text) {
  out += static_cast<char>(0x81);  // FIN, text
  if (text.size() < 126) {
    out += static_cast<char>(0x80U | text.size());
  } else if (text.size() < 65536) {
    out += static_cast<char>(0x80 | 126);
    out += static_cast<char>(text.size() >> 8U);
    out += static_cast<char>(text.size() & 0xffU);
  } else {
    out += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out += static_cast<char>((text.size() >> static_cast<unsigned>(shift)) & 0xffU);
    }
  }
  out.append(4, '\0');  // masking key 0: the payload goes as it is
  out += text;
}

// The sample, cut into frames and base64-encoded once.
struct Sample {
  std::vector<std::string> agent;   // outbound track
  std::vector<std::string> caller;  // inbound track
  std::size_t frames() const { return caller.size(); }
};

Sample encode_sample(const std::string& path) {
  const auto [agent, caller] = read_mulaw_stereo(path);
  Sample s;
  for (std::size_t at = 0; at + kFrameBytes <= caller.size(); at += kFrameBytes) {
    s.agent.push_back(base64(agent.data() + at, kFrameBytes));
    s.caller.push_back(base64(caller.data() + at, kFrameBytes));
  }
  if (s.frames() == 0) die(path + ": no audio");
  return s;
}

int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    die("connect to 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno));
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  return fd;
}

void send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) die(std::string("send: ") + std::strerror(errno));
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Reads an HTTP response head (and whatever came after it) from a blocking socket.
std::string read_head(int fd, std::string& rest) {
  std::string got;
  std::array<char, 4096> buf{};
  for (;;) {
    const auto end = got.find("\r\n\r\n");
    if (end != std::string::npos) {
      rest = got.substr(end + 4);
      return got.substr(0, end);
    }
    const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n <= 0) die("the server closed the connection before answering");
    got.append(buf.data(), static_cast<std::size_t>(n));
  }
}

// A blocking WebSocket upgrade; the socket is left non-blocking for the event loop.
int open_websocket(int port, const std::string& target, std::string& rest) {
  const int fd = connect_loopback(port);
  send_all(fd, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n" +
                   "Connection: Upgrade\r\nSec-WebSocket-Key: bG9hZGdlbi1rZXktMTIzNA==\r\n" +
                   "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + kToken + "\r\n\r\n");
  const std::string head = read_head(fd, rest);
  if (head.rfind("HTTP/1.1 101", 0) != 0) die("WebSocket upgrade of " + target + ": " + head);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// GET with the token on a fresh connection; the body.
std::string http_get(int port, const std::string& target) {
  const int fd = connect_loopback(port);
  send_all(fd, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                   "Authorization: Bearer " + kToken + "\r\n\r\n");
  std::string body;
  const std::string head = read_head(fd, body);
  std::array<char, 65536> buf{};
  for (;;) {
    const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n <= 0) break;
    body.append(buf.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (head.rfind("HTTP/1.1 200", 0) != 0) die("GET " + target + ": " + head);
  return body;
}

// The metrics the verdict rests on; histograms and labelled series summed by name.
std::map<std::string, double> metrics(int port) {
  std::map<std::string, double> m;
  std::istringstream text(http_get(port, "/metrics"));
  for (std::string line; std::getline(text, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    if (space == std::string::npos) continue;
    std::string name = line.substr(0, space);
    if (const auto brace = name.find('{'); brace != std::string::npos) {
      if (name.find("le=\"") != std::string::npos) {
        m[name] = std::stod(line.substr(space + 1));  // keep histogram buckets apart
        continue;
      }
      name.resize(brace);
    }
    m[name] += std::stod(line.substr(space + 1));
  }
  return m;
}

struct ProcSample {
  double cpu_s = 0;  // user + system
  double rss_mib = 0;
};

ProcSample proc_sample(pid_t pid) {
  ProcSample p;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = all.rfind(')');
  if (close != std::string::npos) {
    std::istringstream rest(all.substr(close + 2));
    std::vector<std::string> fields;
    for (std::string f; rest >> f;) fields.push_back(f);
    // After the name: state is field 3, utime 14 and stime 15 (1-based over the whole line).
    if (fields.size() > 12) {
      p.cpu_s = (std::stod(fields[11]) + std::stod(fields[12])) /
                static_cast<double>(::sysconf(_SC_CLK_TCK));
    }
  }
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) p.rss_mib = std::stod(line.substr(6)) / 1024.0;
  }
  return p;
}

double self_cpu_s() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// `composure serve` on a free port with a fresh store in `dir`.
struct ServerProcess {
  pid_t pid = -1;
  int port = 0;

  ServerProcess(const Options& o, const fs::path& dir) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path config = dir / "serve.yaml";
    std::ofstream(config) << "http: {host: 127.0.0.1, port: 0}\n"
                          << "audiosocket: {port: -1}\n"
                          << "tokens: [" << kToken << "]\n"
                          << "storage: {path: " << (dir / "events.db").string() << "}\n"
                          << "live: {queue_limit: 1000000}\n"
                          << "recognition: {decoders: " << o.decoders << "}\n"
                          << "calls: {threads: " << o.threads << "}\n";
    std::array<int, 2> out{};
    if (::pipe(out.data()) != 0) die("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const std::string log = (dir / "server.log").string();
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> args{o.composure, "serve", "--config", config.string()};
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid, o.composure.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
      die("cannot start " + o.composure);
    }
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    std::string line;
    char c = 0;
    while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(out[0]);
    const auto at = line.find("http=127.0.0.1:");
    if (line.rfind("listening ", 0) != 0 || at == std::string::npos) {
      die("the server did not start (" + line + "); see " + log);
    }
    port = std::stoi(line.substr(at + 15));
  }
  ~ServerProcess() {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ServerProcess(ServerProcess&&) = delete;
  ServerProcess& operator=(ServerProcess&&) = delete;
};

struct Call {
  int fd = -1;
  std::string id;
  std::size_t offset = 0;  // where in the sample it starts
  std::int64_t next = 0;   // the next frame to send
  Clock::time_point start;
  std::string out;  // bytes the socket did not take yet
  bool stopped = false;
  bool closed = false;
  std::vector<std::pair<std::int64_t, Clock::time_point>> sent;  // ring: frame, when sent
};

struct LevelResult {
  int calls = 0;
  bool pass = false;
  std::int64_t frames_sent = 0;
  double frames_analysed = 0;
  double dropped = 0;
  double silence_ms = 0;
  std::vector<double> latency_ms;
  std::int64_t unmatched = 0;
  double server_cpu = 0;  // share of one core
  double loadgen_cpu = 0;
  double rss_per_call_kib = 0;
  double rss_mib = 0;
  double lag_p99_ms = 0;
  double lag_max_ms = 0;
  double recognition_p99_bucket = -1;  // the histogram bound the 99th percentile falls under
  double recognition_queue_max = 0;
  double utterances = 0;
  double backpressure = 0;  // sends the socket did not fully take at once
  bool kept_time = true;    // the generator's send lag p99 stayed within a frame
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}

// Pulls whole server-to-client WebSocket frames (unmasked) out of `buf`.
template <typename OnText>
void take_frames(std::string& buf, OnText on_text) {
  std::size_t pos = 0;
  for (;;) {
    if (buf.size() - pos < 2) break;
    const auto b1 = static_cast<unsigned char>(buf[pos + 1]) & 0x7fU;
    std::size_t head = 2;
    std::uint64_t len = b1;
    if (b1 == 126) {
      if (buf.size() - pos < 4) break;
      len = static_cast<std::uint64_t>(static_cast<unsigned char>(buf[pos + 2])) << 8U |
            static_cast<unsigned char>(buf[pos + 3]);
      head = 4;
    } else if (b1 == 127) {
      if (buf.size() - pos < 10) break;
      len = 0;
      for (std::size_t i = 0; i < 8; ++i) {
        len = len << 8U | static_cast<unsigned char>(buf[pos + 2 + i]);
      }
      head = 10;
    }
    if (buf.size() - pos < head + len) break;
    const auto opcode = static_cast<unsigned char>(buf[pos]) & 0x0fU;
    if (opcode == 1) on_text(std::string_view(buf).substr(pos + head, len));
    pos += head + len;
  }
  buf.erase(0, pos);
}

class Level {
 public:
  Level(const Options& o, const Sample& sample, int n) : o_(o), sample_(sample), n_(n) {}

  LevelResult run() {
    const fs::path dir =
        fs::temp_directory_path() / ("composure_loadgen_" + std::to_string(::getpid()));
    LevelResult r;
    r.calls = n_;
    {
      ServerProcess server(o_, dir);
      port_ = server.port;
      epoll_ = ::epoll_create1(0);
      std::string rest;
      live_fd_ = open_websocket(port_, "/live?timing=1", rest);
      live_in_ = rest;
      watch(live_fd_, -1);
      // Let the server settle (decoders load), then take its idle size.
      pump_until(Clock::now() + std::chrono::milliseconds(500));
      const ProcSample idle = proc_sample(server.pid);
      calls_.resize(static_cast<std::size_t>(n_));
      const auto ramp_start = Clock::now();
      for (int i = 0; i < n_; ++i) {
        const auto due = ramp_start + std::chrono::microseconds(
                                          static_cast<std::int64_t>(1e6 * i / o_.ramp_per_s));
        pump_until(due);
        open_call(i);
      }
      // Every call is up: the measured window.
      const auto window_start = Clock::now();
      end_ = window_start + std::chrono::milliseconds(static_cast<std::int64_t>(o_.seconds * 1000));
      const auto m0 = metrics(port_);
      const ProcSample p0 = proc_sample(server.pid);
      const double self0 = self_cpu_s();
      measuring_ = true;
      double queue_max = 0;
      for (auto t = window_start; t < end_;) {
        t = std::min(end_, t + std::chrono::seconds(5));
        pump_until(t);
        if (o_.decoders != "0") {
          const auto m = metrics(port_);
          queue_max = std::max(queue_max, m.count("composure_recognition_queue_depth") != 0U
                                              ? m.at("composure_recognition_queue_depth")
                                              : 0.0);
        }
      }
      measuring_ = false;
      const ProcSample p1 = proc_sample(server.pid);
      const double wall_s = ms_since(window_start, Clock::now()) / 1000;
      r.server_cpu = (p1.cpu_s - p0.cpu_s) / wall_s;
      r.loadgen_cpu = (self_cpu_s() - self0) / wall_s;
      r.rss_mib = p1.rss_mib;
      r.rss_per_call_kib = (p1.rss_mib - idle.rss_mib) * 1024 / n_;
      (void)m0;
      // Stop every call, then wait until the server has ended them all.
      for (auto& c : calls_) stop_call(c);
      const auto give_up = Clock::now() + std::chrono::seconds(120);
      for (;;) {
        pump_until(Clock::now() + std::chrono::milliseconds(200));
        const auto m = metrics(port_);
        if (m.at("composure_calls_live") == 0 || Clock::now() > give_up) {
          r.frames_analysed = m.at("composure_frames_total");
          r.dropped = m.at("composure_frames_dropped_total");
          r.silence_ms = m.at("composure_silence_filled_ms_total");
          r.utterances = m.at("composure_utterances_total");
          r.recognition_p99_bucket = histogram_p99(m, "composure_recognition_latency_ms");
          break;
        }
      }
      r.recognition_queue_max = queue_max;
      for (auto& c : calls_) {
        if (c.fd >= 0) ::close(c.fd);
      }
      ::close(live_fd_);
      ::close(epoll_);
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    r.frames_sent = frames_sent_;
    r.latency_ms = std::move(latency_);
    r.unmatched = unmatched_;
    r.lag_p99_ms = percentile(lag_, 0.99);
    r.lag_max_ms = lag_.empty() ? NAN : *std::max_element(lag_.begin(), lag_.end());
    r.backpressure = static_cast<double>(backpressure_);
    const double p99 = percentile(r.latency_ms, 0.99);
    // Every frame analysed (finish() may pad a leg by up to a frame or so per call), none
    // dropped, no gap, latency measured and under the limit.
    // And the generator kept real time: a level it could not drive says nothing.
    r.kept_time = r.lag_p99_ms <= kFrameMs;
    r.pass = r.dropped == 0 && r.silence_ms == 0 &&
             r.frames_analysed >= static_cast<double>(r.frames_sent) && !r.latency_ms.empty() &&
             p99 < o_.p99_limit_ms && r.kept_time;
    // With recognition, the words must keep up too: the 99th percentile of the time from a
    // spurt's end to its words in the pipeline (a histogram bucket bound) within the limit.
    if (o_.decoders != "0") {
      r.pass = r.pass && r.recognition_p99_bucket >= 0 &&
               r.recognition_p99_bucket <= o_.recognition_p99_limit_ms;
    }
    return r;
  }

 private:
  static double histogram_p99(const std::map<std::string, double>& m, const std::string& name) {
    const auto count = m.find(name + "_count");
    if (count == m.end() || count->second == 0) return -1;
    std::vector<std::pair<double, double>> buckets;
    for (const auto& [k, v] : m) {
      const auto le = k.find("le=\"");
      if (k.rfind(name + "_bucket", 0) != 0 || le == std::string::npos) continue;
      const std::string bound = k.substr(le + 4, k.find('"', le + 4) - le - 4);
      buckets.emplace_back(bound == "+Inf" ? INFINITY : std::stod(bound), v);
    }
    std::sort(buckets.begin(), buckets.end());
    for (const auto& [bound, n] : buckets) {
      if (n >= 0.99 * count->second) return bound;
    }
    return INFINITY;
  }

  void watch(int fd, int call) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = static_cast<std::uint64_t>(call) + 1;  // 0: the /live socket
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
  }

  void open_call(int i) {
    Call& c = calls_[static_cast<std::size_t>(i)];
    c.id = "load-" + std::to_string(i);
    c.offset = static_cast<std::size_t>(i) * 397 % sample_.frames();
    std::string rest;
    c.fd = open_websocket(port_, "/media", rest);
    c.sent.assign(kSendRing, {-1, Clock::time_point{}});
    watch(c.fd, i);
    std::string msg;
    append_ws_frame(msg, R"({"event":"connected","protocol":"Call","version":"1.0.0"})");
    append_ws_frame(
        msg,
        std::string(R"({"event":"start","sequenceNumber":"1","start":{"streamSid":"MZ)") + c.id +
            R"(","callSid":")" + c.id + R"(","tracks":[)" +
            (o_.both_tracks ? R"("inbound","outbound")" : R"("inbound")") +
            R"(],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}},"streamSid":"MZ)" +
            c.id + R"("})");
    write(c, msg);
    c.start = Clock::now();
    c.next = 0;
  }

  void write(Call& c, std::string_view data) {
    if (c.closed) return;
    if (!c.out.empty()) {
      c.out += data;
      flush(c);
      return;
    }
    const ssize_t n = ::send(c.fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN) {
      c.closed = true;
      return;
    }
    const auto done = static_cast<std::size_t>(std::max<ssize_t>(n, 0));
    if (done < data.size()) {
      ++backpressure_;
      c.out.assign(data.substr(done));
    }
  }

  void flush(Call& c) {
    while (!c.out.empty()) {
      const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      c.out.erase(0, static_cast<std::size_t>(n));
    }
  }

  void send_frame(Call& c, Clock::time_point now, Clock::time_point due) {
    const std::size_t f = (c.offset + static_cast<std::size_t>(c.next)) % sample_.frames();
    const std::string ts = std::to_string(c.next * kFrameMs);
    msg_.clear();
    const auto media = [&](const char* track, const std::string& payload) {
      text_.assign(R"({"event":"media","sequenceNumber":")");
      text_ += ts;
      text_ += R"(","media":{"track":")";
      text_ += track;
      text_ += R"(","chunk":")";
      text_ += ts;
      text_ += R"(","timestamp":")";
      text_ += ts;
      text_ += R"(","payload":")";
      text_ += payload;
      text_ += R"("},"streamSid":"MZ)";
      text_ += c.id;
      text_ += R"("})";
      append_ws_frame(msg_, text_);
    };
    media("inbound", sample_.caller[f]);
    if (o_.both_tracks) media("outbound", sample_.agent[f]);
    write(c, msg_);
    c.sent[static_cast<std::size_t>(c.next) % kSendRing] = {c.next, now};
    frames_sent_ += o_.both_tracks ? 2 : 1;
    if (measuring_) lag_.push_back(ms_since(due, now));
    ++c.next;
  }

  void stop_call(Call& c) {
    if (c.stopped || c.fd < 0) return;
    c.stopped = true;
    std::string msg;
    append_ws_frame(msg, R"({"event":"stop","sequenceNumber":"0","streamSid":"MZ)" + c.id +
                             R"(","stop":{"callSid":")" + c.id + R"("}})");
    write(c, msg);
  }

  // Sends what is due and reads what came, until `until`.
  void pump_until(Clock::time_point until) {
    std::array<epoll_event, 256> events{};
    std::array<char, 65536> buf{};
    for (;;) {
      const auto now = Clock::now();
      for (auto& c : calls_) {
        if (c.fd < 0 || c.stopped || c.closed) continue;
        if (!c.out.empty()) flush(c);
        const auto due = c.start + std::chrono::milliseconds(c.next * kFrameMs);
        if (due <= now) send_frame(c, now, due);
      }
      if (now >= until) return;
      // Wake at the next millisecond: frames are due on 20 ms grids spread over the calls.
      const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 1);
      for (int i = 0; i < n; ++i) {
        const auto who =
            static_cast<std::int64_t>(events[static_cast<std::size_t>(i)].data.u64) - 1;
        const int fd = who < 0 ? live_fd_ : calls_[static_cast<std::size_t>(who)].fd;
        for (;;) {
          const ssize_t got = ::recv(fd, buf.data(), buf.size(), 0);
          if (got > 0 && who < 0) live_in_.append(buf.data(), static_cast<std::size_t>(got));
          if (got == 0 && who >= 0) {  // the server closed the stream (after stop)
            Call& c = calls_[static_cast<std::size_t>(who)];
            ::epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
            ::close(c.fd);
            c.fd = -1;
            c.closed = true;
          }
          if (got < static_cast<ssize_t>(buf.size())) break;
        }
        if (who < 0) take_frames(live_in_, [this](std::string_view t) { on_live(t); });
      }
    }
  }

  void on_live(std::string_view text) {
    const auto received = Clock::now();
    const json e = json::parse(text, nullptr, false);
    if (!e.is_object() || !e.contains("heard_ms") || e.value("type", "") == "stream_warning") {
      return;
    }
    const std::string id = e.value("call", "");
    if (!id.starts_with("load-")) return;
    const auto i = static_cast<std::size_t>(std::stoi(id.substr(5)));
    if (i >= calls_.size() || calls_[i].stopped || !measuring_) return;
    const std::int64_t frame = e["heard_ms"].get<std::int64_t>() / kFrameMs - 1;
    if (frame < 0) return;
    const auto& [which, when] = calls_[i].sent[static_cast<std::size_t>(frame) % kSendRing];
    if (which != frame) {
      ++unmatched_;
      return;
    }
    latency_.push_back(ms_since(when, received));
  }

  const Options& o_;
  const Sample& sample_;
  int n_;
  int port_ = 0;
  int epoll_ = -1;
  int live_fd_ = -1;
  std::string live_in_;
  std::vector<Call> calls_;
  Clock::time_point end_;
  bool measuring_ = false;
  std::int64_t frames_sent_ = 0;
  std::int64_t unmatched_ = 0;
  std::int64_t backpressure_ = 0;
  std::vector<double> latency_;
  std::vector<double> lag_;
  std::string msg_;
  std::string text_;
};

void report(const LevelResult& r, const Options& o) {
  std::printf(
      "%5d calls %s: frames sent %lld, analysed %.0f, dropped %.0f, gaps %.0f ms | "
      "frame->event latency p50 %.1f p99 %.1f max %.1f ms (%zu events%s) | server CPU %.0f%% "
      "of a core (%.3f%% per call), RSS %.0f MiB (%.0f KiB per call) | loadgen CPU %.0f%%, "
      "send lag p99 %.1f max %.1f ms%s | %s\n",
      r.calls, o.both_tracks ? "(both tracks)" : "(inbound only)",
      static_cast<long long>(r.frames_sent), r.frames_analysed, r.dropped, r.silence_ms,
      percentile(r.latency_ms, 0.5), percentile(r.latency_ms, 0.99),
      r.latency_ms.empty() ? NAN : *std::max_element(r.latency_ms.begin(), r.latency_ms.end()),
      r.latency_ms.size(),
      r.unmatched > 0 ? (", " + std::to_string(r.unmatched) + " unmatched").c_str() : "",
      100 * r.server_cpu, 100 * r.server_cpu / r.calls, r.rss_mib, r.rss_per_call_kib,
      100 * r.loadgen_cpu, r.lag_p99_ms, r.lag_max_ms,
      o.decoders == "0"
          ? ""
          : (" | recognition: " + std::to_string(static_cast<long long>(r.utterances)) +
             " utterances, p99 latency <= " +
             (std::isinf(r.recognition_p99_bucket)
                  ? std::string("inf")
                  : std::to_string(static_cast<long long>(r.recognition_p99_bucket))) +
             " ms, queue max " + std::to_string(static_cast<long long>(r.recognition_queue_max)))
                .c_str(),
      r.pass ? "PASS" : (r.kept_time ? "FAIL" : "FAIL (the generator fell behind real time)"));
  std::fflush(stdout);
}

int run(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;  // two sockets per call here, two in the server
  ::setrlimit(RLIMIT_NOFILE, &files);
  const Sample sample = encode_sample(o.sample);
  int best = 0;
  json levels = json::array();
  for (const int n : o.calls) {
    Level level(o, sample, n);
    const LevelResult r = level.run();
    report(r, o);
    levels.push_back({{"calls", n},
                      {"pass", r.pass},
                      {"dropped", r.dropped},
                      {"p99_ms", percentile(r.latency_ms, 0.99)},
                      {"server_cpu", r.server_cpu},
                      {"rss_per_call_kib", r.rss_per_call_kib}});
    if (r.pass) best = std::max(best, n);
    if (!r.pass && !o.keep_going) break;
  }
  std::printf("largest passing: %d calls (zero dropped frames, p99 frame->event under %.0f ms)\n",
              best, o.p99_limit_ms);
  std::printf("%s\n", json{{"largest_passing", best}, {"levels", levels}}.dump().c_str());
  return o.expect_calls > 0 && best < o.expect_calls ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "composure_loadgen: " << e.what() << "\n";
    return 1;
  }
}
