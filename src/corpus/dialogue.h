// Scripted calls (the `.dialogue` files of samples/ and tests/corpus/, format in
// scripts/render-samples) read without rendering them: each line becomes an Utterance with times
// estimated from its words and the speaker's speaking rate, and the corpus annotations (caller
// types, escalation start and peak, agent missteps) come with it. For judging text-only runs;
// rendered audio has measured times in its NAME.truth.json instead.
//
//   auto call = load_dialogue("tests/corpus/dev/da_venter_boiler.dialogue");
//   for (const Utterance& u : call->utterances()) pipeline.push_utterance(u);
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/speaker.h"
#include "core/word.h"

namespace composure {

enum class Arousal : std::uint8_t { Calm, Raised, High };

struct DialogueLine {
  Speaker speaker = Speaker::Caller;
  std::string text;
  Arousal arousal = Arousal::Calm;
  bool esc = false;   // the escalation starts here
  bool peak = false;  // the escalation peaks here
  bool backchannel = false;
  bool clipped = false;
  std::string misstep;  // agent lines: talk_over, trigger, no_validation, raised_voice, ...
  int source_line = 0;
  std::int64_t t_ms = 0;  // estimated
  std::int64_t end_ms = 0;
};

struct Dialogue {
  std::string name;  // file name without .dialogue
  std::string title;
  std::vector<std::string> types;   // "# types:" (empty when the file has none)
  std::vector<DialogueLine> lines;  // in script order
  std::int64_t duration_ms = 0;

  const DialogueLine* escalation_start() const;
  const DialogueLine* peak() const;
  // The lines as utterances, ordered by when they end (the order a recogniser delivers them).
  std::vector<Utterance> utterances() const;
};

// Parses one dialogue; errors name the file and line ("x.dialogue:12: unknown tag 'angry'").
[[nodiscard]] Result<Dialogue> parse_dialogue(std::string_view text, std::string_view name);
[[nodiscard]] Result<Dialogue> load_dialogue(const std::filesystem::path& path);

}  // namespace composure
