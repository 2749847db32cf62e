// Human forms of call-timeline times: "01:42.1" for display and evidence sentences.
#pragma once

#include <cstdint>
#include <string>

namespace composure {

// mm:ss.t (tenths), or h:mm:ss.t past an hour.
std::string format_clock(std::int64_t t_ms);

// "00:42.1-00:47.9"
std::string format_span(std::int64_t start_ms, std::int64_t end_ms);

}  // namespace composure
