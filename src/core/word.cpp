#include "core/word.h"

namespace composure {

std::string Utterance::text() const {
  std::string out;
  for (const Word& w : words) {
    if (!out.empty()) out += ' ';
    out += w.text;
  }
  return out;
}

}  // namespace composure
