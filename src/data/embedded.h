// The files under data/ (lexicons, scorer weights, ...) compiled into the binary, so `composure`
// runs from anywhere with its defaults; a --data DIR option can still point at edited copies.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace composure {

// Contents of data/<path> as it was at build time, e.g. embedded_file("lexicons/caller.lex").
std::optional<std::string_view> embedded_file(std::string_view path);

// Every embedded path, sorted.
std::vector<std::string_view> embedded_paths();

}  // namespace composure
