#include "engine/offline.h"

#include <algorithm>
#include <deque>

namespace composure {
namespace {

// Audio on either side of a spurt handed to the recogniser, so word edges are not clipped.
constexpr std::int64_t kRecognitionPadMs = 150;

void fill(Frame& f, const std::vector<std::int16_t>& pcm, std::size_t offset) {
  const std::size_t n =
      std::min<std::size_t>(kFrameSamples, pcm.size() - std::min(pcm.size(), offset));
  std::copy_n(pcm.begin() + static_cast<std::ptrdiff_t>(offset), n, f.pcm.begin());
  std::fill(f.pcm.begin() + static_cast<std::ptrdiff_t>(n), f.pcm.end(), std::int16_t{0});
}

// Sends each closed spurt to the recogniser and keeps the results in spurt order, so words enter
// the pipeline in the same order whatever the decoders' timing.
class RecognitionQueue final : public SpeechSegmentSink {
 public:
  RecognitionQueue(const CallAudio& audio, DecoderPool& recognizer, std::vector<Utterance>* keep)
      : audio_(audio), recognizer_(recognizer), keep_(keep) {}

  void on_speech_segment(Speaker speaker, const Segment& seg) override {
    const auto& pcm = speaker == Speaker::Agent && !audio_.mono ? audio_.agent : audio_.caller;
    const std::int64_t from_ms = std::max<std::int64_t>(0, seg.start_ms - kRecognitionPadMs);
    const auto from = static_cast<std::size_t>(from_ms * kSampleRate / 1000);
    const auto to = std::min(pcm.size(), static_cast<std::size_t>((seg.end_ms + kRecognitionPadMs) *
                                                                  kSampleRate / 1000));
    if (from >= to) return;
    pending_.push_back(recognizer_.submit(
        speaker, from_ms,
        std::vector<std::int16_t>(pcm.begin() + static_cast<std::ptrdiff_t>(from),
                                  pcm.begin() + static_cast<std::ptrdiff_t>(to))));
  }

  // Pushes finished results from the front; with `wait`, waits for all of them.
  void drain(Pipeline& pipeline, bool wait) {
    while (!pending_.empty()) {
      auto& front = pending_.front();
      if (!wait && front.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
      auto words = front.get();
      pending_.pop_front();
      // One spurt that could not be decoded costs its words, not the call.
      if (words) {
        pipeline.push_utterance(*words);
        if (keep_ != nullptr && !words->words.empty()) keep_->push_back(std::move(*words));
      } else {
        ++errors_;
        if (first_error_.empty()) first_error_ = words.error().message;
      }
    }
  }

  int errors() const { return errors_; }
  const std::string& first_error() const { return first_error_; }

 private:
  const CallAudio& audio_;
  DecoderPool& recognizer_;
  std::vector<Utterance>* keep_;
  std::deque<std::future<Result<Utterance>>> pending_;
  int errors_ = 0;
  std::string first_error_;
};

}  // namespace

Result<CallSummary> analyze_call(const CallInputs& in, PipelineConfig config, EventSink& sink,
                                 const Progress& progress) {
  const CallAudio* audio = in.audio;
  if (audio != nullptr) config.two_party = !audio->mono;
  std::optional<RecognitionQueue> recognition;
  if (audio != nullptr && in.recognizer != nullptr && in.transcript == nullptr) {
    recognition.emplace(*audio, *in.recognizer, in.recognized);
  }
  auto pipeline = Pipeline::create(config, sink, recognition ? &*recognition : nullptr);
  if (!pipeline) return tl::unexpected(pipeline.error());

  // Transcript words enter once the frames have passed their end, as they would live.
  std::size_t next_words = 0;
  const auto push_words_until = [&](std::int64_t t_ms) {
    if (in.transcript == nullptr) return;
    while (next_words < in.transcript->size() && (*in.transcript)[next_words].end_ms <= t_ms) {
      pipeline->push_utterance((*in.transcript)[next_words++]);
    }
  };

  if (audio != nullptr) {
    const std::size_t samples = std::max(audio->agent.size(), audio->caller.size());
    Frame agent;
    agent.speaker = Speaker::Agent;
    Frame caller;
    caller.speaker = audio->mono ? config.mono_speaker : Speaker::Caller;
    constexpr std::int64_t kProgressEveryMs = 60'000;
    for (std::size_t offset = 0; offset < samples; offset += kFrameSamples) {
      const auto t_ms = static_cast<std::int64_t>(offset / (kSampleRate / 1000));
      if (!audio->mono) {
        agent.t_ms = t_ms;
        fill(agent, audio->agent, offset);
        pipeline->push(agent);
      }
      caller.t_ms = t_ms;
      fill(caller, audio->caller, offset);
      pipeline->push(caller);
      push_words_until(t_ms);
      if (recognition) recognition->drain(*pipeline, /*wait=*/false);
      if (progress && t_ms % kProgressEveryMs == 0) progress(t_ms, audio->duration_ms);
    }
  }
  push_words_until(INT64_MAX);
  pipeline->finish();
  CallSummary summary;
  if (recognition) recognition->drain(*pipeline, /*wait=*/true);
  summary = pipeline->summary();
  if (recognition) {
    summary.recognition_errors = recognition->errors();
    summary.first_recognition_error = recognition->first_error();
  }
  if (progress && audio != nullptr) progress(audio->duration_ms, audio->duration_ms);
  return summary;
}

Result<CallSummary> analyze_call(const CallAudio& audio, PipelineConfig config, EventSink& sink,
                                 const Progress& progress) {
  return analyze_call(CallInputs{&audio, nullptr, nullptr}, std::move(config), sink, progress);
}

}  // namespace composure
