// The server's log: one line per thing worth knowing, on stderr, with the wall-clock time.
#pragma once

#include <string_view>

namespace composure {

void log_line(std::string_view text);

}  // namespace composure
