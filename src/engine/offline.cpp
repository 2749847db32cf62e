#include "engine/offline.h"

#include <algorithm>
#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>

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

// Audio a stream is fed is held back this far behind the frames, so that it never runs past the
// end of a spurt plus its pad: the segmenter reports an end about 200 ms after it.
constexpr std::int64_t kStreamLagMs = 250;

// A spurt's words enter the pipeline this long after the spurt ends on the call timeline (the
// design's budget for words on a live call). Offline analysis then judges at the times a live
// call would, and gives the same events however fast or busy the machine is.
constexpr std::int64_t kWordsAfterSpurtMs = 500;

std::size_t sample_at(std::int64_t t_ms) {
  return static_cast<std::size_t>(std::max<std::int64_t>(0, t_ms) * kSampleRate / 1000);
}

// Drops what the first pass emits: it only finds the talk spurts.
class Discard final : public EventSink {
 public:
  void on_event(const Event& /*event*/) override {}
};

// Streams each spurt to the recogniser while it is spoken (from when the segmenter reports its
// start), so that only its last moments are left to decode when it ends, and keeps the results in
// the order the spurts ended, so words enter the pipeline in the same order whatever the
// decoders' timing. A stream is fed exactly the audio a whole-spurt decode would get.
class RecognitionQueue final : public SpeechSegmentSink {
 public:
  RecognitionQueue(const CallAudio& audio, DecoderPool& recognizer, std::vector<Utterance>* keep)
      : audio_(audio), recognizer_(recognizer), keep_(keep) {}

  void on_speech_start(Speaker speaker, std::int64_t start_ms) override {
    std::optional<Active>& a = active_[static_cast<std::size_t>(speaker)];
    if (a) a->stream->close();  // cannot happen: a spurt ends before the next starts
    const std::int64_t from_ms = std::max<std::int64_t>(0, start_ms - kRecognitionPadMs);
    auto [stream, words] = recognizer_.open_stream(speaker, from_ms);
    a = Active{std::move(stream), std::move(words), sample_at(from_ms)};
    feed(speaker, sample_at(now_ms_ - kStreamLagMs));
  }

  void on_speech_segment(Speaker speaker, const Segment& seg) override {
    const auto& pcm = pcm_of(speaker);
    const std::int64_t from_ms = std::max<std::int64_t>(0, seg.start_ms - kRecognitionPadMs);
    const auto to = std::min(pcm.size(), sample_at(seg.end_ms + kRecognitionPadMs));
    std::optional<Active>& a = active_[static_cast<std::size_t>(speaker)];
    const std::int64_t due_ms = seg.end_ms + kWordsAfterSpurtMs;
    if (a) {
      feed(speaker, to);
      a->stream->close();
      pending_.push_back({std::move(a->words), due_ms});
      a.reset();
      return;
    }
    // Not streamed (the call ended before its start was reported): the whole spurt at once.
    const auto from = sample_at(from_ms);
    if (from >= to) return;
    pending_.push_back({recognizer_.submit(speaker, from_ms,
                                           std::vector<std::int16_t>(
                                               pcm.begin() + static_cast<std::ptrdiff_t>(from),
                                               pcm.begin() + static_cast<std::ptrdiff_t>(to))),
                        due_ms});
  }

  // The frames have reached `t_ms`: streams get the audio up to the lag behind it.
  void advance(std::int64_t t_ms) {
    now_ms_ = t_ms;
    for (const Speaker s : {Speaker::Agent, Speaker::Caller}) {
      if (active_[static_cast<std::size_t>(s)]) feed(s, sample_at(t_ms - kStreamLagMs));
    }
  }

  // Closes streams left open (none after Pipeline::finish(), which closes every spurt).
  void close_all() {
    for (auto& a : active_) {
      if (!a) continue;
      a->stream->close();
      pending_.push_back({std::move(a->words), 0});
      a.reset();
    }
  }

  // Pushes the words of every spurt due by `t_ms`, in the order the spurts ended, waiting for the
  // decoder where it is behind.
  void drain(Pipeline& pipeline, std::int64_t t_ms) {
    while (!pending_.empty() && pending_.front().due_ms <= t_ms) {
      auto words = pending_.front().words.get();
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
  struct Active {
    std::shared_ptr<DecoderPool::Stream> stream;
    std::future<Result<Utterance>> words;
    std::size_t fed = 0;  // samples of the channel fed so far
  };

  const std::vector<std::int16_t>& pcm_of(Speaker speaker) const {
    return speaker == Speaker::Agent && !audio_.mono ? audio_.agent : audio_.caller;
  }

  void feed(Speaker speaker, std::size_t upto) {
    Active& a = *active_[static_cast<std::size_t>(speaker)];
    const auto& pcm = pcm_of(speaker);
    upto = std::min(upto, pcm.size());
    if (upto <= a.fed) return;
    a.stream->feed(std::span(pcm).subspan(a.fed, upto - a.fed));
    a.fed = upto;
  }

  const CallAudio& audio_;
  DecoderPool& recognizer_;
  std::vector<Utterance>* keep_;
  std::array<std::optional<Active>, 2> active_;
  std::int64_t now_ms_ = 0;
  struct Pending {
    std::future<Result<Utterance>> words;
    std::int64_t due_ms = 0;  // call time at which the words enter the pipeline
  };
  std::deque<Pending> pending_;
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
  // Each frame of the call in order, two-party or one leg, then `after(t_ms)` once per 20 ms.
  const auto replay = [&](Pipeline& p, const std::function<void(std::int64_t)>& after) {
    if (audio == nullptr) return;
    const std::size_t samples = std::max(audio->agent.size(), audio->caller.size());
    Frame agent;
    agent.speaker = Speaker::Agent;
    Frame caller;
    caller.speaker = audio->mono ? config.mono_speaker : Speaker::Caller;
    for (std::size_t offset = 0; offset < samples; offset += kFrameSamples) {
      const auto t_ms = static_cast<std::int64_t>(offset / (kSampleRate / 1000));
      if (!audio->mono) {
        agent.t_ms = t_ms;
        fill(agent, audio->agent, offset);
        p.push(agent);
      }
      caller.t_ms = t_ms;
      fill(caller, audio->caller, offset);
      p.push(caller);
      after(t_ms);
    }
  };

  // With recognition, a first pass finds the talk spurts and streams them to the decoders at full
  // speed, so every decoder is busy while the second pass, the one that judges, replays the call
  // with each spurt's words entering kWordsAfterSpurtMs after it ends.
  if (recognition) {
    Discard discard;
    auto first = Pipeline::create(config, discard, &*recognition);
    if (!first) return tl::unexpected(first.error());
    replay(*first, [&](std::int64_t t_ms) { recognition->advance(t_ms + kFrameMs); });
    first->finish();
    recognition->close_all();
  }

  auto pipeline = Pipeline::create(config, sink);
  if (!pipeline) return tl::unexpected(pipeline.error());

  // Transcript words enter once the frames have passed their end, as they would live.
  std::size_t next_words = 0;
  const auto push_words_until = [&](std::int64_t t_ms) {
    if (in.transcript == nullptr) return;
    while (next_words < in.transcript->size() && (*in.transcript)[next_words].end_ms <= t_ms) {
      pipeline->push_utterance((*in.transcript)[next_words++]);
    }
  };

  constexpr std::int64_t kProgressEveryMs = 60'000;
  replay(*pipeline, [&](std::int64_t t_ms) {
    push_words_until(t_ms);
    if (recognition) recognition->drain(*pipeline, t_ms + kFrameMs);
    if (progress && t_ms % kProgressEveryMs == 0) progress(t_ms, audio->duration_ms);
  });
  push_words_until(INT64_MAX);
  pipeline->finish();
  // The last spurts' words come after the call has ended, as they would live.
  if (recognition) recognition->drain(*pipeline, INT64_MAX);
  CallSummary summary = pipeline->summary();
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
