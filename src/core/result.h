// Expected failures are values: Result<T> carries either a T or an Error that says what went wrong
// and where ("calls/a.wav: unsupported WAV format 0x0055 (MP3) at byte 20").
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace composure {

struct Error {
  std::string message;

  bool operator==(const Error&) const = default;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(std::string message) {
  return tl::unexpected<Error>(Error{std::move(message)});
}

}  // namespace composure
