// Transcripts in: words a contact center already has from its own recogniser or from typed
// chat, as JSON segments or as "[mm:ss] AGENT: ..." lines, turned into Utterances on the call
// timeline so they enter the same pipeline as recognised words.
//
// JSON:  {"segments": [{"speaker": "caller", "start": 12.3, "end": 15.1, "text": "...",
//                       "words": [{"word": "hello", "start": 12.3, "end": 12.6,
//                                  "confidence": 0.93}, ...]}]}
//        (a bare array of segments also works; times in seconds, or start_ms/end_ms)
// Text:  [00:12] CALLER: I've been waiting three weeks.
//        [01:02:03.5] AGENT: ...
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/word.h"

namespace composure {

// Parses JSON transcript text. `name` appears in errors ("t.json: segments[3].speaker: ...").
[[nodiscard]] Result<std::vector<Utterance>> parse_json_transcript(std::string_view text,
                                                                   std::string_view name);

// Parses the one-turn-per-line text form. Errors name the file and line.
[[nodiscard]] Result<std::vector<Utterance>> parse_text_transcript(std::string_view text,
                                                                   std::string_view name);

// Reads a transcript file, choosing the form by content (JSON starts with '{' or '[').
[[nodiscard]] Result<std::vector<Utterance>> load_transcript(const std::filesystem::path& path);

// Splits typed text into words spread over [t_ms, end_ms] in proportion to their length.
std::vector<Word> spread_words(std::string_view text, std::int64_t t_ms, std::int64_t end_ms);

}  // namespace composure
