#include "guide/guide.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

#include "core/strings.h"
#include "understand/entities.h"

namespace composure {
namespace {

// "Never happened", far enough in the past that no window reaches it.
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min() / 4;

bool is_guidance(EventKind k) {
  return k == EventKind::Suggestion || k == EventKind::Nudge || k == EventKind::KnowledgeCard ||
         k == EventKind::Escalation;
}

std::string money(double amount, const std::string& currency) {
  char buf[48];
  const bool whole = std::fabs(amount - std::round(amount)) < 0.005;
  const char* symbol = currency == "GBP"   ? "£"
                       : currency == "EUR" ? "€"
                       : currency == "USD" ? "$"
                                           : "";
  if (*symbol != '\0') {
    std::snprintf(buf, sizeof buf, whole ? "%s%.0f" : "%s%.2f", symbol, amount);
  } else {
    std::snprintf(buf, sizeof buf, whole ? "%.0f %s" : "%.2f %s", amount, currency.c_str());
  }
  return buf;
}

// The policy situation an order's status puts the caller in.
std::string situation_of(const Order& o) {
  if (o.status == "delayed") return "late_delivery";
  if (o.status == "lost") return "lost";
  if (o.status == "damaged") return "damaged";
  return "any";
}

std::string first_word(const std::string& s) {
  return s.substr(0, s.find(' '));
}

bool mentions_money_back(const std::string& text) {
  for (const char* w : {"refund", "money back", "compensation", "reimburse", "pay me back"}) {
    if (text.find(w) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

Guide::Guide(std::shared_ptr<const Playbook> playbook, const KnowledgeBase* knowledge,
             const GuideSettings& settings)
    : playbook_(std::move(playbook)), kb_(knowledge), s_(settings) {
  for (auto& per_speaker : last_) per_speaker.fill(kNever);
  seen_.reserve(256);
}

std::int64_t Guide::since_upset() const {
  return band_ >= FrustrationBand::Tense && upset_since_ms_ >= 0 ? upset_since_ms_ : 0;
}

int Guide::count(EventKind k) const {
  const auto i = static_cast<std::size_t>(k);
  return counts_[0][i] + counts_[1][i];
}

void Guide::set_caller_name(const std::string& name) {
  if (name.empty() || known_.count("customer_name") > 0) return;
  known_["customer_name"] = name;
  known_["first_name"] = first_word(name);
}

void Guide::observe(const Event& e, EventSink& out) {
  if (is_guidance(e.kind) || e.kind == EventKind::Turn || e.kind == EventKind::Backchannel) return;
  now_ms_ = std::max(now_ms_, e.end_ms);
  if (e.kind == EventKind::Utterance || e.kind == EventKind::TextFrustration) return;
  const auto who = static_cast<std::size_t>(e.speaker);
  const auto k = static_cast<std::size_t>(e.kind);
  last_[who][k] = std::max(last_[who][k], e.t_ms);
  ++counts_[who][k];
  seen_.push_back({e.kind, e.speaker, e.t_ms, e.strength});
  switch (e.kind) {
    case EventKind::CallerType:
      if (const auto t = parse_caller_type(e.label)) type_ = *t;
      break;
    case EventKind::Stage:
      for (int s = 0; s < 5; ++s) {
        if (to_string(static_cast<CallStage>(s)) == e.label) stage_ = static_cast<CallStage>(s);
      }
      break;
    case EventKind::Frustration: {
      const FrustrationBand before = band_;
      for (int b = 0; b < 4; ++b) {
        if (to_string(static_cast<FrustrationBand>(b)) == e.label) {
          band_ = static_cast<FrustrationBand>(b);
        }
      }
      if (before == FrustrationBand::Calm && band_ > before) upset_since_ms_ = e.t_ms;
      break;
    }
    default:
      break;
  }
  // The agent just did what an active suggestion asked: it has done its job.
  if (e.speaker == Speaker::Agent) {
    active_.erase(std::remove_if(active_.begin(), active_.end(),
                                 [&](const Active& a) {
                                   const auto& d = a.entry->done_by;
                                   if (std::find(d.begin(), d.end(), e.kind) == d.end()) {
                                     return false;
                                   }
                                   retire(a, "done: the agent's " + std::string(to_string(e.kind)),
                                          out);
                                   return true;
                                 }),
                  active_.end());
    nudge(e, out);
  }
  if (!is_word_cue(e.kind)) check_escalations(out);  // word cues: once the utterance is done
}

void Guide::utterance_done(const Utterance& u, EventSink& out) {
  if (!u.final || u.words.empty()) return;
  now_ms_ = std::max(now_ms_, u.end_ms);
  if (u.speaker == Speaker::Caller) {
    const std::string text = lower_ascii(u.text());
    if (playbook_) {
      for (const auto& rule : playbook_->escalations()) {
        for (const auto& p : rule.phrases) {
          if (text.find(p) != std::string::npos) phrases_heard_.insert(p);
        }
      }
    }
  }
  spot(u, out);
  check_escalations(out);
  suggest(out);
}

bool Guide::holds(const PlaybookConditions& c) const {
  const auto in = [](const auto& list, auto v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  if (!in(c.caller_types, type_) || !in(c.stages, stage_)) return false;
  if (std::find(c.not_stages.begin(), c.not_stages.end(), stage_) != c.not_stages.end()) {
    return false;
  }
  if (c.band_at_least && band_ < *c.band_at_least) return false;
  if (c.band_at_most && band_ > *c.band_at_most) return false;
  if (!c.cues.empty()) {
    const std::int64_t from = now_ms_ - static_cast<std::int64_t>(c.within_s) * 1000;
    const auto who = static_cast<std::size_t>(c.cue_speaker);
    const bool recent = std::any_of(c.cues.begin(), c.cues.end(), [&](EventKind k) {
      return last_[who][static_cast<std::size_t>(k)] >= from;
    });
    if (!recent) return false;
  }
  const auto agent = static_cast<std::size_t>(Speaker::Agent);
  const std::int64_t since = since_upset();
  for (const EventKind k : c.agent_has_not) {
    if (last_[agent][static_cast<std::size_t>(k)] >= since) return false;
  }
  for (const EventKind k : c.agent_has) {
    if (counts_[agent][static_cast<std::size_t>(k)] == 0) return false;
  }
  for (const auto& need : c.needs) {
    if (known_.count(need) == 0) return false;
  }
  return true;
}

bool Guide::done_recently(const PlaybookEntry& e) const {
  const std::int64_t from = now_ms_ - static_cast<std::int64_t>(e.when.within_s) * 1000;
  const auto agent = static_cast<std::size_t>(Speaker::Agent);
  return std::any_of(e.done_by.begin(), e.done_by.end(), [&](EventKind k) {
    return last_[agent][static_cast<std::size_t>(k)] >= from;
  });
}

std::optional<std::string> Guide::phrase(const PlaybookEntry& e) {
  const int n = static_cast<int>(e.say.size());
  const int start = times_shown_[e.id];
  for (int i = 0; i < n; ++i) {
    const std::string& s = e.say[static_cast<std::size_t>((start + i) % n)];
    std::string out;
    bool ok = true;
    std::size_t pos = 0;
    while (pos < s.size()) {
      const auto open = s.find('{', pos);
      if (open == std::string::npos) {
        out += s.substr(pos);
        break;
      }
      const auto close = s.find('}', open);
      out += s.substr(pos, open - pos);
      const auto it = known_.find(s.substr(open + 1, close - open - 1));
      if (it == known_.end()) {
        ok = false;
        break;
      }
      out += it->second;
      pos = close + 1;
    }
    if (ok) return out;
  }
  return std::nullopt;
}

void Guide::retire(const Active& a, const std::string& why, EventSink& out) const {
  Event ev;
  ev.kind = EventKind::SuggestionDone;
  ev.speaker = Speaker::Agent;
  ev.t_ms = now_ms_;
  ev.end_ms = now_ms_;
  ev.label = a.entry->technique;
  ev.source = a.entry->id;
  ev.evidence.text = why;
  out.on_event(ev);
}

void Guide::show(const PlaybookEntry& e, EventKind kind, const std::string& text, int rank,
                 EventSink& out) {
  Event ev;
  ev.kind = kind;
  ev.speaker = Speaker::Agent;
  ev.t_ms = now_ms_;
  ev.end_ms = now_ms_;
  ev.strength = static_cast<float>(e.priority) / 100.0F;
  ev.label = e.technique;
  ev.source = e.id;
  ev.evidence.text = text;
  ev.evidence.numbers = {{"priority", static_cast<double>(e.priority), ""},
                         {"rank", static_cast<double>(rank), ""}};
  // Why: the cues the entry listens for that are present, then the judgements it depends on.
  const auto who = static_cast<std::size_t>(e.when.cue_speaker);
  const std::int64_t from = now_ms_ - static_cast<std::int64_t>(e.when.within_s) * 1000;
  for (const EventKind k : e.when.cues) {
    if (last_[who][static_cast<std::size_t>(k)] >= from) ev.because.emplace_back(to_string(k));
  }
  if (!e.when.caller_types.empty())
    ev.because.push_back("caller_type:" + std::string(to_string(type_)));
  if (!e.when.stages.empty()) ev.because.push_back("stage:" + std::string(to_string(stage_)));
  if (e.when.band_at_least || e.when.band_at_most) {
    ev.because.push_back("frustration:" + std::string(to_string(band_)));
  }
  for (const EventKind k : e.when.agent_has_not) {
    ev.because.push_back("no_" + std::string(to_string(k)) + "_yet");
  }
  shown_at_[e.id] = now_ms_;
  ++times_shown_[e.id];
  out.on_event(ev);
}

void Guide::suggest(EventSink& out) {
  if (!playbook_) return;
  active_.erase(
      std::remove_if(active_.begin(), active_.end(),
                     [&](const Active& a) {
                       if (a.until_ms > now_ms_) return false;
                       retire(a, "expired: shown for " + std::to_string(s_.suggestion_ttl_s) + " s",
                              out);
                       return true;
                     }),
      active_.end());
  std::vector<const PlaybookEntry*> candidates;
  for (const PlaybookEntry& e : playbook_->entries()) {
    if (e.nudge) continue;
    const auto shown = shown_at_.find(e.id);
    if (shown != shown_at_.end() &&
        now_ms_ - shown->second < static_cast<std::int64_t>(e.cooldown_s) * 1000) {
      continue;
    }
    const bool is_active =
        std::any_of(active_.begin(), active_.end(), [&](const Active& a) { return a.entry == &e; });
    if (is_active || done_recently(e) || !holds(e.when)) continue;
    candidates.push_back(&e);
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto* a, const auto* b) { return a->priority > b->priority; });
  std::set<std::string> techniques;
  for (const Active& a : active_) techniques.insert(a.entry->technique);
  for (const PlaybookEntry* e : candidates) {
    if (techniques.count(e->technique) > 0) continue;  // one suggestion per technique at a time
    if (static_cast<int>(active_.size()) >= s_.max_active) {
      // Full: a more important suggestion replaces the least important one.
      auto weakest = std::min_element(
          active_.begin(), active_.end(),
          [](const Active& a, const Active& b) { return a.entry->priority < b.entry->priority; });
      if (weakest == active_.end() || weakest->entry->priority >= e->priority) break;
      retire(*weakest, "replaced by " + e->id, out);
      active_.erase(weakest);
    }
    const auto text = phrase(*e);
    if (!text) continue;
    active_.push_back({e, now_ms_ + static_cast<std::int64_t>(s_.suggestion_ttl_s) * 1000});
    techniques.insert(e->technique);
    std::sort(active_.begin(), active_.end(), [](const Active& a, const Active& b) {
      return a.entry->priority > b.entry->priority;
    });
    int rank = 1;
    for (const Active& a : active_) {
      if (a.entry == e) break;
      ++rank;
    }
    show(*e, EventKind::Suggestion, *text, rank, out);
  }
}

void Guide::nudge(const Event& cue, EventSink& out) {
  if (!playbook_ || cue.strength < s_.nudge_min_strength) return;
  // One nudge per misstep: the most important one that applies.
  const PlaybookEntry* best = nullptr;
  for (const PlaybookEntry& e : playbook_->entries()) {
    if (!e.nudge || e.when.cue_speaker != cue.speaker) continue;
    if (std::find(e.when.cues.begin(), e.when.cues.end(), cue.kind) == e.when.cues.end()) continue;
    const auto shown = shown_at_.find(e.id);
    if (shown != shown_at_.end() &&
        now_ms_ - shown->second < static_cast<std::int64_t>(e.cooldown_s) * 1000) {
      continue;
    }
    if (!holds(e.when) || !phrase(e)) continue;
    if (best == nullptr || e.priority > best->priority) best = &e;
  }
  if (best != nullptr) show(*best, EventKind::Nudge, *phrase(*best), 1, out);
}

void Guide::check_escalations(EventSink& out) {
  if (!playbook_) return;
  for (const EscalationRule& r : playbook_->escalations()) {
    if (fired_rules_.count(r.id) > 0) continue;
    std::int64_t after_ms = -1;
    if (!r.after.empty()) {
      for (const Seen& s : seen_) {
        if (std::find(r.after.begin(), r.after.end(), s.kind) != r.after.end()) {
          after_ms = s.t_ms;
          break;
        }
      }
      if (after_ms < 0) continue;
    }
    std::vector<std::string> because;
    if (!r.cues.empty()) {
      int n = 0;
      for (const Seen& s : seen_) {
        if (s.t_ms <= after_ms || s.strength < s_.escalation_min_strength) continue;
        if (std::find(r.cues.begin(), r.cues.end(), s.kind) != r.cues.end()) {
          ++n;
          const std::string name(to_string(s.kind));
          if (std::find(because.begin(), because.end(), name) == because.end()) {
            because.push_back(name);
          }
        }
      }
      if (n < r.count_at_least) continue;
    }
    if (!r.phrases.empty()) {
      const auto heard =
          std::find_if(r.phrases.begin(), r.phrases.end(),
                       [&](const std::string& p) { return phrases_heard_.count(p) > 0; });
      if (heard == r.phrases.end()) continue;
      because.push_back("words:\"" + *heard + "\"");
    }
    if (r.beyond_authority) {
      if (!beyond_authority_) continue;
      because.emplace_back("beyond_authority");
    }
    fired_rules_.insert(r.id);
    Event ev;
    ev.kind = EventKind::Escalation;
    ev.speaker = Speaker::Agent;
    ev.t_ms = now_ms_;
    ev.end_ms = now_ms_;
    ev.strength = r.decision == EscalationDecision::Boundary ? 0.6F : 1.0F;
    ev.label = std::string(to_string(r.decision));
    ev.source = r.id;
    ev.because = because;
    ev.evidence.text = r.reason;
    if (r.beyond_authority && !beyond_authority_why_.empty()) {
      ev.evidence.text += " (" + beyond_authority_why_ + ")";
    }
    if (!r.to.empty()) ev.evidence.text += " To: " + r.to + ".";
    if (!r.say.empty()) ev.evidence.text += " " + r.say;
    out.on_event(ev);
  }
}

void Guide::card(const std::string& id, const std::string& kind, const std::string& text,
                 std::vector<Measure> numbers, EventSink& out) {
  if (!cards_.insert(id).second) return;
  Event ev;
  ev.kind = EventKind::KnowledgeCard;
  ev.speaker = Speaker::Agent;
  ev.t_ms = now_ms_;
  ev.end_ms = now_ms_;
  ev.strength = 1;
  ev.label = kind;
  ev.source = id;
  ev.evidence.text = text;
  ev.evidence.numbers = std::move(numbers);
  out.on_event(ev);
}

void Guide::learn_customer(const Customer& c, EventSink& out) {
  if (customer_ && customer_->id == c.id) return;
  customer_ = c;
  if (known_.count("customer_name") == 0) {
    known_["customer_name"] = c.name;
    known_["first_name"] = first_word(c.name);
  }
  std::string text = c.name + ", customer since " + std::to_string(c.customer_since);
  if (!c.tier.empty()) text += ", " + c.tier;
  if (!c.account_number.empty()) text += ", account " + c.account_number;
  if (!c.postcode.empty()) text += ", " + c.postcode;
  card("customer:" + c.id, "customer", text, {}, out);
  if (kb_ == nullptr) return;
  const auto contacts = kb_->contacts_of(c.id);
  const auto complaints = kb_->complaints_of(c.id);
  if (!contacts.empty() || !complaints.empty()) {
    std::string h =
        std::to_string(contacts.size()) + " earlier contact" + (contacts.size() == 1 ? "" : "s");
    if (!contacts.empty()) {
      h += "; last " + contacts.back().date + " by " + contacts.back().channel + ": " +
           contacts.back().summary;
      if (!contacts.back().outcome.empty()) h += " (" + contacts.back().outcome + ")";
    }
    int open = 0;
    for (const auto& cp : complaints) open += cp.status == "open" ? 1 : 0;
    if (!complaints.empty()) {
      h += "; " + std::to_string(complaints.size()) + " complaint" +
           (complaints.size() == 1 ? "" : "s") + ", " + std::to_string(open) + " open";
    }
    card("history:" + c.id, "history", h,
         {{"contacts", static_cast<double>(contacts.size()), ""},
          {"complaints", static_cast<double>(complaints.size()), ""}},
         out);
  }
}

void Guide::learn_order(const Order& o, EventSink& out) {
  order_ = o;
  known_["order_id"] = o.id;
  known_["product"] = o.product;
  known_["order_status"] = o.status;
  if (!o.eta.empty()) {
    known_["eta"] = o.eta;
  } else {
    known_.erase("eta");
  }
  std::string text = "Order " + o.id + ": " + o.product + ", " + money(o.amount, o.currency) +
                     ", placed " + o.placed + ", " + o.status;
  if (!o.carrier.empty()) text += " with " + o.carrier;
  if (!o.eta.empty()) text += ", expected " + o.eta;
  if (!o.note.empty()) text += ". " + o.note;
  card("order:" + o.id, "order", text, {{"amount", o.amount, o.currency}}, out);
  if (kb_ == nullptr) return;
  if (const auto c = kb_->customer(o.customer_id)) learn_customer(*c, out);
  // What the policy lets this agent offer here, and where their authority ends.
  const std::string situation = situation_of(o);
  std::vector<std::string> offers;
  refund_limit_ = 0;
  std::string approver;
  // Remedies that fix the problem (a refund, a replacement) come before gestures (a credit).
  std::vector<PolicyLimit> limits = kb_->limits_for(situation);
  std::stable_partition(limits.begin(), limits.end(), [](const PolicyLimit& l) {
    return l.remedy == "refund" || l.remedy == "replacement";
  });
  for (const PolicyLimit& l : limits) {
    if (l.remedy == "refund") {
      refund_limit_ = std::max(refund_limit_, l.max_amount);
      if (approver.empty()) approver = l.approver;
    }
    // A refund or a replacement is worth the order; other remedies carry their own amount.
    const bool worth_the_order = l.remedy == "refund" || l.remedy == "replacement";
    const bool within = !worth_the_order || l.max_amount <= 0 || o.amount <= l.max_amount;
    if (within && !l.wording.empty() && offers.size() < 2) offers.push_back(l.wording);
  }
  if (offers.empty()) {
    known_.erase("options");
  } else {
    known_["options"] = offers.size() == 1 ? offers[0] : offers[0] + ", or " + offers[1];
  }
  if (refund_limit_ > 0) known_["agent_limit"] = money(refund_limit_, o.currency);
  const auto policy = kb_->policy(situation);
  std::string p = policy ? policy->title + ": " : std::string("Policy: ");
  p += offers.empty() ? "nothing the agent can offer alone on this order"
                      : "you may offer " + known_["options"];
  if (refund_limit_ > 0) {
    p += "; refunds up to " + money(refund_limit_, o.currency) + " on your own authority";
    if (!approver.empty()) p += ", above that the " + approver + " approves";
  }
  card("policy:" + situation + ":" + o.id, "policy", p,
       {{"refund_limit", refund_limit_, o.currency}}, out);
}

void Guide::spot(const Utterance& u, EventSink& out) {
  if (kb_ == nullptr) return;
  if (known_.count("customer_name") > 0 && !customer_) {
    if (const auto c = kb_->customer_by_name(known_["customer_name"])) learn_customer(*c, out);
  }
  const std::vector<Entity> entities = spot_entities(u);
  // A product of this customer's named in the words ("the desk") brings up that order, when no
  // order number has been given.
  if (customer_ && !order_) {
    const std::string text = " " + lower_ascii(u.text()) + " ";
    for (const Order& o : kb_->orders_of(customer_->id)) {
      const std::string product = lower_ascii(o.product);
      const auto space = product.find_last_of(' ');
      const std::string noun = " " + product.substr(space == std::string::npos ? 0 : space + 1);
      if (noun.size() > 3 && (text.find(noun + " ") != std::string::npos ||
                              text.find(noun + ".") != std::string::npos ||
                              text.find(noun + ",") != std::string::npos)) {
        learn_order(o, out);
        break;
      }
    }
  }
  for (const Entity& e : entities) {
    if (e.kind == EntityKind::OrderId) {
      if (order_ && order_->id == e.value) continue;
      if (const auto o = kb_->order(e.value)) learn_order(*o, out);
    } else if (e.kind == EntityKind::AccountNumber) {
      if (const auto c = kb_->customer_by_account(e.value)) learn_customer(*c, out);
    }
  }
  if (u.speaker != Speaker::Caller || beyond_authority_) return;
  // A caller asking for more money back than this agent may give.
  const std::string text = lower_ascii(u.text());
  if (!mentions_money_back(text) || refund_limit_ <= 0) return;
  for (const Entity& e : entities) {
    if (e.kind != EntityKind::Amount) continue;
    const auto digits = e.value.find_first_of("0123456789");
    if (digits == std::string::npos) continue;
    const double amount = std::strtod(e.value.c_str() + digits, nullptr);
    if (amount > refund_limit_) {
      beyond_authority_ = true;
      beyond_authority_why_ = "the caller asks for " + e.words + ", above the agent's limit of " +
                              known_["agent_limit"];
      return;
    }
  }
  if (order_ && order_->amount > refund_limit_ && text.find("full refund") != std::string::npos) {
    beyond_authority_ = true;
    beyond_authority_why_ = "a full refund of " + money(order_->amount, order_->currency) +
                            " is above the agent's limit of " + known_["agent_limit"];
  }
}

}  // namespace composure
