#include "speech/transcript.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/strings.h"

namespace composure {
namespace {

using nlohmann::json;

// Words per second assumed for a text line whose end is not given.
constexpr double kWordsPerSecond = 2.6;

std::optional<Speaker> speaker_from(std::string_view label) {
  const std::string l = lower_ascii(label);
  if (l == "agent" || l == "rep" || l == "representative") return Speaker::Agent;
  if (l == "caller" || l == "customer" || l == "client") return Speaker::Caller;
  return std::nullopt;
}

std::string where(std::string_view name, std::size_t line) {
  return std::string(name) + ":" + std::to_string(line) + ": ";
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) ++i;
    const std::size_t start = i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

// Seconds (number) or milliseconds (the *_ms key) from a JSON object.
std::optional<std::int64_t> time_ms(const json& j, const char* seconds_key, const char* ms_key) {
  if (j.contains(ms_key) && j[ms_key].is_number()) {
    return static_cast<std::int64_t>(std::llround(j[ms_key].get<double>()));
  }
  if (j.contains(seconds_key) && j[seconds_key].is_number()) {
    return static_cast<std::int64_t>(std::llround(j[seconds_key].get<double>() * 1000.0));
  }
  return std::nullopt;
}

}  // namespace

std::vector<Word> spread_words(std::string_view text, std::int64_t t_ms, std::int64_t end_ms) {
  const auto tokens = split_words(text);
  std::vector<Word> words;
  if (tokens.empty()) return words;
  std::size_t total = 0;
  for (const auto t : tokens) total += t.size() + 1;
  const double span = static_cast<double>(std::max<std::int64_t>(end_ms - t_ms, 0));
  std::size_t seen = 0;
  for (const auto t : tokens) {
    Word w;
    w.text = std::string(t);
    w.t_ms = t_ms + static_cast<std::int64_t>(span * static_cast<double>(seen) /
                                              static_cast<double>(total));
    seen += t.size() + 1;
    w.end_ms = t_ms + static_cast<std::int64_t>(span * static_cast<double>(seen - 1) /
                                                static_cast<double>(total));
    w.confidence = 1.0F;
    words.push_back(std::move(w));
  }
  return words;
}

Result<std::vector<Utterance>> parse_json_transcript(std::string_view text, std::string_view name) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    return fail(std::string(name) + ": not valid JSON at byte " + std::to_string(e.byte) + ": " +
                e.what());
  }
  const json* segments = &doc;
  if (doc.is_object()) {
    if (!doc.contains("segments") || !doc["segments"].is_array()) {
      return fail(std::string(name) + ": expected a \"segments\" array");
    }
    segments = &doc["segments"];
  } else if (!doc.is_array()) {
    return fail(std::string(name) + ": expected an object with \"segments\" or an array");
  }
  std::vector<Utterance> out;
  for (std::size_t i = 0; i < segments->size(); ++i) {
    const json& s = (*segments)[i];
    const std::string at = std::string(name) + ": segments[" + std::to_string(i) + "]";
    if (!s.is_object()) return fail(at + ": expected an object");
    if (!s.contains("speaker") || !s["speaker"].is_string()) return fail(at + ".speaker: missing");
    const auto speaker = speaker_from(s["speaker"].get<std::string>());
    if (!speaker) {
      return fail(at + ".speaker: expected agent or caller, got \"" +
                  s["speaker"].get<std::string>() + "\"");
    }
    const auto start = time_ms(s, "start", "start_ms");
    if (!start || *start < 0) return fail(at + ".start: missing or negative (seconds)");
    Utterance u;
    u.speaker = *speaker;
    u.t_ms = *start;
    u.typed = true;
    const std::string seg_text =
        s.contains("text") && s["text"].is_string() ? s["text"].get<std::string>() : "";
    const auto end = time_ms(s, "end", "end_ms");
    if (s.contains("words") && s["words"].is_array() && !s["words"].empty()) {
      for (std::size_t k = 0; k < s["words"].size(); ++k) {
        const json& w = s["words"][k];
        const std::string wat = at + ".words[" + std::to_string(k) + "]";
        const json* token =
            w.contains("word") ? &w["word"] : (w.contains("text") ? &w["text"] : nullptr);
        if (token == nullptr || !token->is_string()) return fail(wat + ".word: missing");
        const auto ws = time_ms(w, "start", "start_ms");
        const auto we = time_ms(w, "end", "end_ms");
        if (!ws || !we || *we < *ws) return fail(wat + ": needs start <= end");
        Word word;
        word.text = token->get<std::string>();
        word.t_ms = *ws;
        word.end_ms = *we;
        word.confidence = w.contains("confidence") && w["confidence"].is_number()
                              ? std::clamp(w["confidence"].get<float>(), 0.0F, 1.0F)
                              : 1.0F;
        u.words.push_back(std::move(word));
      }
      u.end_ms = end.value_or(u.words.back().end_ms);
    } else {
      const auto n = split_words(seg_text).size();
      u.end_ms = end.value_or(
          u.t_ms + static_cast<std::int64_t>(1000.0 * static_cast<double>(n) / kWordsPerSecond));
      if (u.end_ms < u.t_ms) return fail(at + ".end: before start");
      u.words = spread_words(seg_text, u.t_ms, u.end_ms);
    }
    if (!u.words.empty()) out.push_back(std::move(u));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Utterance& a, const Utterance& b) { return a.t_ms < b.t_ms; });
  return out;
}

Result<std::vector<Utterance>> parse_text_transcript(std::string_view text, std::string_view name) {
  std::vector<Utterance> out;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() != '[') return fail(where(name, line_no) + "expected \"[mm:ss] AGENT: text\"");
    const std::size_t close = line.find(']');
    if (close == std::string_view::npos)
      return fail(where(name, line_no) + "missing ']' after the time");
    // Time: [h:]mm:ss[.fff]
    const std::string stamp(line.substr(1, close - 1));
    double parts[3] = {0, 0, 0};
    int count = 0;
    std::size_t start = 0;
    bool ok = !stamp.empty();
    while (ok && start <= stamp.size() && count < 3) {
      const std::size_t colon = stamp.find(':', start);
      const std::string piece =
          stamp.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
      char* end = nullptr;
      const double v = std::strtod(piece.c_str(), &end);
      ok = !piece.empty() && end == piece.c_str() + piece.size() && v >= 0;
      parts[count++] = v;
      if (colon == std::string::npos) break;
      start = colon + 1;
      if (count == 3) ok = false;
    }
    if (!ok || count < 2) {
      return fail(where(name, line_no) + "bad time \"" + stamp + "\": expected mm:ss or h:mm:ss");
    }
    const double seconds =
        count == 2 ? parts[0] * 60 + parts[1] : parts[0] * 3600 + parts[1] * 60 + parts[2];
    std::string_view rest = line.substr(close + 1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    const std::size_t colon = rest.find(':');
    if (colon == std::string_view::npos) {
      return fail(where(name, line_no) + "expected \"AGENT:\" or \"CALLER:\" after the time");
    }
    const auto speaker = speaker_from(rest.substr(0, colon));
    if (!speaker) {
      return fail(where(name, line_no) + "unknown speaker \"" + std::string(rest.substr(0, colon)) +
                  "\": expected AGENT or CALLER");
    }
    std::string_view said = rest.substr(colon + 1);
    while (!said.empty() && said.front() == ' ') said.remove_prefix(1);
    Utterance u;
    u.speaker = *speaker;
    u.t_ms = static_cast<std::int64_t>(std::llround(seconds * 1000.0));
    u.typed = true;
    u.words.push_back(Word{0, 0, std::string(said), 1.0F});  // spread below, once ends are known
    out.push_back(std::move(u));
  }
  // A line ends where the next begins, or after a speaking-rate estimate, whichever is first.
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::string said = out[i].words.front().text;
    const auto n = split_words(said).size();
    std::int64_t end =
        out[i].t_ms + static_cast<std::int64_t>(1000.0 * static_cast<double>(n) / kWordsPerSecond);
    for (std::size_t k = i + 1; k < out.size(); ++k) {
      if (out[k].t_ms > out[i].t_ms) {
        end = std::min(end, out[k].t_ms);
        break;
      }
    }
    out[i].end_ms = end;
    out[i].words = spread_words(said, out[i].t_ms, end);
  }
  std::erase_if(out, [](const Utterance& u) { return u.words.empty(); });
  std::stable_sort(out.begin(), out.end(),
                   [](const Utterance& a, const Utterance& b) { return a.t_ms < b.t_ms; });
  return out;
}

Result<std::vector<Utterance>> load_transcript(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(path.string() + ": cannot open transcript");
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (text[first] == '{' || text[first] == '[') &&
      !(text[first] == '[' && first + 1 < text.size() &&
        std::isdigit(static_cast<unsigned char>(text[first + 1])) != 0)) {
    return parse_json_transcript(text, path.string());
  }
  return parse_text_transcript(text, path.string());
}

}  // namespace composure
