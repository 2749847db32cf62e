// Small text helpers shared by the parsers of data files and the offline tools.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace composure {

// Splits on every `sep`, keeping empty fields: "a,,b" -> {"a", "", "b"}; "" -> {""}.
std::vector<std::string_view> split(std::string_view text, char sep);

// ASCII lower case ("Order 42" -> "order 42"); other bytes are left as they are.
std::string lower_ascii(std::string_view text);

}  // namespace composure
