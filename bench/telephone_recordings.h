// The five librivox recordings of Debian's pocketsphinx-testdata (24.7 s of read speech) as a
// G.711 mu-law telephone line carries them: 8 kHz, companded and back. Loaded once; a bench that
// cannot find them says which package to install and exits.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "audio/g711.h"
#include "audio/resample.h"
#include "audio/wav_reader.h"

namespace composure {

inline const std::vector<std::vector<std::int16_t>>& telephone_recordings() {
  static const std::vector<std::vector<std::int16_t>> all = [] {
    const std::filesystem::path dir = "/usr/share/pocketsphinx/test/data/librivox";
    std::vector<std::vector<std::int16_t>> out;
    for (const char* id : {"0870", "0880", "0890", "0920", "0930"}) {
      auto audio = load_audio_file(
          dir / ("sense_and_sensibility_01_austen_64kb-" + std::string(id) + ".wav"));
      if (!audio) {
        std::fprintf(stderr, "%s (apt-get install pocketsphinx-testdata)\n",
                     audio.error().message.c_str());
        std::exit(1);
      }
      auto narrow = resample_to_int16(audio->channels.front(), audio->sample_rate, 8000);
      std::vector<std::int16_t> line;
      for (std::int16_t s : narrow.value()) line.push_back(ulaw_to_linear(linear_to_ulaw(s)));
      out.push_back(std::move(line));
    }
    return out;
  }();
  return all;
}

}  // namespace composure
