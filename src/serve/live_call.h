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
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/pipeline.h"
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
};

// Told of every stored row of every call, in order (the live feed, metrics).
using CallPublisher = std::function<void(const std::string& call_id, const EventRow& row)>;

struct LiveCallStats {
  std::int64_t frames = 0;          // frames pushed into the pipeline, both legs
  std::int64_t frames_dropped = 0;  // audio thrown away: late or duplicate messages, skew
  std::int64_t silence_ms = 0;      // gaps filled with silence
  std::int64_t events = 0;          // rows stored, warnings included
  std::int64_t warnings = 0;
  std::int64_t store_errors = 0;
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
  // Ends the call: flushes partial frames, pads the shorter leg with silence to the same end,
  // finishes the pipeline, stores what it emitted and the call's end. Idempotent.
  void finish(CallStatus status);

  const std::string& id() const { return setup_.id; }
  bool two_party() const { return setup_.two_party; }
  bool finished() const { return finished_; }
  // The end of the audio received so far on the call timeline.
  std::int64_t now_ms() const;
  const LiveCallStats& stats() const { return stats_; }
  // Frames held back waiting for the other leg.
  int queued_frames() const;
  CallSummary summary() const;

 private:
  struct Leg;
  class Collector;

  LiveCall(LiveCallSetup setup, EventStore* store, CallPublisher publish);
  Leg& leg(Speaker s);
  void place(Leg& l, std::span<const std::int16_t> pcm);
  void emit_frame(Leg& l);
  void release(bool all);
  void push(const Frame& f);
  void flush();
  void on_pipeline_event(const Event& e);

  LiveCallSetup setup_;
  EventStore* store_;
  CallPublisher publish_;
  std::unique_ptr<Collector> collector_;
  std::array<std::unique_ptr<Leg>, 2> legs_;
  std::optional<Pipeline> pipeline_;
  std::vector<EventRow> pending_;
  std::int64_t next_seq_ = 0;
  LiveCallStats stats_;
  bool finished_ = false;
};

}  // namespace composure
