#include "corpus/dialogue.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/strings.h"
#include "speech/transcript.h"

namespace composure {
namespace {

constexpr double kLeadInS = 0.5;
constexpr double kGapS = 0.6;  // the renderer draws 0.35-0.9 s; its mean
constexpr double kSentencePauseS = 0.25;
constexpr int kDefaultRate = 165;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

std::string_view strip_comment(std::string_view raw) {
  const std::string_view t = trim(raw);
  if (!t.empty() && t.front() == '#') return {};
  for (std::size_t i = 1; i < raw.size(); ++i) {
    if (raw[i] == '#' && std::isspace(static_cast<unsigned char>(raw[i - 1])) != 0) {
      return trim(raw.substr(0, i));
    }
  }
  return t;
}

std::optional<double> number(std::string_view s) {
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

// "# key: value" comment lines; empty when `raw` is not one.
std::optional<std::string_view> header(std::string_view raw, std::string_view key) {
  std::string_view t = trim(raw);
  if (t.empty() || t.front() != '#') return std::nullopt;
  t = trim(t.substr(1));
  if (t.substr(0, key.size()) != key || t.size() <= key.size() || t[key.size()] != ':') {
    return std::nullopt;
  }
  return trim(t.substr(key.size() + 1));
}

double speech_seconds(std::string_view text, int rate) {
  int words = 0;
  int sentences = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
    if (c == '.' || c == '?' || c == '!') ++sentences;
  }
  return 60.0 * words / rate + kSentencePauseS * std::max(0, sentences - 1) + 0.15;
}

std::int64_t ms(double s) {
  return std::llround(s * 1000.0);
}

struct Parser {
  std::string_view name;
  Dialogue d;
  std::array<int, 2> rate{kDefaultRate, kDefaultRate};
  double speech_end = 0;  // end of all speech so far, seconds
  std::optional<double> pending_gap;
  bool after_hold_or_pause = false;
  double hold_end = -1;

  tl::unexpected<Error> error(int lineno, const std::string& what) const {
    return fail(std::string(name) + ":" + std::to_string(lineno) + ": " + what);
  }

  void place(DialogueLine line, std::optional<double> overlap, std::optional<double> gap,
             int line_rate) {
    double start = 0;
    if (d.lines.empty() && hold_end < 0) {
      start = kLeadInS;
    } else if (hold_end >= 0) {
      start = hold_end;
      hold_end = -1;
    } else if (overlap) {
      start = std::max(d.lines.back().t_ms / 1000.0, d.lines.back().end_ms / 1000.0 - *overlap);
    } else {
      start = speech_end + (gap ? *gap : pending_gap ? *pending_gap : kGapS);
    }
    pending_gap.reset();
    const double end = start + speech_seconds(line.text, line_rate);
    line.t_ms = ms(start);
    line.end_ms = ms(end);
    speech_end = std::max(speech_end, end);
    d.lines.push_back(std::move(line));
  }

  Result<bool> speech(int lineno, std::string_view line) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      return error(lineno, "cannot parse; expected 'SPEAKER [tags]: text'");
    }
    std::string_view head = trim(line.substr(0, colon));
    const std::string_view text = trim(line.substr(colon + 1));
    const auto bracket = head.find('[');
    const std::string_view who = trim(head.substr(0, bracket));
    DialogueLine out;
    if (who == "agent") {
      out.speaker = Speaker::Agent;
    } else if (who == "caller") {
      out.speaker = Speaker::Caller;
    } else {
      return error(lineno, "unknown speaker '" + std::string(who) + "' (agent or caller)");
    }
    if (text.empty()) return error(lineno, "a spoken line needs text after the colon");
    out.text = std::string(text);
    out.source_line = lineno;
    std::optional<double> overlap;
    std::optional<double> gap;
    int extra_rate = 0;
    if (bracket != std::string_view::npos) {
      std::string tags(head.substr(bracket));
      std::replace_if(
          tags.begin(), tags.end(), [](char c) { return c == '[' || c == ']' || c == ','; }, ' ');
      std::istringstream in(tags);
      std::string tag;
      while (in >> tag) {
        if (tag == "calm") {
          out.arousal = Arousal::Calm;
        } else if (tag == "raised") {
          out.arousal = Arousal::Raised;
          extra_rate = 25;
        } else if (tag == "high") {
          out.arousal = Arousal::High;
          extra_rate = 50;
        } else if (tag == "esc") {
          out.esc = true;
        } else if (tag == "peak") {
          out.peak = true;
        } else if (tag == "backchannel") {
          out.backchannel = true;
        } else if (tag == "clipped") {
          out.clipped = true;
        } else if (tag.rfind("misstep=", 0) == 0) {
          out.misstep = tag.substr(8);
        } else if (tag.rfind("overlap=", 0) == 0 || tag.rfind("gap=", 0) == 0) {
          const auto eq = tag.find('=');
          const auto v = number(std::string_view(tag).substr(eq + 1));
          if (!v) return error(lineno, "'" + tag + "' needs a number of seconds");
          (tag[0] == 'o' ? overlap : gap) = *v;
        } else {
          return error(lineno, "unknown tag '" + tag + "'");
        }
      }
    }
    if (overlap && d.lines.empty()) return error(lineno, "the first line cannot overlap anything");
    const int line_rate = rate[static_cast<std::size_t>(out.speaker)] + extra_rate;
    place(std::move(out), overlap, gap, line_rate);
    return true;
  }

  Result<bool> hold(int lineno, std::string_view line) {
    // hold S [checkin@T: text]
    std::string_view rest = trim(line.substr(4));
    const auto space = rest.find(' ');
    const auto seconds = number(rest.substr(0, space));
    if (!seconds) return error(lineno, "expected 'hold SECONDS [checkin@T: TEXT]'");
    const double start = speech_end + kGapS;
    hold_end = start + *seconds;
    speech_end = hold_end;
    if (space != std::string_view::npos) {
      auto ok = checkin(lineno, trim(rest.substr(space)), start);
      if (!ok) return ok;
    }
    last_hold_start = start;
    return true;
  }

  Result<bool> checkin(int lineno, std::string_view text, double hold_start) {
    // checkin@T: text
    const auto colon = text.find(':');
    if (text.rfind("checkin@", 0) != 0 || colon == std::string_view::npos) {
      return error(lineno, "expected 'checkin@SECONDS: text'");
    }
    const auto at = number(trim(text.substr(8, colon - 8)));
    if (!at) return error(lineno, "check-in time must be a number of seconds");
    DialogueLine line;
    line.speaker = Speaker::Agent;
    line.text = std::string(trim(text.substr(colon + 1)));
    line.source_line = lineno;
    line.t_ms = ms(hold_start + *at);
    line.end_ms = ms(hold_start + *at + speech_seconds(line.text, rate[0]));
    d.lines.push_back(std::move(line));
    return true;
  }

  double last_hold_start = -1;
};

}  // namespace

const DialogueLine* Dialogue::escalation_start() const {
  for (const auto& l : lines) {
    if (l.esc) return &l;
  }
  return nullptr;
}

const DialogueLine* Dialogue::peak() const {
  for (const auto& l : lines) {
    if (l.peak) return &l;
  }
  return nullptr;
}

std::vector<Utterance> Dialogue::utterances() const {
  std::vector<Utterance> out;
  out.reserve(lines.size());
  for (const auto& l : lines) {
    Utterance u;
    u.speaker = l.speaker;
    u.t_ms = l.t_ms;
    u.end_ms = l.end_ms;
    u.words = spread_words(l.text, l.t_ms, l.end_ms);
    u.typed = true;  // written text, as a transcript file: capitals and "!" carry meaning
    out.push_back(std::move(u));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Utterance& a, const Utterance& b) { return a.end_ms < b.end_ms; });
  return out;
}

Result<Dialogue> parse_dialogue(std::string_view text, std::string_view name) {
  Parser p;
  p.name = name;
  std::string_view base = name;
  if (const auto slash = base.find_last_of('/'); slash != std::string_view::npos) {
    base.remove_prefix(slash + 1);
  }
  if (base.size() > 9 && base.substr(base.size() - 9) == ".dialogue") {
    base.remove_suffix(9);
  }
  p.d.name = std::string(base);
  int lineno = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    pos = nl + 1;
    ++lineno;
    if (const auto title = header(raw, "title"); title && p.d.title.empty()) {
      p.d.title = std::string(*title);
      continue;
    }
    if (const auto types = header(raw, "types")) {
      for (const std::string_view t : split(*types, ' ')) {
        std::string type(t);
        while (!type.empty() && type.back() == ',') type.pop_back();
        if (!type.empty()) p.d.types.push_back(type);
      }
      continue;
    }
    const std::string_view line = strip_comment(raw);
    if (line.empty()) continue;
    const std::string_view word = line.substr(0, line.find_first_of(" \t"));
    Result<bool> ok = true;
    if (word == "seed") {
      continue;
    } else if (word == "voice") {
      std::istringstream in{std::string(line)};
      std::string kw;
      std::string who;
      std::string voice;
      in >> kw >> who >> voice;
      if (who != "agent" && who != "caller") {
        return p.error(lineno, "expected 'voice agent|caller ESPEAK_VOICE [options]'");
      }
      std::string opt;
      while (in >> opt) {
        if (opt.rfind("rate=", 0) == 0) {
          const auto v = number(std::string_view(opt).substr(5));
          if (!v || *v < 80) return p.error(lineno, "rate must be a number of words a minute");
          p.rate[who == "agent" ? 0 : 1] = static_cast<int>(*v);
        }
      }
    } else if (word == "pause") {
      const auto v = number(trim(line.substr(5)));
      if (!v) return p.error(lineno, "expected 'pause SECONDS'");
      p.pending_gap = *v;
    } else if (word == "hold") {
      ok = p.hold(lineno, line);
    } else if (word.rfind("checkin@", 0) == 0) {
      if (p.last_hold_start < 0) return p.error(lineno, "'checkin@T:' must follow a 'hold' line");
      ok = p.checkin(lineno, line, p.last_hold_start);
    } else {
      ok = p.speech(lineno, line);
      p.last_hold_start = -1;
    }
    if (!ok) return tl::unexpected(ok.error());
  }
  if (p.d.lines.empty()) return p.error(0, "no spoken lines");
  p.d.duration_ms = ms(p.speech_end + 1.0);
  return std::move(p.d);
}

Result<Dialogue> load_dialogue(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(path.string() + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_dialogue(text.str(), path.string());
}

}  // namespace composure
