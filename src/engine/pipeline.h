// One call's analysis, wired: frames of each speaker in, events out. Pure: no I/O, no threads, no
// clock; a live call and a recording go through the same object (offline is replay at full speed).
//
//   VectorSink sink;
//   auto pipeline = Pipeline::create({}, sink).value();
//   for (const Frame& f : frames) pipeline.push(f);   // agent and caller frames, each in order
//   pipeline.push_utterance(words);                   // from a recogniser or a transcript
//   pipeline.finish();
//   CallSummary s = pipeline.summary();
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/event.h"
#include "core/frame.h"
#include "core/result.h"
#include "core/word.h"
#include "guide/guide.h"
#include "guide/knowledge.h"
#include "guide/playbook.h"
#include "understand/assessor.h"
#include "understand/lexicon.h"
#include "understand/prosody_tracker.h"
#include "understand/robust_stats.h"
#include "understand/text_scorer.h"
#include "understand/turn_tracker.h"
#include "understand/word_cues.h"
#include "voice/channel_analyzer.h"

namespace composure {

struct PipelineConfig {
  bool two_party = true;                   // false: one mixed or one-sided channel
  Speaker mono_speaker = Speaker::Caller;  // who the single channel is, when not two-party
  VoiceConfig voice;
  ProsodyThresholds prosody;
  TurnThresholds turns;
  AssessorSettings assessor;
  // Guidance (suggestions, nudges, cards, escalations): none when the playbook is null. The
  // knowledge store is optional and must outlive the pipeline; both are shared and read-only.
  std::shared_ptr<const Playbook> playbook;
  const KnowledgeBase* knowledge = nullptr;
  // Shared, read-only, loaded once per process; no word cues when null.
  std::shared_ptr<const Lexicon> lexicon;
  // Scores each final caller utterance's words for frustration; none when null.
  std::shared_ptr<const TextScorer> text_scorer;
};

// One second of one speaker's voice, kept for charts (the post-call report): medians over the
// voiced speech in that second, and the speaker's baseline as it stood at the end of it.
struct VoicePoint {
  std::int64_t t_ms = 0;  // start of the second
  int voiced_frames = 0;  // how much voiced speech the medians rest on (20 ms frames)
  float level_db = 0;     // dBFS
  float f0_hz = 0;
  // The median of the speaker's earlier voiced speech, as the prosody tracker keeps it (left the
  // recent 2 s window, outside episodes); 0 until there is enough of it to judge against.
  float baseline_level_db = 0;
  float baseline_f0_hz = 0;

  bool operator==(const VoicePoint&) const = default;
};

struct SpeakerSummary {
  ProsodySummary prosody;
  SpeakerTurnStats turns;
};

struct CallSummary {
  std::int64_t duration_ms = 0;
  bool two_party = true;
  std::array<SpeakerSummary, 2> speakers{};  // indexed by Speaker
  TurnSummary turns;
  std::array<int, kEventKindCount> event_counts{};
  int frames_dropped = 0;  // frames that arrived out of order or for an unused channel
  int utterances = 0;
  int recognition_errors = 0;  // talk spurts the recogniser failed on (their words are missing)
  std::string first_recognition_error;
  AssessmentSummary assessment;  // frustration peak, caller type, stage, warnings
  // Per speaker (indexed by Speaker), one point for each second with at least 100 ms of voiced
  // speech; seconds without are left out.
  std::array<std::vector<VoicePoint>, 2> voice_trace;
};

// Told when a talk spurt has ended, so an adapter can send its audio to a recogniser.
class SpeechSegmentSink {
 public:
  virtual ~SpeechSegmentSink() = default;
  // A talk spurt began at `start_ms`; told once the segmenter is sure, about 200 ms later, so an
  // adapter can start streaming its audio to a recogniser.
  virtual void on_speech_start(Speaker /*speaker*/, std::int64_t /*start_ms*/) {}
  virtual void on_speech_segment(Speaker speaker, const Segment& segment) = 0;
};

// Collects events in memory (tests, offline runs).
class VectorSink final : public EventSink {
 public:
  void on_event(const Event& event) override { events.push_back(event); }
  std::vector<Event> events;
};

class Pipeline {
 public:
  // `segments` (optional) hears of every talk spurt as it closes.
  [[nodiscard]] static Result<Pipeline> create(const PipelineConfig& config, EventSink& sink,
                                               SpeechSegmentSink* segments = nullptr);

  // A frame of either speaker. Each speaker's frames must come in time order, 20 ms apart; the
  // two speakers may run up to about a second apart (network jitter on a live call).
  void push(const Frame& frame);
  // Words of one utterance, recognised or from a transcript. Utterances should come in the order
  // their speech ended; they may arrive after later frames (recognition takes time).
  void push_utterance(const Utterance& utterance);
  // End of call: flushes look-ahead, closes open spurts, turns and holds.
  void finish();

  CallSummary summary() const;

 private:
  // Counts every event, passes it on, and lets the assessor judge it (its judgements come back
  // through here, counted and passed on too).
  class CountingSink final : public EventSink {
   public:
    CountingSink(EventSink& next, const PipelineConfig& config)
        : assessor(config.assessor), next_(&next) {
      if (config.playbook) guide.emplace(config.playbook, config.knowledge);
    }
    void on_event(const Event& event) override;
    std::array<int, kEventKindCount> counts{};
    CallAssessor assessor;
    std::optional<Guide> guide;

   private:
    EventSink* next_;
  };
  // Activity verdicts waiting for the other speaker's verdict for the same frame time.
  struct ActivityQueue {
    static constexpr int kCapacity = 64;  // 1.28 s of skew between the two legs
    std::array<ActivityFrame, kCapacity> items{};
    int head = 0;
    int size = 0;
    bool push(const ActivityFrame& a);
    const ActivityFrame& front() const { return items[static_cast<std::size_t>(head)]; }
    void pop();
  };
  // The per-second voice trace of one speaker; the baselines are read from the speaker's
  // prosody tracker.
  class VoiceTracer {
   public:
    VoiceTracer();
    // Before the prosody tracker sees the frame: a new second closes the last one's point with
    // the tracker's baselines as they stood at its end.
    void push(const VoiceFrame& frame, const ProsodyTracker& prosody);
    void flush(const ProsodyTracker& prosody);
    const std::vector<VoicePoint>& points() const { return points_; }

   private:
    static constexpr int kSecondFrames = 50;   // 20 ms frames in a second
    static constexpr int kMinPointFrames = 5;  // 100 ms of voiced speech makes a point
    std::int64_t second_ = -1;
    std::array<float, kSecondFrames> level_now_{};
    std::array<float, kSecondFrames> pitch_now_{};  // semitones re 100 Hz
    std::array<float, kSecondFrames> scratch_{};
    int now_size_ = 0;
    std::vector<VoicePoint> points_;
  };
  struct Channel {
    ChannelAnalyzer analyzer;
    ProsodyTracker prosody;
    VoiceTracer trace;
    ActivityQueue queue;
    std::int64_t next_t_ms = 0;
    int spurts = 0;  // for one-sided calls, where no turn tracker counts them
    int pauses = 0;
    std::int64_t pause_ms = 0;
    std::int64_t last_end_ms = -1;
  };

  Pipeline(const PipelineConfig& config, std::unique_ptr<CountingSink> sink,
           std::array<std::unique_ptr<Channel>, 2> channels, SpeechSegmentSink* segments);
  Channel* channel(Speaker s) { return channels_[static_cast<std::size_t>(s)].get(); }
  void on_activity(Speaker s, const ActivityFrame& a);
  void drain_pairs();
  // Tells the assessor whether the caller is saying something raised that has no words yet.
  void note_caller_voice();
  void note_spurt(Channel& c, const Segment& seg);
  void score_text(const Utterance& u);

  PipelineConfig config_;
  std::unique_ptr<CountingSink> sink_;  // stable address: trackers keep no pointer, but callers may
  std::array<std::unique_ptr<Channel>, 2> channels_;
  TurnTracker turns_;
  SpeechSegmentSink* segments_ = nullptr;
  std::optional<WordCueDetector> word_cues_;
  std::int64_t end_ms_ = 0;
  int utterances_ = 0;
  int frames_dropped_ = 0;
  bool finished_ = false;
};

}  // namespace composure
