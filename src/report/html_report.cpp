#include "report/html_report.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <limits>
#include <optional>
#include <utility>

#include "core/timefmt.h"
#include "speech/transcript.h"
#include "understand/assessor.h"

namespace composure {
namespace {

// ---------------------------------------------------------------------------------------------
// Small text helpers

std::string fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  if (n < 0) return {};
  if (static_cast<std::size_t>(n) < sizeof buf)
    return std::string(buf, static_cast<std::size_t>(n));
  std::string out(static_cast<std::size_t>(n) + 1, '\0');
  va_start(args, format);
  std::vsnprintf(out.data(), out.size(), format, args);
  va_end(args);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string kind_label(EventKind k) {
  std::string s(to_string(k));
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// out += a + b + ..., without the temporaries.
void append(std::string& out, std::initializer_list<std::string_view> parts) {
  for (const std::string_view p : parts) out += p;
}

std::string clock(std::int64_t t_ms) {
  return format_clock(std::max<std::int64_t>(0, t_ms));
}

std::string joined(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Which events go where

// A text-frustration score over the scorer's own threshold reads like a cue.
bool scored_frustrated(const Event& e) {
  if (e.kind != EventKind::TextFrustration) return false;
  for (const auto& m : e.evidence.numbers) {
    if (m.name == "threshold") return e.strength >= m.value;
  }
  return false;
}

// Cues drawn as markers in the speakers' rows (judgements and guidance have rows of their own).
bool chart_cue(const Event& e) {
  if (e.kind == EventKind::TextFrustration) return scored_frustrated(e);
  if (e.kind >= EventKind::Frustration && e.kind <= EventKind::Stage) return false;
  if (e.kind >= EventKind::Suggestion) return false;
  return is_cue(e.kind);
}

bool is_guidance(EventKind k) {
  return k == EventKind::Suggestion || k == EventKind::Nudge || k == EventKind::KnowledgeCard ||
         k == EventKind::Escalation;
}

bool agent_misstep(EventKind k) {
  return k == EventKind::TriggerPhrase || k == EventKind::FormulaicApology ||
         k == EventKind::OverPromise || k == EventKind::SkippedValidation;
}

// Colour families of cues: voice, turn taking, the caller's words, the agent's missteps and the
// agent's repairs.
enum class Family { Voice, Turns, CallerWords, AgentMisstep, AgentRepair };

Family family(const Event& e) {
  if (e.kind <= EventKind::BackToBaseline) return Family::Voice;
  if (e.kind <= EventKind::HoldOverdue) return Family::Turns;
  if (agent_misstep(e.kind)) return Family::AgentMisstep;
  if (e.kind == EventKind::ValidatedFirst) return Family::AgentRepair;
  if (e.kind == EventKind::TextFrustration) return Family::CallerWords;
  return e.speaker == Speaker::Agent ? Family::AgentRepair : Family::CallerWords;
}

// How each family is drawn: marker colour, CSS class (transcript marks), legend label; in the
// order of the enum.
struct FamilyStyle {
  const char* colour;
  const char* css;
  const char* legend;
};
constexpr std::array<FamilyStyle, 5> kFamilyStyles = {{
    {"#7b1fa2", "voice", "voice"},
    {"#546e7a", "turns", "turn taking"},
    {"#e65100", "caller-words", "caller's words"},
    {"#c62828", "agent-misstep", "agent misstep"},
    {"#2e7d32", "agent-repair", "agent repair"},
}};

const FamilyStyle& style_of(Family f) {
  return kFamilyStyles[static_cast<std::size_t>(f)];
}
const char* family_colour(Family f) {
  return style_of(f).colour;
}
const char* family_class(Family f) {
  return style_of(f).css;
}

constexpr const char* kAgentColour = "#1f6fb2";
constexpr const char* kCallerColour = "#d2561e";

const char* speaker_colour(Speaker s) {
  return s == Speaker::Agent ? kAgentColour : kCallerColour;
}

// What a guidance event says, one line: "technique: text".
std::string guidance_line(const Event& e) {
  std::string out = kind_label(e.kind);
  if (!e.label.empty()) out += " (" + e.label + ")";
  out += ": ";
  out += e.evidence.text;
  if (!e.because.empty()) out += " [because " + joined(e.because, ", ") + "]";
  return out;
}

// The hover text of an event: when, who, what and the evidence.
std::string hover(const Event& e) {
  if (is_guidance(e.kind)) return clock(e.t_ms) + " " + guidance_line(e);
  std::string out =
      clock(e.t_ms) + " " + std::string(to_string(e.speaker)) + " " + kind_label(e.kind);
  if (!e.label.empty()) out += " (" + e.label + ")";
  out += fmt(", strength %.2f: ", static_cast<double>(e.strength));
  out += e.evidence.text;
  return out;
}

// ---------------------------------------------------------------------------------------------
// What the report is drawn from

struct Line {
  Speaker speaker = Speaker::Caller;
  std::int64_t t_ms = 0;
  std::int64_t end_ms = 0;
  std::vector<Word> words;
};

struct Model {
  ReportCall call;
  std::int64_t duration_ms = 1000;
  std::vector<Event> events;  // by start time
  // Caller frustration: once a second (offline), or at each band change (stored events).
  bool per_second = false;
  std::vector<std::pair<std::int64_t, float>> frustration;
  bool offline = false;
  std::array<std::vector<VoicePoint>, 2> voice;
  std::vector<Line> lines;
  AssessorSettings bands;
  std::string caller_type = "none";
  float caller_type_confidence = 0;
  std::string caller_type_evidence;
  float peak = 0;
  std::int64_t peak_ms = 0;
  std::string peak_band = "calm";

  bool has_voice() const { return !voice[0].empty() || !voice[1].empty(); }
  int count(EventKind k) const {
    return static_cast<int>(
        std::count_if(events.begin(), events.end(), [k](const Event& e) { return e.kind == k; }));
  }
};

Model model_from_events(const ReportCall& call, const std::vector<Event>& events) {
  Model m;
  m.call = call;
  m.events = events;
  std::stable_sort(m.events.begin(), m.events.end(),
                   [](const Event& a, const Event& b) { return a.t_ms < b.t_ms; });
  std::int64_t end = 0;
  for (const Event& e : m.events) end = std::max({end, e.t_ms, e.end_ms});
  m.duration_ms = std::max<std::int64_t>(1000, call.duration_ms > 0 ? call.duration_ms : end);
  m.frustration.emplace_back(0, 0.0F);
  for (const Event& e : m.events) {
    if (e.kind == EventKind::FrustrationLevel) {
      m.frustration.emplace_back(e.t_ms, e.strength);  // the trend between band changes
    } else if (e.kind == EventKind::Frustration) {
      m.frustration.emplace_back(e.t_ms, e.strength);
      if (e.strength > m.peak) {
        m.peak = e.strength;
        m.peak_ms = e.t_ms;
        m.peak_band = e.label;
      }
    } else if (e.kind == EventKind::CallerType) {
      m.caller_type = e.label;
      m.caller_type_confidence = e.strength;
      m.caller_type_evidence = e.evidence.text;
    } else if (e.kind == EventKind::Utterance) {
      Line line;
      line.speaker = e.speaker;
      line.t_ms = e.t_ms;
      line.end_ms = e.end_ms;
      line.words = spread_words(e.evidence.text, e.t_ms, e.end_ms);
      m.lines.push_back(std::move(line));
    }
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Marking the cues in the transcript

std::string token_key(std::string_view word) {
  std::string out;
  for (const char c : word) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '\'') out += static_cast<char>(std::tolower(u));
  }
  return out;
}

// The lexicon phrase a word cue names: '... "words" (anger: fed up; stronger for ...)'.
std::vector<std::string> cue_phrase(const std::string& evidence) {
  std::vector<std::string> tokens;
  const auto quote_end = evidence.find("\" (");
  if (quote_end == std::string::npos) return tokens;
  const auto colon = evidence.find(": ", quote_end);
  if (colon == std::string::npos) return tokens;
  const auto stop = evidence.find_first_of(";)", colon);
  const std::string phrase =
      evidence.substr(colon + 2, stop == std::string::npos ? std::string::npos : stop - colon - 2);
  std::size_t pos = 0;
  while (pos < phrase.size()) {
    const auto space = phrase.find(' ', pos);
    const auto word =
        token_key(phrase.substr(pos, space == std::string::npos ? space : space - pos));
    if (!word.empty()) tokens.push_back(word);
    if (space == std::string::npos) break;
    pos = space + 1;
  }
  return tokens;
}

// The words of `line` a word cue rests on: by their times when those are the recogniser's or the
// transcript's own, else the cue's phrase nearest its time, else the words its span overlaps.
std::optional<std::pair<std::size_t, std::size_t>> cue_words(const Line& line, const Event& e) {
  const auto& w = line.words;
  if (w.empty()) return std::nullopt;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i].t_ms != e.t_ms) continue;
    for (std::size_t j = i; j < w.size(); ++j) {
      if (w[j].end_ms == e.end_ms) return std::make_pair(i, j);
    }
  }
  const auto phrase = cue_phrase(e.evidence.text);
  if (!phrase.empty() && phrase.size() <= w.size()) {
    std::optional<std::pair<std::size_t, std::size_t>> best;
    std::int64_t best_gap = std::numeric_limits<std::int64_t>::max();
    for (std::size_t i = 0; i + phrase.size() <= w.size(); ++i) {
      bool same = true;
      for (std::size_t k = 0; k < phrase.size() && same; ++k) {
        same = token_key(w[i + k].text) == phrase[k];
      }
      const std::int64_t gap = std::llabs(w[i].t_ms - e.t_ms);
      if (same && gap < best_gap) {
        best_gap = gap;
        best = std::make_pair(i, i + phrase.size() - 1);
      }
    }
    if (best) return best;
  }
  std::optional<std::pair<std::size_t, std::size_t>> span;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i].t_ms < e.end_ms && w[i].end_ms > e.t_ms) {
      if (!span) span = std::make_pair(i, i);
      span->second = i;
    }
  }
  return span;
}

// ---------------------------------------------------------------------------------------------
// The chart

constexpr double kWidth = 1200;
constexpr double kLeft = 158;  // lane labels and ticks
constexpr double kRight = 16;
constexpr double kPlotW = kWidth - kLeft - kRight;
constexpr double kGap = 10;

struct Chart {
  const Model& m;
  std::string svg;
  double y = 6;  // top of the next lane

  double x(std::int64_t t_ms) const {
    const double f = static_cast<double>(std::clamp<std::int64_t>(t_ms, 0, m.duration_ms)) /
                     static_cast<double>(m.duration_ms);
    return kLeft + f * kPlotW;
  }

  void lane_frame(double top, double h, const std::string& label, const std::string& sub = {}) {
    svg += fmt(R"(<rect class="lane" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>)", kLeft, top,
               kPlotW, h);
    const double mid = top + h / 2 + (sub.empty() ? 4 : -2);
    svg += fmt(R"(<text class="lane-label" x="2" y="%.1f">)", mid) + html_escape(label) + "</text>";
    if (!sub.empty()) {
      svg +=
          fmt(R"(<text class="lane-sub" x="2" y="%.1f">)", mid + 14) + html_escape(sub) + "</text>";
    }
  }

  void note(double top, double h, const std::string& text) {
    svg += fmt(R"(<text class="note" x="%.1f" y="%.1f">)", kLeft + kPlotW / 2, top + h / 2 + 4) +
           html_escape(text) + "</text>";
  }

  void stages() {
    const double h = 22;
    lane_frame(y, h, "Stage");
    std::vector<const Event*> changes;
    for (const Event& e : m.events) {
      if (e.kind == EventKind::Stage) changes.push_back(&e);
    }
    std::int64_t from = 0;
    std::string label = "opening";
    std::string why = "the call starts in its opening";
    for (std::size_t i = 0; i <= changes.size(); ++i) {
      const std::int64_t to = i < changes.size() ? changes[i]->t_ms : m.duration_ms;
      if (to > from) {
        const double x0 = x(from);
        const double x1 = x(to);
        std::string title = format_span(from, to);
        append(title, {" ", label, ": ", why});
        append(svg, {"<g class=\"stage stage-", html_escape(label), "\"><title>",
                     html_escape(title), "</title>",
                     fmt(R"(<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>)", x0, y,
                         std::max(0.5, x1 - x0), h)});
        if (x1 - x0 > 60) {
          append(svg, {fmt(R"(<text x="%.1f" y="%.1f">)", x0 + 5, y + 15), html_escape(label),
                       "</text>"});
        }
        svg += "</g>";
      }
      if (i < changes.size()) {
        from = changes[i]->t_ms;
        label = changes[i]->label;
        why = changes[i]->evidence.text;
      }
    }
    y += h + kGap;
  }

  void frustration() {
    const double h = 150;
    const double top = y;
    lane_frame(top, h, "Caller frustration",
               m.per_second ? "0 to 1, each second" : "stored readings");
    const auto vy = [&](double v) { return top + h * (1.0 - std::clamp(v, 0.0, 1.0)); };
    const std::array<double, 5> edges = {0, m.bands.tense_at, m.bands.frustrated_at,
                                         m.bands.angry_at, 1};
    const std::array<const char*, 4> names = {"calm", "tense", "frustrated", "angry"};
    for (std::size_t b = 0; b < 4; ++b) {
      svg += fmt(R"(<rect class="band band-%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>)",
                 names[b], kLeft, vy(edges[b + 1]), kPlotW, vy(edges[b]) - vy(edges[b + 1]));
      svg += fmt(R"(<text class="band-label" x="%.1f" y="%.1f">%s</text>)", kLeft + kPlotW - 6,
                 vy(edges[b + 1]) + 13, names[b]);
      if (b > 0) {
        svg += fmt(R"(<text class="tick" x="%.1f" y="%.1f">%.2f</text>)", kLeft - 4,
                   vy(edges[b]) + 4, edges[b]);
      }
    }
    std::string d;
    if (m.per_second) {
      for (std::size_t i = 0; i < m.frustration.size(); ++i) {
        d += fmt("%s%.1f %.1f", i == 0 ? "M" : " L", x(m.frustration[i].first),
                 vy(m.frustration[i].second));
      }
    } else {
      // Only the stored readings are known: hold each level until the next change.
      for (std::size_t i = 0; i < m.frustration.size(); ++i) {
        const double px = x(m.frustration[i].first);
        const double py = vy(m.frustration[i].second);
        d += i == 0 ? fmt("M%.1f %.1f", px, py) : fmt(" H%.1f V%.1f", px, py);
      }
      d += fmt(" H%.1f", x(m.duration_ms));
    }
    svg += R"(<path class="frustration" d=")" + d + "\"><title>" +
           html_escape(fmt("caller frustration; peak %.2f (%s) at ", static_cast<double>(m.peak),
                           m.peak_band.c_str()) +
                       clock(m.peak_ms)) +
           "</title></path>";
    if (m.peak > 0) {
      svg += "<g class=\"peak\"><title>" +
             html_escape(fmt("peak frustration %.2f (%s) at ", static_cast<double>(m.peak),
                             m.peak_band.c_str()) +
                         clock(m.peak_ms)) +
             "</title>" +
             fmt(R"(<circle cx="%.1f" cy="%.1f" r="4.5"/>)", x(m.peak_ms), vy(m.peak)) + "</g>";
    }
    for (const Event& e : m.events) {
      if (e.kind != EventKind::EscalationWarning) continue;
      const double px = x(e.t_ms);
      svg += "<g class=\"marker warning\"><title>" + html_escape(hover(e)) + "</title>" +
             fmt(R"(<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>)", px, top + 10, px, top + h) +
             fmt(R"(<path d="M%.1f %.1f L%.1f %.1f L%.1f %.1f Z"/>)", px - 6, top + 1, px + 6,
                 top + 1, px, top + 11) +
             "</g>";
    }
    y += h + kGap;
  }

  // One speaker's values as a line that breaks where they were silent (gaps over `max_gap_ms`);
  // `smooth`: each point the median of itself and its neighbours on the line (3 s).
  std::string trace_path(const std::vector<VoicePoint>& points, float VoicePoint::*field,
                         const std::function<double(double)>& vy, std::int64_t max_gap_ms,
                         bool smooth) const {
    const auto joined_to_previous = [&](std::size_t i) {
      return i > 0 && points[i - 1].*field != 0 && points[i].*field != 0 &&
             points[i].t_ms - points[i - 1].t_ms <= max_gap_ms;
    };
    std::string d;
    for (std::size_t i = 0; i < points.size(); ++i) {
      const float v = points[i].*field;
      if (v == 0) continue;
      float shown = v;
      if (smooth) {
        const bool has_previous = joined_to_previous(i);
        const bool has_next = i + 1 < points.size() && joined_to_previous(i + 1);
        const float previous = has_previous ? points[i - 1].*field : v;
        const float next = has_next ? points[i + 1].*field : v;
        if (has_previous && has_next) {
          shown = std::max(std::min(previous, v), std::min(std::max(previous, v), next));
        } else if (has_previous || has_next) {
          shown = (v + (has_previous ? previous : next)) / 2;
        }
      }
      d += fmt("%s%.1f %.1f",
               d.empty()               ? "M"
               : joined_to_previous(i) ? " L"
                                       : " M",
               x(points[i].t_ms + 500), vy(shown));
    }
    return d;
  }

  // Loudness (dBFS, linear) or pitch (Hz, on a semitone scale) of both speakers, each with their
  // baseline dashed, and the episodes the tracker found shaded.
  void voice_lane(bool pitch) {
    const std::string label = pitch ? "Pitch" : "Loudness";
    const std::string unit = pitch ? "Hz, 3 s medians" : "dBFS, 3 s medians";
    if (!m.has_voice()) {
      const double h = 34;
      lane_frame(y, h, label, pitch ? "Hz" : "dBFS");
      note(y, h,
           m.offline ? "no audio: the words alone were analysed"
                     : "no voice trace: stored events keep only the cues (see the markers below)");
      y += h + kGap;
      return;
    }
    const double h = 110;
    const double top = y;
    lane_frame(top, h, label, unit);
    const auto scale = [pitch](double v) { return pitch ? 12.0 * std::log2(v / 100.0) : v; };
    double lo = 1e9;
    double hi = -1e9;
    for (const auto& pts : m.voice) {
      for (const VoicePoint& p : pts) {
        for (const float v : pitch ? std::array{p.f0_hz, p.baseline_f0_hz}
                                   : std::array{p.level_db, p.baseline_level_db}) {
          if (v == 0) continue;
          lo = std::min(lo, scale(v));
          hi = std::max(hi, scale(v));
        }
      }
    }
    lo -= pitch ? 1 : 2;
    hi += pitch ? 1 : 2;
    if (hi - lo < 6) hi = lo + 6;
    const auto vy = [&](double v) { return top + h - 4 - (h - 8) * (scale(v) - lo) / (hi - lo); };
    // Ticks: every 5 or 10 dB; a few round frequencies.
    std::vector<double> ticks;
    if (pitch) {
      for (const double hz : {50.0, 75.0, 100.0, 150.0, 200.0, 300.0, 400.0, 600.0}) {
        if (scale(hz) >= lo && scale(hz) <= hi) ticks.push_back(hz);
      }
    } else {
      const double step = hi - lo > 30 ? 10 : 5;
      for (double v = std::ceil(lo / step) * step; v <= hi; v += step) ticks.push_back(v);
    }
    for (const double t : ticks) {
      svg += fmt(R"(<line class="grid-h" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>)", kLeft, vy(t),
                 kLeft + kPlotW, vy(t));
      svg += fmt(R"(<text class="tick" x="%.1f" y="%.1f">%.0f</text>)", kLeft - 4, vy(t) + 4, t);
    }
    const EventKind episode = pitch ? EventKind::PitchRising : EventKind::RaisedVoice;
    for (const Event& e : m.events) {
      if (e.kind != episode) continue;
      const double x0 = x(e.t_ms);
      const double x1 = std::max(x0 + 3, x(e.end_ms));
      svg += fmt(R"(<g class="episode"><title>)") + html_escape(hover(e)) + "</title>" +
             fmt(R"(<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>)", x0, top,
                 x1 - x0, h, speaker_colour(e.speaker)) +
             "</g>";
    }
    for (const Speaker s : {Speaker::Agent, Speaker::Caller}) {
      const auto& pts = m.voice[static_cast<std::size_t>(s)];
      if (pts.empty()) continue;
      const auto value = pitch ? &VoicePoint::f0_hz : &VoicePoint::level_db;
      const auto base = pitch ? &VoicePoint::baseline_f0_hz : &VoicePoint::baseline_level_db;
      const std::string who(to_string(s));
      svg += fmt(R"(<path class="baseline %s" stroke="%s" d=")", who.c_str(), speaker_colour(s)) +
             trace_path(pts, base, vy, std::numeric_limits<std::int64_t>::max() / 4, false) +
             "\"><title>" +
             html_escape(who + " baseline: the median of their earlier voiced speech") +
             "</title></path>";
      svg += fmt(R"(<path class="voice %s" stroke="%s" d=")", who.c_str(), speaker_colour(s)) +
             trace_path(pts, value, vy, 2000, true) + "\"><title>" +
             html_escape(who + (pitch ? " pitch" : " loudness") +
                         ": median of the voiced speech in each second, then of 3 seconds") +
             "</title></path>";
    }
    y += h + kGap;
  }

  // Markers in a row, stacked in up to three tiers where they would overlap.
  struct Packer {
    std::array<double, 3> last{-1e9, -1e9, -1e9};
    int place(double px) {
      for (std::size_t i = 0; i < last.size(); ++i) {
        if (px - last[i] >= 11) {
          last[i] = px;
          return static_cast<int>(i);
        }
      }
      const auto it = std::min_element(last.begin(), last.end());
      *it = px;
      return static_cast<int>(it - last.begin());
    }
  };

  static std::string glyph(const std::string& shape, double cx, double cy, const char* colour,
                           bool hollow) {
    const std::string paint = hollow ? fmt(R"(fill="#fff" stroke="%s" stroke-width="2")", colour)
                                     : fmt(R"(fill="%s")", colour);
    if (shape == "up") {
      return fmt(R"(<path d="M%.1f %.1f L%.1f %.1f L%.1f %.1f Z" )", cx, cy - 6, cx + 6, cy + 5,
                 cx - 6, cy + 5) +
             paint + "/>";
    }
    if (shape == "down") {
      return fmt(R"(<path d="M%.1f %.1f L%.1f %.1f L%.1f %.1f Z" )", cx - 6, cy - 5, cx + 6, cy - 5,
                 cx, cy + 6) +
             paint + "/>";
    }
    if (shape == "diamond") {
      return fmt(R"(<path d="M%.1f %.1f L%.1f %.1f L%.1f %.1f L%.1f %.1f Z" )", cx, cy - 7, cx + 7,
                 cy, cx, cy + 7, cx - 7, cy) +
             paint + "/>";
    }
    if (shape == "square") {
      return fmt(R"(<rect x="%.1f" y="%.1f" width="10" height="10" )", cx - 5, cy - 5) + paint +
             "/>";
    }
    return fmt(R"(<circle cx="%.1f" cy="%.1f" r="5" )", cx, cy) + paint + "/>";
  }

  void cue_row(Speaker who) {
    const double h = 40;
    lane_frame(y, h, who == Speaker::Caller ? "Caller cues" : "Agent cues");
    Packer packer;
    for (const Event& e : m.events) {
      if (!chart_cue(e) || e.speaker != who) continue;
      const double px = x(e.t_ms);
      const int tier = packer.place(px);
      const Family f = family(e);
      svg += "<g class=\"marker cue " + std::string(family_class(f)) + "\" data-type=\"" +
             std::string(to_string(e.kind)) + "\"><title>" + html_escape(hover(e)) + "</title>" +
             glyph("circle", px, y + 8 + 12.0 * tier, family_colour(f),
                   e.kind == EventKind::BackToBaseline) +
             "</g>";
    }
    y += h + kGap;
  }

  void guidance_row() {
    const double h = 40;
    lane_frame(y, h, "Guidance");
    Packer packer;
    for (const Event& e : m.events) {
      if (!is_guidance(e.kind)) continue;
      const double px = x(e.t_ms);
      const double cy = y + 8 + 12.0 * packer.place(px);
      std::string cls;
      std::string shape;
      const char* colour = "#2e7d32";
      switch (e.kind) {
        case EventKind::Suggestion:
          cls = "suggestion";
          shape = "up";
          break;
        case EventKind::Nudge:
          cls = "nudge";
          shape = "down";
          colour = "#c77700";
          break;
        case EventKind::Escalation:
          cls = "escalation";
          shape = "diamond";
          colour = "#b71c1c";
          break;
        default:
          cls = "card";
          shape = "square";
          colour = "#1565c0";
          break;
      }
      svg += "<g class=\"marker " + cls + "\"><title>" + html_escape(hover(e)) + "</title>" +
             glyph(shape, px, cy, colour, false) + "</g>";
    }
    y += h + kGap;
  }

  void axis(double chart_top) {
    const std::array<std::int64_t, 9> steps = {5, 10, 15, 30, 60, 120, 300, 600, 1800};
    std::int64_t step = steps.back() * 1000;
    for (const std::int64_t s : steps) {
      if (m.duration_ms / (s * 1000) <= 12) {
        step = s * 1000;
        break;
      }
    }
    std::string grid;
    for (std::int64_t t = 0; t <= m.duration_ms; t += step) {
      const double px = x(t);
      grid += fmt(R"(<line class="grid-v" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>)", px,
                  chart_top, px, y);
      std::string text = clock(t);
      if (text.size() > 2 && text.substr(text.size() - 2) == ".0") text.resize(text.size() - 2);
      svg += fmt(R"(<text class="axis" x="%.1f" y="%.1f">)", px, y + 10) + text + "</text>";
    }
    svg = grid + svg;  // grid lines under everything
    y += 18;
  }
};

std::string render_chart(const Model& m) {
  Chart c{m, {}};
  const double top = c.y;
  c.stages();
  c.frustration();
  c.voice_lane(false);
  c.voice_lane(true);
  c.cue_row(Speaker::Caller);
  c.cue_row(Speaker::Agent);
  c.guidance_row();
  c.axis(top);
  return fmt(R"(<svg class="timeline" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">)", kWidth,
             c.y,
             "Timeline: stage, caller frustration, loudness and pitch of both speakers, cues and "
             "guidance") +
         c.svg + "</svg>";
}

// ---------------------------------------------------------------------------------------------
// The page

constexpr std::string_view kStyle = R"(
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1d2125;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}
main{max-width:1260px;margin:0 auto;padding:22px 20px 40px}
h1{font-size:24px;margin:0 0 2px}
h2{font-size:18px;margin:0 0 10px}
.source{color:#59636e;margin:0 0 16px}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:10px;margin:0 0 18px}
.fact{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:10px 12px}
.fact b{display:block;font-size:21px;line-height:1.25}
.fact span{display:block;color:#59636e;font-size:13px}
.fact small{display:block;color:#59636e;font-size:12.5px;margin-top:2px}
section{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:14px 16px;margin:0 0 18px}
svg.timeline{display:block;width:100%;height:auto;font:12px system-ui,"DejaVu Sans",Arial,sans-serif}
svg .lane{fill:#fff;stroke:#c9ced6}
svg .lane-label{font-weight:600;fill:#2d333a}
svg .lane-sub{fill:#6b7580;font-size:11px}
svg .tick{text-anchor:end;fill:#6b7580;font-size:10.5px}
svg .axis{text-anchor:middle;fill:#4b545e;font-size:11px}
svg .note{text-anchor:middle;fill:#6b7580;font-style:italic}
svg .grid-v{stroke:#e6e9ed}
svg .grid-h{stroke:#eef0f3}
svg .band-calm{fill:#e6f4ea}
svg .band-tense{fill:#fff6d6}
svg .band-frustrated{fill:#ffe2c2}
svg .band-angry{fill:#fdd4d4}
svg .band-label{text-anchor:end;fill:#7a848e;font-size:11px}
svg .frustration{fill:none;stroke:#b3261e;stroke-width:2.4;stroke-linejoin:round}
svg .peak circle{fill:#b3261e;stroke:#fff;stroke-width:1.5}
svg .warning line{stroke:#b3261e;stroke-width:1.5;stroke-dasharray:4 3}
svg .warning path{fill:#b3261e}
svg .voice{fill:none;stroke-width:1.8;stroke-linejoin:round}
svg .baseline{fill:none;stroke-width:1.4;stroke-dasharray:6 4;opacity:.75}
svg .episode rect{opacity:.13}
svg .stage rect{stroke:#fff}
svg .stage text{fill:#2d333a;font-size:11.5px}
svg .stage-opening rect{fill:#e3e7eb}
svg .stage-venting rect{fill:#ffd0bf}
svg .stage-discovery rect{fill:#ddd3f0}
svg .stage-resolution rect{fill:#cfe8d2}
svg .stage-closing rect{fill:#c9e6f5}
svg .marker{cursor:help}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:10px 0 0;padding:0;list-style:none;font-size:13px;color:#3d454d}
.sw{display:inline-block;width:12px;height:12px;border-radius:50%;vertical-align:-1px;margin-right:5px}
.sw.line{border-radius:0;height:3px;width:18px;vertical-align:3px}
.sw.dash{border-radius:0;height:0;width:18px;border-top:2px dashed;vertical-align:3px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid #eceff2}
th{font-size:13px;color:#59636e;font-weight:600}
td.t{white-space:nowrap;font-variant-numeric:tabular-nums;color:#3d454d}
td.k{white-space:nowrap;font-weight:600}
.because{color:#59636e;font-size:13px}
.none{color:#6b7580;font-style:italic}
.transcript .line{display:grid;grid-template-columns:64px 58px 1fr;gap:8px;padding:5px 0;border-bottom:1px solid #f0f2f4}
.transcript .t{color:#59636e;font-variant-numeric:tabular-nums}
.transcript .who{font-weight:600}
.who.agent{color:#1f6fb2}
.who.caller{color:#c2410c}
mark{border-radius:3px;padding:0 2px;background:#ffe08a;color:inherit}
mark.caller-words{background:#ffd8a8}
mark.agent-misstep{background:#ffcdd2}
mark.agent-repair{background:#cdeccf}
.tag{display:inline-block;font-size:12px;border-radius:3px;padding:0 6px;margin:0 0 0 6px;background:#efe7f7;color:#5b1f8a;white-space:nowrap}
.tag.turns{background:#e6ebee;color:#37474f}
.tag.agent-repair{background:#dff0e0;color:#1b5e20}
.tag.agent-misstep{background:#fbe0e0;color:#a31515}
@media print{
  @page{size:A4 landscape;margin:11mm}
  body{background:#fff;font-size:12.5px}
  main{max-width:none;padding:0}
  section,.fact{border-color:#bbb}
  tr,.transcript .line,svg.timeline{break-inside:avoid}
  h2{break-after:avoid}
}
)";

std::string fact(const std::string& value, const std::string& what, const std::string& more = {}) {
  std::string out =
      "<div class=\"fact\"><span>" + html_escape(what) + "</span><b>" + html_escape(value) + "</b>";
  if (!more.empty()) out += "<small>" + html_escape(more) + "</small>";
  return out + "</div>";
}

std::string header(const Model& m) {
  std::string out = "<header><h1>Call report: " + html_escape(m.call.title) + "</h1>";
  std::string source = m.call.source;
  if (!m.offline) {
    if (!source.empty()) source += "; ";
    source += "from the stored events";
  }
  if (!source.empty()) out += "<p class=\"source\">" + html_escape(source) + "</p>";
  out += "<div class=\"facts\">";
  out += fact(clock(m.duration_ms), "Call length");
  out += fact(m.caller_type, "Caller type at the end",
              m.caller_type == "none"
                  ? std::string("no type had enough evidence")
                  : fmt("confidence %.2f", static_cast<double>(m.caller_type_confidence)));
  out += fact(fmt("%.2f %s", static_cast<double>(m.peak), m.peak_band.c_str()), "Peak frustration",
              m.peak > 0 ? "at " + clock(m.peak_ms) : std::string("the caller stayed calm"));
  const int warnings = m.count(EventKind::EscalationWarning);
  std::string first_warning;
  for (const Event& e : m.events) {
    if (e.kind == EventKind::EscalationWarning) {
      first_warning = "first at " + clock(e.t_ms);
      break;
    }
  }
  out += fact(std::to_string(warnings), "Escalation warnings", first_warning);
  out += fact(
      std::to_string(m.count(EventKind::Suggestion)), "Suggestions shown",
      fmt("%d nudges, %d cards", m.count(EventKind::Nudge), m.count(EventKind::KnowledgeCard)));
  std::vector<std::string> labels;
  for (const Event& e : m.events) {
    if (e.kind == EventKind::Escalation &&
        std::find(labels.begin(), labels.end(), e.label) == labels.end()) {
      labels.push_back(e.label);
    }
  }
  out += fact(std::to_string(m.count(EventKind::Escalation)), "Escalations", joined(labels, ", "));
  return out + "</div></header>";
}

std::string legend() {
  const auto item = [](const std::string& swatch, const std::string& text) {
    return "<li>" + swatch + html_escape(text) + "</li>";
  };
  const auto dot = [](const char* colour, const std::string& extra = {}) {
    return fmt(R"(<span class="sw%s" style="background:%s;color:%s"></span>)", extra.c_str(),
               colour, colour);
  };
  std::string out = "<ul class=\"legend\">";
  out += item(dot("#b3261e", " line"), "caller frustration");
  out += item(dot(kAgentColour, " line"), "agent");
  out += item(dot(kCallerColour, " line"), "caller");
  out += item(R"(<span class="sw dash" style="color:#59636e"></span>)", "own baseline");
  for (const FamilyStyle& f : kFamilyStyles) out += item(dot(f.colour), f.legend);
  out += item(
      "<span class=\"sw\" style=\"background:#2e7d32;border-radius:0;clip-path:polygon(50% "
      "0,100% 100%,0 100%)\"></span>",
      "suggestion");
  out += item(
      "<span class=\"sw\" style=\"background:#c77700;border-radius:0;clip-path:polygon(0 "
      "0,100% 0,50% 100%)\"></span>",
      "nudge");
  out += item(
      "<span class=\"sw\" style=\"background:#b71c1c;border-radius:0;transform:rotate("
      "45deg) scale(.8)\"></span>",
      "escalation");
  out += item("<span class=\"sw\" style=\"background:#1565c0;border-radius:0\"></span>",
              "knowledge card");
  out += item(
      "<span class=\"sw\" style=\"background:#b3261e;border-radius:0;clip-path:polygon(0 "
      "0,100% 0,50% 100%)\"></span>",
      "escalation warning");
  return out + "</ul>";
}

std::string moves_section(const Model& m) {
  std::string rows;
  for (const Event& e : m.events) {
    std::string what;
    switch (e.kind) {
      case EventKind::CallerType:
        what = "caller type";
        break;
      case EventKind::Stage:
        what = "stage";
        break;
      case EventKind::Frustration:
        what = "frustration";
        break;
      case EventKind::EscalationWarning:
        what = "escalation warning";
        break;
      default:
        continue;
    }
    std::string label = e.label;
    if (e.kind == EventKind::CallerType) {
      label += fmt(" (%.2f)", static_cast<double>(e.strength));
    }
    if (e.kind == EventKind::Frustration) {
      label += fmt(" (%.2f)", static_cast<double>(e.strength));
    }
    rows += "<tr class=\"move " + html_escape(std::string(to_string(e.kind))) +
            "\"><td class=\"t\">" + clock(e.t_ms) + "</td><td class=\"k\">" + html_escape(what) +
            "</td><td>" + html_escape(label) + "</td><td>" + html_escape(e.evidence.text) +
            "</td></tr>";
  }
  std::string out = "<section id=\"moves\"><h2>Caller type, stage and frustration</h2>";
  if (rows.empty()) return out + "<p class=\"none\">No judgements were made.</p></section>";
  return out +
         "<table><thead><tr><th>time</th><th>what</th><th>now</th><th>why</th></tr></thead>"
         "<tbody>" +
         rows + "</tbody></table></section>";
}

std::string guidance_section(const Model& m) {
  std::string rows;
  for (const Event& e : m.events) {
    if (!is_guidance(e.kind)) continue;
    rows += "<tr class=\"guidance " + html_escape(std::string(to_string(e.kind))) +
            "\"><td class=\"t\">" + clock(e.t_ms) + "</td><td class=\"k\">" +
            html_escape(kind_label(e.kind)) + "</td><td>" + html_escape(e.label) + "</td><td>" +
            html_escape(e.evidence.text) + "</td><td class=\"because\">" +
            html_escape(joined(e.because, ", ")) + "</td></tr>";
  }
  std::string out = "<section id=\"guidance\"><h2>Guidance shown to the agent</h2>";
  if (rows.empty()) return out + "<p class=\"none\">No guidance was shown.</p></section>";
  return out +
         "<table><thead><tr><th>time</th><th>kind</th><th>technique</th><th>what it said</th>"
         "<th>because</th></tr></thead><tbody>" +
         rows + "</tbody></table></section>";
}

std::string cues_section(const Model& m) {
  std::string rows;
  for (const Event& e : m.events) {
    if (!chart_cue(e)) continue;
    rows += "<tr class=\"cue\"><td class=\"t\">" + clock(e.t_ms) + "</td><td class=\"who " +
            std::string(to_string(e.speaker)) + "\">" + std::string(to_string(e.speaker)) +
            "</td><td class=\"k\">" + html_escape(kind_label(e.kind)) + "</td><td class=\"t\">" +
            fmt("%.2f", static_cast<double>(e.strength)) + "</td><td>" +
            html_escape(e.evidence.text) + "</td></tr>";
  }
  std::string out = "<section id=\"cues\"><h2>Cues</h2>";
  if (rows.empty()) return out + "<p class=\"none\">No cues.</p></section>";
  return out +
         "<table><thead><tr><th>time</th><th>who</th><th>cue</th><th>strength</th>"
         "<th>evidence</th></tr></thead><tbody>" +
         rows + "</tbody></table></section>";
}

std::string transcript_section(const Model& m) {
  std::string out = "<section id=\"transcript\" class=\"transcript\"><h2>Transcript</h2>";
  if (m.lines.empty()) {
    return out + "<p class=\"none\">No words: the call was analysed from its voice alone.</p>" +
           "</section>";
  }
  // Each word cue belongs to the line of its speaker that holds its start.
  std::vector<std::vector<const Event*>> word_cues(m.lines.size());
  std::vector<std::vector<const Event*>> voice_cues(m.lines.size());
  for (const Event& e : m.events) {
    if (!chart_cue(e) || e.kind == EventKind::TextFrustration) continue;
    const bool words = is_word_cue(e.kind);
    for (std::size_t i = 0; i < m.lines.size(); ++i) {
      const Line& l = m.lines[i];
      if (l.speaker != e.speaker) continue;
      if (e.t_ms >= l.t_ms && e.t_ms <= l.end_ms) {
        (words ? word_cues : voice_cues)[i].push_back(&e);
        break;
      }
    }
  }
  for (std::size_t i = 0; i < m.lines.size(); ++i) {
    const Line& l = m.lines[i];
    const std::string who(to_string(l.speaker));
    // Per word, the cues resting on it; runs of words with the same cues share one <mark>.
    std::vector<std::vector<const Event*>> on(l.words.size());
    for (const Event* e : word_cues[i]) {
      const auto span = cue_words(l, *e);
      if (!span) continue;
      for (std::size_t w = span->first; w <= span->second; ++w) on[w].push_back(e);
    }
    std::string text;
    std::size_t w = 0;
    while (w < l.words.size()) {
      if (w > 0) text += ' ';
      if (on[w].empty()) {
        text += html_escape(l.words[w].text);
        ++w;
        continue;
      }
      std::size_t end = w;
      while (end + 1 < l.words.size() && on[end + 1] == on[w]) ++end;
      std::vector<std::string> titles;
      for (const Event* e : on[w]) titles.push_back(kind_label(e->kind) + ": " + e->evidence.text);
      std::string words;
      for (std::size_t k = w; k <= end; ++k) {
        if (k > w) words += ' ';
        words += l.words[k].text;
      }
      text += "<mark class=\"" + std::string(family_class(family(*on[w].front()))) + "\" title=\"" +
              html_escape(joined(titles, "\n")) + "\">" + html_escape(words) + "</mark>";
      w = end + 1;
    }
    for (const Event* e : voice_cues[i]) {
      text += "<span class=\"tag " + std::string(family_class(family(*e))) + "\" title=\"" +
              html_escape(hover(*e)) + "\">" + html_escape(kind_label(e->kind)) + "</span>";
    }
    append(out, {"<div class=\"line ", who, "\"><span class=\"t\">", clock(l.t_ms),
                 "</span><span class=\"who ", who, "\">", who, "</span><div class=\"words\">", text,
                 "</div></div>"});
  }
  return out + "</section>";
}

std::string render(const Model& m) {
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"generator\" content=\"composure\"><title>Call report: " +
      html_escape(m.call.title) + "</title><style>" + std::string(kStyle) +
      "</style></head><body><main>";
  page += header(m);
  page += "<section id=\"timeline\"><h2>Timeline</h2>" + render_chart(m) + legend() + "</section>";
  page += moves_section(m);
  page += guidance_section(m);
  page += cues_section(m);
  page += transcript_section(m);
  page += "</main></body></html>\n";
  return page;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7f) break;
        out += c;
    }
  }
  return out;
}

std::string render_html_report(const ReportCall& call, const std::vector<Event>& events) {
  return render(model_from_events(call, events));
}

std::string render_call_report(std::string_view call_id, const std::vector<Event>& events,
                               const CallTraces* traces) {
  ReportCall call;
  call.title = std::string(call_id);
  if (traces == nullptr) return render_html_report(call, events);
  call.duration_ms = traces->duration_ms;
  call.source = "from the server's store: its events and the call's voice and frustration traces";
  Model m = model_from_events(call, events);
  m.offline = true;  // the traces are whole: "no voice" now means the call had no audio
  if (!traces->frustration.empty()) {
    m.per_second = true;
    m.frustration.clear();
    for (std::size_t i = 0; i < traces->frustration.size(); ++i) {
      m.frustration.emplace_back(static_cast<std::int64_t>(i) * 1000, traces->frustration[i]);
    }
  }
  m.voice = traces->voice;
  return render(m);
}

std::string render_html_report(const ReportCall& call, const std::vector<Event>& events,
                               const CallSummary& summary, const std::vector<Utterance>* words) {
  ReportCall c = call;
  if (c.duration_ms <= 0) c.duration_ms = summary.duration_ms;
  Model m = model_from_events(c, events);
  m.offline = true;
  const AssessmentSummary& a = summary.assessment;
  if (!a.frustration_trace.empty()) {
    m.per_second = true;
    m.frustration.clear();
    for (std::size_t i = 0; i < a.frustration_trace.size(); ++i) {
      m.frustration.emplace_back(static_cast<std::int64_t>(i) * 1000, a.frustration_trace[i]);
    }
  }
  m.peak = a.peak_frustration;
  m.peak_ms = a.peak_frustration_ms;
  m.peak_band = std::string(to_string(a.peak_band));
  m.caller_type = std::string(to_string(a.caller_type));
  m.caller_type_confidence = a.caller_type_confidence;
  m.caller_type_evidence = a.caller_type_evidence;
  m.voice = summary.voice_trace;
  if (words != nullptr) {
    m.lines.clear();
    for (const Utterance& u : *words) {
      if (u.words.empty()) continue;
      m.lines.push_back(Line{u.speaker, u.t_ms, u.end_ms, u.words});
    }
    std::stable_sort(m.lines.begin(), m.lines.end(),
                     [](const Line& x, const Line& y) { return x.t_ms < y.t_ms; });
  }
  return render(m);
}

}  // namespace composure
