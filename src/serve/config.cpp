#include "serve/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "core/strings.h"

namespace composure {
namespace {

constexpr int kMaxPort = 65535;

class Reader {
 public:
  explicit Reader(std::string_view origin) : origin_(origin) {}

  tl::unexpected<Error> error(const YAML::Node& at, const std::string& what) const {
    return fail(origin_ + ":" + std::to_string(at.Mark().line + 1) + ": " + what);
  }

  Result<void> keys(const YAML::Node& map, const std::string& where,
                    const std::set<std::string>& allowed) const {
    if (!map.IsMap()) return error(map, "'" + where + "' must be a mapping");
    for (auto it = map.begin(); it != map.end(); ++it) {
      const auto key = it->first.as<std::string>();
      if (allowed.count(key) == 0) {
        std::string message = "unknown key '";
        message.append(key).append("' in ").append(where).append(" (expected ");
        bool first = true;
        for (const auto& a : allowed) {
          if (!first) message += ", ";
          message += a;
          first = false;
        }
        message += ")";
        return error(it->first, message);
      }
    }
    return {};
  }

  Result<std::string> text(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) return error(n, "'" + key + "' must be text");
    return n.as<std::string>();
  }

  Result<long long> integer(const YAML::Node& n, const std::string& key, long long lo,
                            long long hi) const {
    long long v = 0;
    if (!n.IsScalar() || !YAML::convert<long long>::decode(n, v) || v < lo || v > hi) {
      return error(n, "'" + key + "' must be a whole number from " + std::to_string(lo) + " to " +
                          std::to_string(hi));
    }
    return v;
  }

  Result<double> seconds(const YAML::Node& n, const std::string& key) const {
    double v = 0;
    if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || !(v >= 0) || v > 86400) {
      return error(n, "'" + key + "' must be a number of seconds from 0 (never) to 86400");
    }
    return v;
  }

  Result<bool> boolean(const YAML::Node& n, const std::string& key) const {
    bool v = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, v)) {
      return error(n, "'" + key + "' must be true or false");
    }
    return v;
  }

  Result<Speaker> speaker(const YAML::Node& n, const std::string& key) const {
    auto t = text(n, key);
    if (!t) return tl::unexpected(t.error());
    const auto s = parse_speaker(*t);
    if (!s) return error(n, "'" + key + "' must be agent or caller, not '" + *t + "'");
    return *s;
  }

  Result<void> listener(const YAML::Node& n, const std::string& where, std::string& host, int& port,
                        int lowest) const {
    if (auto ok = keys(n, where, {"host", "port", "legs"}); !ok) return ok;
    if (n["host"]) {
      auto h = text(n["host"], "host");
      if (!h) return tl::unexpected(h.error());
      host = *h;
    }
    if (n["port"]) {
      auto p = integer(n["port"], "port", lowest, kMaxPort);
      if (!p) return tl::unexpected(p.error());
      port = static_cast<int>(*p);
    }
    return {};
  }

 private:
  std::string origin_;
};

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : std::isxdigit(static_cast<unsigned char>(s[i])) == 0) return false;
  }
  return true;
}

Result<void> read_config(const YAML::Node& root, const Reader& r, ServeConfig& c) {
  if (root.IsNull()) return {};
  if (auto ok = r.keys(root, "the configuration",
                       {"http", "audiosocket", "tokens", "storage", "media", "live", "recognition",
                        "web", "calls"});
      !ok) {
    return ok;
  }
  if (const auto http = root["http"]) {
    if (auto ok = r.listener(http, "http", c.http_host, c.http_port, 0); !ok) return ok;
    if (http["legs"]) return r.error(http["legs"], "'legs' belongs under audiosocket");
  }
  if (const auto as = root["audiosocket"]) {
    if (auto ok = r.listener(as, "audiosocket", c.audiosocket_host, c.audiosocket_port, -1); !ok)
      return ok;
    if (const auto legs = as["legs"]) {
      if (!legs.IsSequence()) return r.error(legs, "'legs' must be a list");
      std::set<std::string> seen;
      for (const auto& leg : legs) {
        if (auto ok = r.keys(leg, "a leg", {"uuid", "call", "speaker"}); !ok) return ok;
        for (const char* key : {"uuid", "call", "speaker"}) {
          if (!leg[key]) return r.error(leg, std::string("a leg needs '") + key + "'");
        }
        AudioSocketLeg l;
        auto uuid = r.text(leg["uuid"], "uuid");
        if (!uuid) return tl::unexpected(uuid.error());
        l.uuid = lower_ascii(*uuid);
        if (!is_uuid(l.uuid)) {
          return r.error(leg["uuid"], "'uuid' must look like 0b3c6f0e-7f2a-4c1d-9e8b-5a4d3c2b1a00");
        }
        if (!seen.insert(l.uuid).second) return r.error(leg["uuid"], "uuid " + l.uuid + " twice");
        auto call = r.text(leg["call"], "call");
        if (!call) return tl::unexpected(call.error());
        if (call->empty()) return r.error(leg["call"], "'call' must not be empty");
        l.call = *call;
        auto who = r.speaker(leg["speaker"], "speaker");
        if (!who) return tl::unexpected(who.error());
        l.speaker = *who;
        c.legs.push_back(std::move(l));
      }
    }
  }
  if (const auto tokens = root["tokens"]) {
    if (!tokens.IsSequence()) return r.error(tokens, "'tokens' must be a list");
    for (const auto& t : tokens) {
      auto v = r.text(t, "tokens");
      if (!v) return tl::unexpected(v.error());
      if (v->size() < 8) return r.error(t, "a token must have at least 8 characters");
      c.tokens.push_back(*v);
    }
  }
  if (const auto storage = root["storage"]) {
    if (auto ok = r.keys(storage, "storage", {"path", "keep_raw_audio"}); !ok) return ok;
    if (storage["path"]) {
      auto p = r.text(storage["path"], "path");
      if (!p) return tl::unexpected(p.error());
      c.store = *p;
    }
    if (storage["keep_raw_audio"]) {
      auto k = r.boolean(storage["keep_raw_audio"], "keep_raw_audio");
      if (!k) return tl::unexpected(k.error());
      c.keep_raw_audio = *k;
    }
  }
  if (const auto media = root["media"]) {
    if (auto ok = r.keys(media, "media", {"inbound", "max_message_bytes"}); !ok) return ok;
    if (media["inbound"]) {
      auto s = r.speaker(media["inbound"], "inbound");
      if (!s) return tl::unexpected(s.error());
      c.inbound = *s;
    }
    if (media["max_message_bytes"]) {
      auto n = r.integer(media["max_message_bytes"], "max_message_bytes", 1024, 16 << 20);
      if (!n) return tl::unexpected(n.error());
      c.max_message_bytes = static_cast<std::size_t>(*n);
    }
  }
  if (const auto live = root["live"]) {
    if (auto ok = r.keys(live, "live", {"queue_limit"}); !ok) return ok;
    if (live["queue_limit"]) {
      auto n = r.integer(live["queue_limit"], "queue_limit", 1, 1 << 20);
      if (!n) return tl::unexpected(n.error());
      c.live_queue_limit = static_cast<std::size_t>(*n);
    }
  }
  if (const auto rec = root["recognition"]) {
    if (auto ok = r.keys(rec, "recognition", {"decoders", "second_pass"}); !ok) return ok;
    if (const YAML::Node p = rec["second_pass"]) {
      bool on = false;
      if (!p.IsScalar() || !YAML::convert<bool>::decode(p, on)) {
        return r.error(p, "'second_pass' is true or false");
      }
      c.second_pass = on;
    }
    if (const YAML::Node d = rec["decoders"]) {
      if (d.IsScalar() && (d.Scalar() == "auto" || d.Scalar() == "off")) {
        c.decoders = d.Scalar() == "auto" ? ServeConfig::kAutoDecoders : 0;
      } else {
        auto n = r.integer(d, "decoders", 0, 64);
        if (!n) {
          return r.error(d, "'decoders' must be a whole number from 0 (off) to 64, or auto");
        }
        c.decoders = static_cast<int>(*n);
      }
    }
  }
  if (const auto web = root["web"]) {
    if (auto ok = r.keys(web, "web", {"root"}); !ok) return ok;
    if (web["root"]) {
      auto p = r.text(web["root"], "root");
      if (!p) return tl::unexpected(p.error());
      c.web_root = *p;
    }
  }
  if (const auto calls = root["calls"]) {
    if (auto ok = r.keys(calls, "calls", {"audio_idle_s", "transcript_idle_s", "threads"}); !ok) {
      return ok;
    }
    if (const YAML::Node t = calls["threads"]) {
      if (t.IsScalar() && t.Scalar() == "auto") {
        c.threads = ServeConfig::kAutoThreads;
      } else {
        auto n = r.integer(t, "threads", 1, 256);
        if (!n) return r.error(t, "'threads' must be a whole number from 1 to 256, or auto");
        c.threads = static_cast<int>(*n);
      }
    }
    for (const auto& [key, field] : {std::pair{"audio_idle_s", &c.audio_idle_s},
                                     std::pair{"transcript_idle_s", &c.transcript_idle_s}}) {
      if (!calls[key]) continue;
      auto v = r.seconds(calls[key], key);
      if (!v) return tl::unexpected(v.error());
      *field = *v;
    }
  }
  return {};
}

}  // namespace

Result<ServeConfig> parse_serve_config(std::string_view yaml, std::string_view origin) {
  ServeConfig c;
  c.origin = std::string(origin);
  const Reader r(origin);
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    if (auto ok = read_config(root, r, c); !ok) return tl::unexpected(ok.error());
  } catch (const YAML::Exception& e) {
    return fail(std::string(origin) + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return c;
}

Result<ServeConfig> load_serve_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(file.string() + ": cannot read the configuration file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_serve_config(text.str(), file.string());
}

}  // namespace composure
