#include "cli/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/timefmt.h"

namespace composure {
namespace {

double round_to(double v, double step) {
  return std::round(v / step) * step;
}

std::string label(EventKind k) {
  std::string s(to_string(k));
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// A text-frustration score over the scorer's own threshold reads like a cue on the timeline.
bool scored_frustrated(const Event& e) {
  if (e.kind != EventKind::TextFrustration) return false;
  for (const auto& m : e.evidence.numbers) {
    if (m.name == "threshold") return e.strength >= m.value;
  }
  return false;
}

// What a timeline line says: guidance shows its technique or decision and why.
std::string timeline_text(const Event& e) {
  std::string text = e.evidence.text;
  if (e.kind == EventKind::Suggestion || e.kind == EventKind::Nudge ||
      e.kind == EventKind::Escalation || e.kind == EventKind::KnowledgeCard) {
    text = e.label + ": " + text;
  }
  if (!e.because.empty()) {
    text += " [because ";
    for (std::size_t i = 0; i < e.because.size(); ++i) text += (i > 0 ? ", " : "") + e.because[i];
    text += "]";
  }
  return text;
}

std::string bar(float strength) {
  const int filled = std::clamp(static_cast<int>(std::lround(strength * 5)), 0, 5);
  std::string out;
  for (int i = 0; i < 5; ++i) out += i < filled ? "#" : ".";
  return out;
}

nlohmann::json speaker_json(const SpeakerSummary& s, std::int64_t duration_ms, bool two_party) {
  nlohmann::json j;
  j["speech_s"] = round_to(static_cast<double>(s.prosody.speech_ms) / 1000.0, 0.1);
  j["talk_share"] =
      duration_ms > 0
          ? round_to(static_cast<double>(s.prosody.speech_ms) / static_cast<double>(duration_ms),
                     0.001)
          : 0.0;
  j["median_level_dbfs"] = round_to(s.prosody.median_level_db, 0.1);
  j["median_f0_hz"] = round_to(s.prosody.median_f0_hz, 0.1);
  j["syllables_per_s"] = round_to(s.prosody.syllables_per_s, 0.01);
  j["spurts"] = s.turns.spurts;
  j["pauses"] = s.turns.pauses;
  j["mean_pause_s"] =
      s.turns.pauses > 0
          ? round_to(static_cast<double>(s.turns.pause_ms) / s.turns.pauses / 1000.0, 0.01)
          : 0.0;
  if (two_party) {
    j["turns"] = s.turns.turns;
    j["mean_response_latency_s"] = round_to(s.turns.mean_latency_s(), 0.01);
    j["talk_overs"] = s.turns.talk_overs;
    j["backchannels"] = s.turns.backchannels;
  }
  return j;
}

}  // namespace

nlohmann::json event_to_json(const Event& e) {
  nlohmann::json numbers = nlohmann::json::array();
  for (const auto& m : e.evidence.numbers) {
    numbers.push_back({{"name", m.name}, {"value", round_to(m.value, 0.001)}, {"unit", m.unit}});
  }
  nlohmann::json j = {{"t_ms", e.t_ms},
                      {"end_ms", e.end_ms},
                      {"speaker", std::string(to_string(e.speaker))},
                      {"type", std::string(to_string(e.kind))},
                      {"cue", is_cue(e.kind)},
                      {"strength", round_to(e.strength, 0.01)},
                      {"evidence", {{"text", e.evidence.text}, {"numbers", numbers}}}};
  if (!e.label.empty()) j["label"] = e.label;
  if (!e.because.empty()) j["because"] = e.because;
  if (!e.source.empty()) j["source"] = e.source;
  if (e.kind == EventKind::Suggestion || e.kind == EventKind::Nudge) {
    j["technique"] = e.label;
    j["text"] = e.evidence.text;
  }
  return j;
}

nlohmann::json brief_to_json(const HandoffBrief& b) {
  nlohmann::json timeline = nlohmann::json::array();
  for (const auto& m : b.timeline) timeline.push_back({{"t_ms", m.t_ms}, {"what", m.what}});
  return {
      {"at_ms", b.at_ms},           {"caller", b.caller},           {"wants", b.wants},
      {"asked_for", b.demands},     {"caller_type", b.caller_type}, {"frustration", b.frustration},
      {"trajectory", b.trajectory}, {"timeline", timeline},         {"tried", b.tried},
      {"account_facts", b.facts},   {"escalations", b.escalations}, {"do_not", b.avoid}};
}

nlohmann::json assessment_to_json(const AssessmentSummary& a) {
  nlohmann::json trace = nlohmann::json::array();
  for (const float v : a.frustration_trace) trace.push_back(round_to(v, 0.01));
  nlohmann::json scores = nlohmann::json::object();
  for (const TypeScore& t : a.type_scores) {
    if (t.score > 0) scores[std::string(to_string(t.type))] = round_to(t.score, 0.01);
  }
  return {
      {"caller_type", std::string(to_string(a.caller_type))},
      {"caller_type_confidence", round_to(a.caller_type_confidence, 0.01)},
      {"caller_type_evidence", a.caller_type_evidence},
      {"type_scores", scores},
      {"peak_frustration", round_to(a.peak_frustration, 0.01)},
      {"peak_frustration_s", round_to(static_cast<double>(a.peak_frustration_ms) / 1000.0, 0.1)},
      {"peak_band", std::string(to_string(a.peak_band))},
      {"final_band", std::string(to_string(a.final_band))},
      {"escalation_warnings", a.warnings},
      {"first_warning_s",
       a.first_warning_ms < 0
           ? nlohmann::json(nullptr)
           : nlohmann::json(round_to(static_cast<double>(a.first_warning_ms) / 1000.0, 0.1))},
      {"stage", std::string(to_string(a.stage))},
      {"frustration_per_s", trace}};
}

nlohmann::json summary_to_json(const CallSummary& s) {
  nlohmann::json j;
  j["duration_s"] = round_to(static_cast<double>(s.duration_ms) / 1000.0, 0.01);
  j["agent"] = speaker_json(s.speakers[static_cast<std::size_t>(Speaker::Agent)], s.duration_ms,
                            s.two_party);
  j["caller"] = speaker_json(s.speakers[static_cast<std::size_t>(Speaker::Caller)], s.duration_ms,
                             s.two_party);
  if (s.two_party) {
    j["overlap_s"] = round_to(static_cast<double>(s.turns.overlap_ms) / 1000.0, 0.1);
    j["holds"] = {{"count", s.turns.holds},
                  {"total_s", round_to(static_cast<double>(s.turns.hold_ms) / 1000.0, 0.1)},
                  {"longest_wait_s",
                   round_to(static_cast<double>(s.turns.longest_hold_wait_ms) / 1000.0, 0.1)},
                  {"check_ins", s.turns.hold_check_ins}};
    j["silences"] = {
        {"dead_air", s.turns.dead_air},
        {"tense", s.turns.tense_silences},
        {"longest_s", round_to(static_cast<double>(s.turns.longest_silence_ms) / 1000.0, 0.1)}};
  }
  nlohmann::json counts = nlohmann::json::object();
  for (int i = 0; i < kEventKindCount; ++i) {
    const auto kind = static_cast<EventKind>(i);
    if (is_cue(kind))
      counts[std::string(to_string(kind))] = s.event_counts[static_cast<std::size_t>(i)];
  }
  j["cues"] = counts;
  if (s.frames_dropped > 0) j["frames_dropped"] = s.frames_dropped;
  j["utterances"] = s.utterances;
  j["assessment"] = assessment_to_json(s.assessment);
  return j;
}

nlohmann::json call_to_json(const CallInfo& call, const std::vector<Event>& events,
                            const CallSummary& summary) {
  nlohmann::json j;
  j["call"] = {{"file", call.file},
               {"format", call.format},
               {"duration_ms", call.duration_ms},
               {"channels", call.mono ? "mono" : "stereo"},
               {"layout", call.layout},
               {"words", call.words.empty() ? "none" : call.words}};
  j["events"] = nlohmann::json::array();
  for (const auto& e : events) j["events"].push_back(event_to_json(e));
  j["summary"] = summary_to_json(summary);
  return j;
}

std::string render_timeline(const CallInfo& call, const std::vector<Event>& events,
                            const CallSummary& s, bool all_events) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%s  (%s, %s, %s)\n\n", call.file.c_str(), call.format.c_str(),
                format_clock(call.duration_ms).c_str(), call.layout.c_str());
  out += line;
  if (call.mono) {
    out +=
        "note: one channel only, analysed as one speaker; interruptions, turns, holds and\n"
        "      response times need the agent and the caller on separate channels.\n\n";
  }
  int shown = 0;
  out += "  time     who     cue               strength  evidence\n";
  for (const auto& e : events) {
    if (!all_events && !is_cue(e.kind) && !scored_frustrated(e)) continue;
    std::snprintf(line, sizeof line, "  %-8s %-7s %-17s %s     %s\n", format_clock(e.t_ms).c_str(),
                  std::string(to_string(e.speaker)).c_str(), label(e.kind).c_str(),
                  bar(e.strength).c_str(), timeline_text(e).c_str());
    out += line;
    ++shown;
  }
  if (shown == 0) out += "  (no cues: a calm call by the measures above)\n";

  out += "\nSummary\n";
  for (const Speaker sp : {Speaker::Agent, Speaker::Caller}) {
    const auto& ss = s.speakers[static_cast<std::size_t>(sp)];
    if (ss.prosody.speech_ms == 0 && (call.mono || ss.turns.spurts == 0)) continue;
    std::snprintf(
        line, sizeof line,
        "  %-6s  speaking %5.1f s (%2.0f%%), median %.1f dBFS, %.0f Hz, %.1f syllables/s,"
        " %d pauses\n",
        std::string(to_string(sp)).c_str(), static_cast<double>(ss.prosody.speech_ms) / 1000.0,
        s.duration_ms > 0
            ? 100.0 * static_cast<double>(ss.prosody.speech_ms) / static_cast<double>(s.duration_ms)
            : 0.0,
        static_cast<double>(ss.prosody.median_level_db),
        static_cast<double>(ss.prosody.median_f0_hz),
        static_cast<double>(ss.prosody.syllables_per_s), ss.turns.pauses);
    out += line;
    if (s.two_party) {
      std::snprintf(
          line, sizeof line,
          "          %d turns, answers in %.1f s on average, %d talk-overs, %d backchannels\n",
          ss.turns.turns, ss.turns.mean_latency_s(), ss.turns.talk_overs, ss.turns.backchannels);
      out += line;
    }
  }
  if (s.two_party && call.format != "transcript") {
    std::snprintf(line, sizeof line,
                  "  call    %d holds (%.0f s, longest wait %.0f s, %d check-ins), %d dead air, "
                  "%d tense silences, %.1f s of overlap\n",
                  s.turns.holds, static_cast<double>(s.turns.hold_ms) / 1000.0,
                  static_cast<double>(s.turns.longest_hold_wait_ms) / 1000.0,
                  s.turns.hold_check_ins, s.turns.dead_air, s.turns.tense_silences,
                  static_cast<double>(s.turns.overlap_ms) / 1000.0);
    out += line;
  }
  if (s.utterances > 0) {
    std::snprintf(line, sizeof line, "  words   %d utterances (%s)\n", s.utterances,
                  call.words.empty() ? "recognised" : call.words.c_str());
    out += line;
  }
  std::string cues;
  for (int i = 0; i < kEventKindCount; ++i) {
    const auto kind = static_cast<EventKind>(i);
    const int n = s.event_counts[static_cast<std::size_t>(i)];
    if (!is_cue(kind) || n == 0) continue;
    if (!cues.empty()) cues += ", ";
    cues += std::to_string(n) + " " + label(kind);
  }
  out += "  cues    " + (cues.empty() ? std::string("none") : cues) + "\n";
  const AssessmentSummary& a = s.assessment;
  std::snprintf(line, sizeof line,
                "  judged  caller type %s%s, peak frustration %.2f (%s) at %s, %d escalation "
                "warning%s, ended in %s\n",
                std::string(to_string(a.caller_type)).c_str(),
                a.caller_type == CallerType::None
                    ? ""
                    : (" (" + std::to_string(static_cast<int>(a.caller_type_confidence * 100)) +
                       "%: " + a.caller_type_evidence + ")")
                          .c_str(),
                static_cast<double>(a.peak_frustration),
                std::string(to_string(a.peak_band)).c_str(),
                format_clock(a.peak_frustration_ms).c_str(), a.warnings, a.warnings == 1 ? "" : "s",
                std::string(to_string(a.stage)).c_str());
  out += line;
  return out;
}

nlohmann::json transcript_to_json(const std::vector<Utterance>& utterances) {
  nlohmann::json segments = nlohmann::json::array();
  for (const auto& u : utterances) {
    nlohmann::json words = nlohmann::json::array();
    for (const auto& w : u.words) {
      words.push_back({{"word", w.text},
                       {"start", static_cast<double>(w.t_ms) / 1000.0},
                       {"end", static_cast<double>(w.end_ms) / 1000.0},
                       {"confidence", round_to(w.confidence, 0.001)}});
    }
    segments.push_back({{"speaker", std::string(to_string(u.speaker))},
                        {"start", static_cast<double>(u.t_ms) / 1000.0},
                        {"end", static_cast<double>(u.end_ms) / 1000.0},
                        {"text", u.text()},
                        {"words", words}});
  }
  return {{"segments", segments}};
}

std::string render_transcript(const std::vector<Utterance>& utterances) {
  std::string out;
  for (const auto& u : utterances) {
    double confidence = 0;
    for (const auto& w : u.words) confidence += w.confidence;
    if (!u.words.empty()) confidence /= static_cast<double>(u.words.size());
    char head[96];
    std::snprintf(head, sizeof head, "[%s] %-6s (%.2f): ", format_span(u.t_ms, u.end_ms).c_str(),
                  std::string(to_string(u.speaker)).c_str(), confidence);
    out += head + u.text() + "\n";
  }
  if (utterances.empty()) out += "(no speech recognised)\n";
  return out;
}

}  // namespace composure
