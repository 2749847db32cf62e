// The handoff brief: what whoever takes over a call needs so the caller never repeats the story.
// Built from the call's event log alone (up to a moment), so it works the same on a live call,
// a finished recording or events read back from the store.
//
//   HandoffBrief b = make_brief(events, at_ms);   // events in emission order
//   std::cout << brief_to_text(b);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/event.h"

namespace composure {

struct BriefMoment {
  std::int64_t t_ms = 0;
  std::string what;
};

struct HandoffBrief {
  std::int64_t at_ms = 0;
  std::string caller;                // who: the customer card, or the name they gave
  std::string wants;                 // what they called about, in their words
  std::vector<std::string> demands;  // what they asked for, quoted
  std::string caller_type;           // "venter (0.85): 2 long emotional turns ..."
  std::string frustration;           // "angry now (0.78); peaked at 0.82 at 02:37"
  std::string trajectory;            // "calm -> tense 01:10 -> angry 02:37"
  std::vector<BriefMoment> timeline;
  std::vector<std::string> tried;        // what the agent did and offered, quoted with times
  std::vector<std::string> facts;        // knowledge cards shown
  std::vector<std::string> escalations;  // decisions with reasons
  std::vector<std::string> avoid;        // what not to say
};

HandoffBrief make_brief(const std::vector<Event>& events, std::int64_t at_ms);
std::string brief_to_text(const HandoffBrief& brief);

}  // namespace composure
