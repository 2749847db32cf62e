#include "guide/brief.h"

#include <algorithm>
#include <cstdio>

#include "core/timefmt.h"

namespace composure {
namespace {

// The words a cue quoted, or its whole evidence when it quoted none.
std::string quote_in(const std::string& text) {
  std::string q = quoted_words(text);
  return q.empty() ? text : q;
}

void add_unique(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

int words_in(const std::string& text) {
  int n = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool space = c == ' ';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

}  // namespace

HandoffBrief make_brief(const std::vector<Event>& events, std::int64_t at_ms) {
  HandoffBrief b;
  b.at_ms = at_ms;
  std::string name_given;
  float level = 0;
  std::string band = "calm";
  float peak = 0;
  std::int64_t peak_ms = 0;
  b.trajectory = "calm";
  for (const Event& e : events) {
    if (e.t_ms > at_ms) continue;
    const std::string when = format_clock(e.t_ms);
    switch (e.kind) {
      case EventKind::Utterance:
        if (e.speaker == Speaker::Caller && b.wants.empty() && words_in(e.evidence.text) >= 8) {
          b.wants = "\"" + e.evidence.text + "\" (" + when + ")";
        }
        break;
      case EventKind::Demand:
      case EventKind::SupervisorRequest:
        add_unique(b.demands, quote_in(e.evidence.text) + " (" + when + ")");
        break;
      case EventKind::CallerType:
        b.caller_type = e.evidence.text;
        b.timeline.push_back({e.t_ms, "caller type: " + e.label});
        break;
      case EventKind::Frustration:
        level = e.strength;
        band = e.label;
        b.trajectory += " -> " + e.label + " " + when;
        b.timeline.push_back({e.t_ms, "frustration " + e.label});
        if (e.strength > peak) {
          peak = e.strength;
          peak_ms = e.t_ms;
        }
        break;
      case EventKind::EscalationWarning:
        b.timeline.push_back({e.t_ms, "warning: " + e.evidence.text});
        break;
      case EventKind::ThreatLegal:
      case EventKind::ThreatCancel:
      case EventKind::ThreatPublic:
      case EventKind::ThreatReview:
      case EventKind::ThreatRegulator:
      case EventKind::PersonalAttack:
        b.timeline.push_back(
            {e.t_ms, std::string(to_string(e.kind)) + ": " + quote_in(e.evidence.text)});
        break;
      case EventKind::Hold:
        b.timeline.push_back({e.t_ms, "on hold: " + e.evidence.text});
        break;
      case EventKind::Resolution:
      case EventKind::OffersOptions:
      case EventKind::Ownership:
      case EventKind::SpecificApology:
        if (e.speaker == Speaker::Agent) {
          add_unique(b.tried, when + " " + quote_in(e.evidence.text));
        }
        break;
      case EventKind::OverPromise:
        add_unique(b.avoid, "promising beyond what we control: the agent already said " +
                                quote_in(e.evidence.text) + " at " + when);
        break;
      case EventKind::TriggerPhrase:
        add_unique(b.avoid, "phrases that inflamed this caller: " + quote_in(e.evidence.text) +
                                " (" + when + ")");
        break;
      case EventKind::RepeatedComplaint:
        add_unique(b.avoid, "asking them to repeat the story: they have said it more than once");
        break;
      case EventKind::KnowledgeCard:
        add_unique(b.facts, e.evidence.text);
        if (e.label == "customer" && b.caller.empty()) b.caller = e.evidence.text;
        break;
      case EventKind::Escalation:
        add_unique(b.escalations, when + " " + e.label + ": " + e.evidence.text);
        b.timeline.push_back({e.t_ms, "escalation: " + e.label});
        break;
      case EventKind::UsesName:
        if (name_given.empty()) name_given = quote_in(e.evidence.text);
        break;
      default:
        break;
    }
  }
  if (b.caller.empty()) {
    b.caller = name_given.empty() ? "not identified in the call" : "addressed as " + name_given;
  }
  if (b.wants.empty()) b.wants = "not stated yet";
  if (b.caller_type.empty()) b.caller_type = "no particular type";
  char line[160];
  std::snprintf(line, sizeof line, "%s now (%.2f); peak %.2f at %s", band.c_str(),
                static_cast<double>(level), static_cast<double>(peak),
                format_clock(peak_ms).c_str());
  b.frustration = line;
  return b;
}

std::string brief_to_text(const HandoffBrief& b) {
  std::string out = "Handoff brief at " + format_clock(b.at_ms) + "\n\n";
  const auto section = [&](const char* title, const std::vector<std::string>& items) {
    out += title;
    out += "\n";
    if (items.empty()) out += "  (none)\n";
    for (const auto& i : items) out += "  - " + i + "\n";
  };
  out += "Caller        " + b.caller + "\n";
  out += "Wants         " + b.wants + "\n";
  out += "Caller type   " + b.caller_type + "\n";
  out += "Frustration   " + b.frustration + "\n";
  out += "Trajectory    " + b.trajectory + "\n\n";
  section("Asked for", b.demands);
  section("Tried and offered", b.tried);
  section("Account facts", b.facts);
  section("Escalation", b.escalations);
  section("Do not", b.avoid);
  out += "Timeline\n";
  if (b.timeline.empty()) out += "  (nothing notable)\n";
  for (const auto& m : b.timeline) out += "  " + format_clock(m.t_ms) + "  " + m.what + "\n";
  return out;
}

}  // namespace composure
