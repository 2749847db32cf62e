// One live call: audio of each leg in, frames on the call timeline into the same Pipeline that
// `composure analyze` uses, events out (redacted, numbered, stored in one transaction per batch,
// then published to screens). No sockets and no clock: the ingest sessions feed it.
//
//   auto call = LiveCall::start(setup, store, publish);
//   call->add_audio(Speaker::Caller, t_ms, pcm);   // media streams: placed by timestamp
//   call->append_audio(Speaker::Agent, pcm);       // AudioSocket: right after the last samples
//   call->finish(CallStatus::Ended);
//
// Frames of the two legs are released to the Pipeline in time order (agent first on a tie, as
// the offline replay does); a leg that runs ahead is held back up to kHoldFrames (1 s), so two
// connections read at different speeds still give the offline answer.
//
// With a DecoderPool in the setup, each talk spurt is streamed to a decoder from the moment the
// segmenter reports its start (as `analyze` does: 150 ms of audio before the start, fed 250 ms
// behind the frames, up to 150 ms after the end), and its words come back on a pool thread. They
// are handed to `setup.post` (which must run them on the call's thread, e.g. its io strand) and
// enter the Pipeline in the order the spurts ended. finish() then completes once the last
// spurt's words are in: finished() turns true and `setup.on_done` is told.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/word.h"
#include "engine/pipeline.h"
#include "speech/decoder_pool.h"
#include "store/event_store.h"

namespace composure {

struct LiveCallSetup {
  std::string id;
  std::string source;  // "media", "audiosocket"
  std::string meta = "{}";
  std::int64_t started_at = 0;  // ms since 1970
  bool two_party = true;
  Speaker mono_speaker = Speaker::Caller;  // the one leg of a one-party call
  PipelineConfig pipeline;  // shared, read-only parts (lexicon, scorer, playbook, knowledge)
  std::filesystem::path raw_audio_dir;  // empty: raw audio is not kept
  // Speech recognition: null for none. Shared by every call; must outlive the call's streams.
  DecoderPool* recognizer = nullptr;
  // Runs a task on the call's thread; called from decoder threads. Required with a recognizer.
  std::function<void(std::function<void()>)> post;
  // Told on the call's thread when finish() has completed (possibly from inside a LiveCall
  // method: do not destroy the call from it; post that instead).
  std::function<void()> on_done;
};

// How long recognised words took: from the spurt's end being reported to its words entering the
// pipeline. Fixed buckets, as Prometheus histograms want them.
struct LatencyHistogram {
  static constexpr std::array<std::int64_t, 9> kBoundsMs{25,   50,   100,  250,  500,
                                                         1000, 2000, 5000, 10000};
  std::array<std::int64_t, kBoundsMs.size()> buckets{};  // cumulative: at or under each bound
  std::int64_t count = 0;
  std::int64_t sum_ms = 0;
  void add(std::int64_t ms);
  void merge(const LatencyHistogram& other);
};

// Told of every stored row of every call, in order (the live feed, metrics), with `heard_ms`: the
// end of the call's audio received when the row was emitted. Called on the call's thread.
using CallPublisher =
    std::function<void(const std::string& call_id, const EventRow& row, std::int64_t heard_ms)>;

struct LiveCallStats {
  std::int64_t frames = 0;          // frames pushed into the pipeline, both legs
  std::int64_t frames_dropped = 0;  // audio thrown away: late or duplicate messages, skew
  std::int64_t silence_ms = 0;      // gaps filled with silence
  std::int64_t events = 0;          // rows stored, warnings included
  std::int64_t warnings = 0;
  std::int64_t store_errors = 0;
  std::int64_t utterances = 0;          // recognised or posted utterances pushed
  std::int64_t recognition_errors = 0;  // spurts whose words could not be recognised
  LatencyHistogram recognition_latency;
};

class LiveCall {
 public:
  static constexpr int kHoldFrames = 50;

  // Records the call as live in the store (may be null: nothing stored) and builds its pipeline.
  static Result<std::unique_ptr<LiveCall>> start(LiveCallSetup setup, EventStore* store,
                                                 CallPublisher publish);
  ~LiveCall();
  LiveCall(const LiveCall&) = delete;
  LiveCall& operator=(const LiveCall&) = delete;
  LiveCall(LiveCall&&) = delete;
  LiveCall& operator=(LiveCall&&) = delete;

  // Samples of one leg that start at `t_ms` on the call timeline. A jump forward of a frame or
  // more is a gap: filled with silence, with a warning. Audio that starts a frame or more before
  // the end of what the leg already has is dropped, with a warning.
  void add_audio(Speaker leg, std::int64_t t_ms, std::span<const std::int16_t> pcm);
  // Samples that follow the leg's last ones.
  void append_audio(Speaker leg, std::span<const std::int16_t> pcm);
  // Where a leg's audio starts when it joins late (AudioSocket); before its first samples.
  void set_leg_start(Speaker leg, std::int64_t t_ms);
  // A notice about the stream itself, stored and published like an event.
  void warn(std::int64_t t_ms, const std::string& text);
  // The leg will send no more (hang-up): the other leg is no longer held back for it.
  void end_leg(Speaker leg);
  // Words from the operator's own recogniser (a transcript): into the pipeline now. Utterances
  // should come in the order their speech ended.
  void add_utterance(const Utterance& utterance);
  // Ends the call: flushes partial frames, pads the shorter leg with silence to the same end,
  // finishes the pipeline, stores what it emitted and, once the words of every spurt are in, the
  // call's end. Idempotent; never waits for a decoder.
  void finish(CallStatus status);
  // Gives up on words still being recognised (the server is stopping): stores a warning and
  // completes the finish at once.
  void abandon_recognition();

  const std::string& id() const { return setup_.id; }
  bool two_party() const { return setup_.two_party; }
  bool finishing() const { return finish_called_; }  // finish() was called
  bool finished() const { return finished_; }        // ...and has completed
  // Spurts whose words are still being recognised.
  int recognition_pending() const { return static_cast<int>(ended_.size()); }
  // The end of the audio received so far on the call timeline.
  std::int64_t now_ms() const;
  const LiveCallStats& stats() const { return stats_; }
  // Frames held back waiting for the other leg.
  int queued_frames() const;
  CallSummary summary() const;

 private:
  struct Leg;
  class Collector;
  class Segments;
  struct Inbox;
  // The recent audio of one speaker as it went into the pipeline, for the streams to read.
  struct Ring {
    std::vector<std::int16_t> pcm;
    std::int64_t written = 0;  // samples since the call began
  };
  struct SpurtStream {
    std::shared_ptr<DecoderPool::Stream> stream;
    std::uint64_t id = 0;
    Speaker speaker = Speaker::Caller;
    std::int64_t fed = 0;  // samples of the speaker's timeline fed so far
    std::int64_t to = -1;  // where the spurt's audio ends (with its pad); -1 while it is spoken
  };
  struct Awaited {
    std::uint64_t id = 0;
    std::optional<Result<Utterance>> words;
    std::chrono::steady_clock::time_point ended;
  };

  LiveCall(LiveCallSetup setup, EventStore* store, CallPublisher publish);
  Leg& leg(Speaker s);
  void place(Leg& l, std::span<const std::int16_t> pcm);
  void emit_frame(Leg& l);
  void release(bool all);
  void push(const Frame& f);
  void flush();
  void on_pipeline_event(const Event& e);
  void on_speech_start(Speaker s, std::int64_t start_ms);
  void on_speech_segment(Speaker s, const Segment& seg);
  SpurtStream open_stream(Speaker s, std::int64_t from_ms);
  void feed(SpurtStream& st, std::int64_t upto);
  void pump_closing(bool final);
  void on_recognized(std::uint64_t id, Result<Utterance> words);
  void complete_if_done();

  LiveCallSetup setup_;
  EventStore* store_;
  CallPublisher publish_;
  std::unique_ptr<Collector> collector_;
  std::unique_ptr<Segments> segments_;
  std::shared_ptr<Inbox> inbox_;  // decoder results find the call through a weak pointer
  std::array<Ring, 2> rings_;
  std::array<std::int64_t, 2> heard_ms_{};        // pipeline time reached per speaker
  std::array<std::int64_t, 2> real_end_{-1, -1};  // samples received per leg, set at finish
  std::array<std::optional<SpurtStream>, 2> active_;
  std::vector<SpurtStream> closing_;  // ended spurts still owed audio up to `to`
  std::deque<Awaited> ended_;         // in the order the spurts ended
  std::uint64_t next_stream_id_ = 0;
  bool lost_audio_warned_ = false;
  std::array<std::unique_ptr<Leg>, 2> legs_;
  std::optional<Pipeline> pipeline_;
  std::vector<EventRow> pending_;
  std::int64_t next_seq_ = 0;
  LiveCallStats stats_;
  CallStatus status_ = CallStatus::Ended;
  bool finish_called_ = false;
  bool finished_ = false;
};

}  // namespace composure
