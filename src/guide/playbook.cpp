#include "guide/playbook.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/strings.h"
#include "data/embedded.h"

namespace composure {
namespace {

constexpr std::array kDecisionNames = {std::string_view("boundary"), std::string_view("escalate"),
                                       std::string_view("disconnect"),
                                       std::string_view("specialist")};

constexpr std::array kPlaceholders = {
    std::string_view("customer_name"), std::string_view("first_name"),
    std::string_view("order_id"),      std::string_view("product"),
    std::string_view("order_status"),  std::string_view("eta"),
    std::string_view("options"),       std::string_view("agent_limit"),
};

constexpr std::array kTechniques = {
    std::string_view("stay_calm"),
    std::string_view("listen_without_interrupting"),
    std::string_view("validate_feeling"),
    std::string_view("show_empathy"),
    std::string_view("dont_take_it_personally"),
    std::string_view("ask_clarifying_questions"),
    std::string_view("avoid_holds"),
    std::string_view("check_in_on_hold"),
    std::string_view("specific_apology"),
    std::string_view("take_ownership"),
    std::string_view("keep_informed"),
    std::string_view("use_name_and_history"),
    std::string_view("escalate_when_needed"),
    std::string_view("set_realistic_expectations"),
    std::string_view("offer_choices"),
    std::string_view("set_boundaries"),
    std::string_view("close_positively"),
    std::string_view("fastest_path"),
    std::string_view("answer_with_specifics"),
    std::string_view("steer_back"),
    std::string_view("two_clear_options"),
    std::string_view("correct_without_blame"),
    std::string_view("firm_but_constructive"),
};

template <typename Names>
std::string expected(const Names& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// Reads one file's entries; every error names the file and line.
class FileReader {
 public:
  FileReader(const PlaybookFile& file, std::vector<PlaybookEntry>& entries,
             std::vector<EscalationRule>& rules)
      : file_(file), entries_(entries), rules_(rules) {}

  Result<bool> read() {
    YAML::Node root;
    try {
      root = YAML::Load(file_.text);
    } catch (const YAML::ParserException& e) {
      return fail(file_.name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    if (root.IsNull()) return true;
    if (!root.IsMap()) {
      return error(root, "expected a mapping with suggestions:, nudges: or escalations:");
    }
    try {
      for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string key = it->first.as<std::string>();
        const YAML::Node list = it->second;  // a copy: the iterator yields temporaries
        if (key != "suggestions" && key != "nudges" && key != "escalations") {
          return error(it->first,
                       "unknown section '" + key + "' (expected suggestions, nudges, escalations)");
        }
        if (!list.IsSequence()) return error(list, "'" + key + "' must be a list");
        for (const auto& item : list) {
          auto ok = key == "escalations" ? rule(item) : entry(item, key == "nudges");
          if (!ok) return ok;
        }
      }
    } catch (const YAML::Exception& e) {
      return fail(file_.name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    return true;
  }

 private:
  tl::unexpected<Error> error(const YAML::Node& at, const std::string& what) const {
    return fail(file_.name + ":" + std::to_string(at.Mark().line + 1) + ": " + what);
  }

  std::string origin(const YAML::Node& at) const {
    return file_.name + ":" + std::to_string(at.Mark().line + 1);
  }

  Result<std::string> text(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) return error(n, "'" + key + "' must be text");
    return n.as<std::string>();
  }

  Result<int> integer(const YAML::Node& n, const std::string& key, int lo, int hi) const {
    int v = 0;
    if (!n.IsScalar() || !YAML::convert<int>::decode(n, v) || v < lo || v > hi) {
      return error(n, "'" + key + "' must be a whole number from " + std::to_string(lo) + " to " +
                          std::to_string(hi));
    }
    return v;
  }

  Result<std::vector<std::string>> texts(const YAML::Node& n, const std::string& key) const {
    std::vector<std::string> out;
    if (n.IsScalar()) {
      out.push_back(n.as<std::string>());
      return out;
    }
    if (!n.IsSequence()) return error(n, "'" + key + "' must be a list");
    for (const auto& item : n) {
      if (!item.IsScalar()) return error(item, "'" + key + "' lists text");
      out.push_back(item.as<std::string>());
    }
    return out;
  }

  Result<std::vector<EventKind>> kinds(const YAML::Node& n, const std::string& key) const {
    auto names = texts(n, key);
    if (!names) return tl::unexpected(names.error());
    std::vector<EventKind> out;
    for (const auto& name : *names) {
      const auto kind = parse_event_kind(name);
      if (!kind) {
        std::string what = "unknown event type '";
        what += name;
        what += "' in '";
        what += key;
        what += "'";
        return error(n, what);
      }
      out.push_back(*kind);
    }
    return out;
  }

  Result<FrustrationBand> band(const YAML::Node& n, const std::string& key) const {
    auto name = text(n, key);
    if (!name) return tl::unexpected(name.error());
    for (int b = 0; b < 4; ++b) {
      if (to_string(static_cast<FrustrationBand>(b)) == *name) {
        return static_cast<FrustrationBand>(b);
      }
    }
    return error(n, "unknown band '" + *name + "' (expected calm, tense, frustrated, angry)");
  }

  Result<bool> conditions(const YAML::Node& when, PlaybookConditions& c, bool nudge) const {
    if (!when.IsMap()) return error(when, "'when' must be a mapping");
    c.cue_speaker = nudge ? Speaker::Agent : Speaker::Caller;
    for (auto it = when.begin(); it != when.end(); ++it) {
      const std::string key = it->first.as<std::string>();
      const YAML::Node v = it->second;  // a copy: the iterator yields temporaries
      if (key == "caller_type") {
        auto names = texts(v, key);
        if (!names) return tl::unexpected(names.error());
        for (const auto& name : *names) {
          const auto t = parse_caller_type(name);
          if (!t) {
            std::vector<std::string_view> all;
            all.reserve(kCallerTypeCount);
            for (int i = 0; i < kCallerTypeCount; ++i) {
              all.push_back(to_string(static_cast<CallerType>(i)));
            }
            return error(v, "unknown caller type '" + name + "' (expected " + expected(all) + ")");
          }
          c.caller_types.push_back(*t);
        }
      } else if (key == "stage" || key == "not_stage") {
        auto names = texts(v, key);
        if (!names) return tl::unexpected(names.error());
        for (const auto& name : *names) {
          bool found = false;
          for (int s = 0; s < 5; ++s) {
            if (to_string(static_cast<CallStage>(s)) == name) {
              (key == "stage" ? c.stages : c.not_stages).push_back(static_cast<CallStage>(s));
              found = true;
            }
          }
          if (!found) {
            return error(v, "unknown stage '" + name +
                                "' (expected opening, venting, discovery, resolution, closing)");
          }
        }
      } else if (key == "band_at_least" || key == "band_at_most") {
        auto b = band(v, key);
        if (!b) return tl::unexpected(b.error());
        (key == "band_at_least" ? c.band_at_least : c.band_at_most) = *b;
      } else if (key == "cues" || key == "agent_has_not" || key == "agent_has") {
        auto k = kinds(v, key);
        if (!k) return tl::unexpected(k.error());
        (key == "cues" ? c.cues : key == "agent_has" ? c.agent_has : c.agent_has_not) = *k;
      } else if (key == "within_s") {
        auto n = integer(v, key, 1, 3600);
        if (!n) return tl::unexpected(n.error());
        c.within_s = *n;
      } else if (key == "speaker") {
        auto who = text(v, key);
        if (!who) return tl::unexpected(who.error());
        if (*who != "agent" && *who != "caller") return error(v, "'speaker' is agent or caller");
        c.cue_speaker = *who == "agent" ? Speaker::Agent : Speaker::Caller;
      } else if (key == "needs") {
        auto names = texts(v, key);
        if (!names) return tl::unexpected(names.error());
        for (const auto& name : *names) {
          if (std::find(kPlaceholders.begin(), kPlaceholders.end(), name) == kPlaceholders.end()) {
            return error(
                v, "unknown placeholder '" + name + "' (expected " + expected(kPlaceholders) + ")");
          }
        }
        c.needs = *names;
      } else {
        return error(it->first, "unknown condition '" + key + "'");
      }
    }
    return true;
  }

  Result<bool> entry(const YAML::Node& n, bool nudge) {
    if (!n.IsMap()) return error(n, "each entry is a mapping (id:, technique:, say:, ...)");
    PlaybookEntry e;
    e.nudge = nudge;
    e.origin = origin(n);
    bool have_when = false;
    for (auto it = n.begin(); it != n.end(); ++it) {
      const std::string key = it->first.as<std::string>();
      const YAML::Node v = it->second;  // a copy: the iterator yields temporaries
      if (key == "id") {
        auto t = text(v, key);
        if (!t) return tl::unexpected(t.error());
        e.id = *t;
      } else if (key == "technique") {
        auto t = text(v, key);
        if (!t) return tl::unexpected(t.error());
        if (std::find(kTechniques.begin(), kTechniques.end(), *t) == kTechniques.end()) {
          return error(v, "unknown technique '" + *t + "' (see data/playbook/README.md)");
        }
        e.technique = *t;
      } else if (key == "priority") {
        auto p = integer(v, key, 1, 100);
        if (!p) return tl::unexpected(p.error());
        e.priority = *p;
      } else if (key == "cooldown_s") {
        auto p = integer(v, key, 0, 3600);
        if (!p) return tl::unexpected(p.error());
        e.cooldown_s = *p;
      } else if (key == "when") {
        auto ok = conditions(v, e.when, nudge);
        if (!ok) return ok;
        have_when = true;
      } else if (key == "done_by") {
        auto k = kinds(v, key);
        if (!k) return tl::unexpected(k.error());
        e.done_by = *k;
      } else if (key == "say") {
        auto s = texts(v, key);
        if (!s) return tl::unexpected(s.error());
        e.say = *s;
      } else {
        return error(it->first, "unknown field '" + key + "'");
      }
    }
    if (!have_when && nudge) e.when.cue_speaker = Speaker::Agent;
    if (e.id.empty()) return error(n, "entry without an id");
    if (e.technique.empty()) return error(n, "'" + e.id + "' has no technique");
    if (e.say.empty()) return error(n, "'" + e.id + "' has nothing to say");
    for (const auto& s : e.say) {
      for (const auto& p : placeholders_in(s)) {
        if (std::find(kPlaceholders.begin(), kPlaceholders.end(), p) == kPlaceholders.end()) {
          return error(n, "'" + e.id + "' uses an unknown placeholder {" + p + "}");
        }
      }
    }
    entries_.push_back(std::move(e));
    return true;
  }

  Result<bool> rule(const YAML::Node& n) {
    if (!n.IsMap()) return error(n, "each escalation rule is a mapping (id:, decision:, ...)");
    EscalationRule r;
    r.origin = origin(n);
    for (auto it = n.begin(); it != n.end(); ++it) {
      const std::string key = it->first.as<std::string>();
      const YAML::Node v = it->second;  // a copy: the iterator yields temporaries
      if (key == "id" || key == "to" || key == "reason" || key == "say") {
        auto t = text(v, key);
        if (!t) return tl::unexpected(t.error());
        (key == "id" ? r.id : key == "to" ? r.to : key == "reason" ? r.reason : r.say) = *t;
      } else if (key == "decision") {
        auto t = text(v, key);
        if (!t) return tl::unexpected(t.error());
        const auto d = std::find(kDecisionNames.begin(), kDecisionNames.end(), *t);
        if (d == kDecisionNames.end()) {
          return error(v,
                       "unknown decision '" + *t + "' (expected " + expected(kDecisionNames) + ")");
        }
        r.decision = static_cast<EscalationDecision>(d - kDecisionNames.begin());
      } else if (key == "when") {
        if (!v.IsMap()) return error(v, "'when' must be a mapping");
        for (auto w = v.begin(); w != v.end(); ++w) {
          const std::string wk = w->first.as<std::string>();
          const YAML::Node wv = w->second;  // a copy: the iterator yields temporaries
          if (wk == "cues" || wk == "after") {
            auto k = kinds(wv, wk);
            if (!k) return tl::unexpected(k.error());
            (wk == "cues" ? r.cues : r.after) = *k;
          } else if (wk == "count_at_least") {
            auto c = integer(wv, wk, 1, 100);
            if (!c) return tl::unexpected(c.error());
            r.count_at_least = *c;
          } else if (wk == "beyond_authority") {
            bool b = false;
            if (!wv.IsScalar() || !YAML::convert<bool>::decode(wv, b)) {
              return error(wv, "'beyond_authority' is true or false");
            }
            r.beyond_authority = b;
          } else if (wk == "phrases") {
            auto p = texts(wv, wk);
            if (!p) return tl::unexpected(p.error());
            for (auto& s : *p) s = lower_ascii(s);
            r.phrases = *p;
          } else {
            return error(w->first, "unknown condition '" + wk + "'");
          }
        }
      } else {
        return error(it->first, "unknown field '" + key + "'");
      }
    }
    if (r.id.empty()) return error(n, "escalation rule without an id");
    if (r.reason.empty()) return error(n, "'" + r.id + "' has no reason");
    if (r.cues.empty() && r.phrases.empty() && !r.beyond_authority) {
      return error(n, "'" + r.id + "' has no condition (cues, phrases or beyond_authority)");
    }
    if (r.decision == EscalationDecision::Disconnect && r.after.empty()) {
      return error(n, "'" + r.id +
                          "': disconnect is only recommended after a warning (add after: "
                          "[boundary_warning])");
    }
    rules_.push_back(std::move(r));
    return true;
  }

  const PlaybookFile& file_;
  std::vector<PlaybookEntry>& entries_;
  std::vector<EscalationRule>& rules_;
};

}  // namespace

std::string_view to_string(EscalationDecision d) {
  return kDecisionNames[static_cast<std::size_t>(d)];
}

std::vector<std::string> placeholders_in(std::string_view text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = text.find('{', pos)) != std::string_view::npos) {
    const auto close = text.find('}', pos);
    if (close == std::string_view::npos) break;
    out.emplace_back(text.substr(pos + 1, close - pos - 1));
    pos = close + 1;
  }
  return out;
}

Result<Playbook> Playbook::parse(const std::vector<PlaybookFile>& files) {
  Playbook p;
  for (const auto& f : files) {
    FileReader reader(f, p.entries_, p.escalations_);
    auto ok = reader.read();
    if (!ok) return tl::unexpected(ok.error());
  }
  std::set<std::string> ids;
  for (const auto& e : p.entries_) {
    if (!ids.insert(e.id).second) return fail(e.origin + ": duplicate id '" + e.id + "'");
  }
  for (const auto& r : p.escalations_) {
    if (!ids.insert(r.id).second) return fail(r.origin + ": duplicate id '" + r.id + "'");
  }
  if (p.entries_.empty()) return fail("playbook: no suggestions or nudges");
  return p;
}

Result<std::shared_ptr<const Playbook>> Playbook::load_default() {
  std::vector<PlaybookFile> files;
  for (const auto path : embedded_paths()) {
    if (path.substr(0, 9) != "playbook/" || path.size() < 5 ||
        path.substr(path.size() - 5) != ".yaml") {
      continue;
    }
    files.push_back({std::string(path), std::string(*embedded_file(path))});
  }
  auto p = parse(files);
  if (!p) return tl::unexpected(p.error());
  return std::make_shared<const Playbook>(std::move(*p));
}

Result<std::shared_ptr<const Playbook>> Playbook::load_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml") paths.push_back(entry.path());
  }
  if (ec) return fail(dir.string() + ": " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::vector<PlaybookFile> files;
  for (const auto& path : paths) {
    std::ifstream in(path);
    if (!in) return fail(path.string() + ": cannot open");
    std::ostringstream text;
    text << in.rdbuf();
    files.push_back({path.string(), text.str()});
  }
  auto p = parse(files);
  if (!p) return tl::unexpected(p.error());
  return std::make_shared<const Playbook>(std::move(*p));
}

}  // namespace composure
