// Small text helpers shared by the parsers of data files and the offline tools.
#pragma once

#include <string_view>
#include <vector>

namespace composure {

// Splits on every `sep`, keeping empty fields: "a,,b" -> {"a", "", "b"}; "" -> {""}.
std::vector<std::string_view> split(std::string_view text, char sep);

}  // namespace composure
