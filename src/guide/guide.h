// Guidance for one call: what the agent should say or do now (at most two ranked suggestions,
// each citing its technique and the cues behind it), what to stop doing now (nudges), the account
// facts the conversation made relevant (knowledge cards), and when the call must go to someone
// else (escalations). Driven by the playbook (data/playbook/) and the knowledge store; pure like
// the rest of the pipeline: events in, events out, the call's own clock.
//
//   Guide guide(playbook, &knowledge);            // one per call; both shared and read-only
//   guide.observe(event, sink);                   // every event the call emits, as emitted
//   guide.utterance_done(utterance, sink);        // after its cues and judgements were observed
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/word.h"
#include "guide/knowledge.h"
#include "guide/playbook.h"
#include "understand/assessor.h"

namespace composure {

struct GuideSettings {
  int max_active = 2;         // suggestions shown at once
  int suggestion_ttl_s = 45;  // a suggestion stays active this long unless replaced or done
  // A misstep is nudged only when its cue is at least this sure (weaker matches are hints).
  float nudge_min_strength = 0.5F;
  // A cue counts towards an escalation rule only when at least this sure: a hint ("my solicitor"
  // in a house purchase, a bare "cancel") does not send a call to a team leader on its own.
  float escalation_min_strength = 0.5F;
};

class Guide {
 public:
  Guide(std::shared_ptr<const Playbook> playbook, const KnowledgeBase* knowledge,
        const GuideSettings& settings = {});

  // Any event of the call (cues, judgements, utterances); guidance events are ignored.
  void observe(const Event& e, EventSink& out);
  // An utterance, its cues and the judgements they caused have all been observed.
  void utterance_done(const Utterance& u, EventSink& out);
  // The caller's name, learned in the call ("my name is ...") or from outside.
  void set_caller_name(const std::string& name);

  // What placeholders are known now, and their values ("order_id" -> "418203").
  const std::map<std::string, std::string>& known() const { return known_; }

 private:
  struct Seen {
    EventKind kind;
    Speaker speaker;
    std::int64_t t_ms;
    float strength;
  };
  struct Active {
    const PlaybookEntry* entry;
    std::int64_t until_ms;
  };

  // Takes a suggestion off the screen, saying why (a suggestion_done event).
  void retire(const Active& a, const std::string& why, EventSink& out) const;
  bool holds(const PlaybookConditions& c) const;
  bool done_recently(const PlaybookEntry& e) const;
  std::optional<std::string> phrase(const PlaybookEntry& e);
  void suggest(EventSink& out);
  void nudge(const Event& cue, EventSink& out);
  void show(const PlaybookEntry& e, EventKind kind, const std::string& text, int rank,
            EventSink& out);
  void check_escalations(EventSink& out);
  void spot(const Utterance& u, EventSink& out);
  void card(const std::string& id, const std::string& kind, const std::string& text,
            std::vector<Measure> numbers, EventSink& out);
  void learn_customer(const Customer& c, EventSink& out);
  void learn_order(const Order& o, EventSink& out);
  std::int64_t since_upset() const;
  int count(EventKind k) const;

  std::shared_ptr<const Playbook> playbook_;
  const KnowledgeBase* kb_;
  GuideSettings s_;
  std::int64_t now_ms_ = 0;
  CallerType type_ = CallerType::None;
  CallStage stage_ = CallStage::Opening;
  FrustrationBand band_ = FrustrationBand::Calm;
  std::int64_t upset_since_ms_ = -1;
  std::vector<Seen> seen_;  // every cue and judgement so far, in arrival order
  std::array<std::array<std::int64_t, kEventKindCount>, 2> last_{};  // per speaker; kNever: never
  std::array<std::array<int, kEventKindCount>, 2> counts_{};
  std::map<std::string, std::int64_t> shown_at_;  // entry id -> when last shown
  std::map<std::string, int> times_shown_;
  std::vector<Active> active_;
  std::map<std::string, std::string> known_;
  std::set<std::string> cards_;
  std::set<std::string> fired_rules_;
  std::set<std::string> phrases_heard_;
  bool beyond_authority_ = false;
  std::string beyond_authority_why_;
  std::optional<Order> order_;
  std::optional<Customer> customer_;
  double refund_limit_ = 0;
};

}  // namespace composure
