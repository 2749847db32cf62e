#include "understand/turn_tracker.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "core/timefmt.h"
#include "understand/robust_stats.h"

namespace composure {
namespace {

std::string seconds(std::int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000.0);
  return buf;
}

double as_s(std::int64_t ms) {
  return static_cast<double>(ms) / 1000.0;
}

Event make_event(EventKind kind, Speaker speaker, std::int64_t t_ms, std::int64_t end_ms,
                 float strength) {
  Event e;
  e.kind = kind;
  e.speaker = speaker;
  e.t_ms = t_ms;
  e.end_ms = end_ms;
  e.strength = std::clamp(strength, 0.0F, 1.0F);
  return e;
}

}  // namespace

void TurnTracker::push(const ActivityFrame& agent, const ActivityFrame& caller, EventSink& sink) {
  if (agent.ended) on_end(Speaker::Agent, *agent.ended, sink);
  if (caller.ended) on_end(Speaker::Caller, *caller.ended, sink);
  if (agent.started_ms) on_start(Speaker::Agent, *agent.started_ms, sink);
  if (caller.started_ms) on_start(Speaker::Caller, *caller.started_ms, sink);
  tick(agent.t_ms + kFrameMs, sink);
}

void TurnTracker::on_start(Speaker s, std::int64_t t_ms, EventSink& sink) {
  Party& me = party(s);
  const Speaker o = other(s);
  me.active = true;
  me.spurt_start_ms = t_ms;
  ++stats(s).spurts;

  if (s == Speaker::Agent && hold_.phase == HoldPhase::Waiting) {
    hold_.longest_wait_ms = std::max(hold_.longest_wait_ms, t_ms - hold_.wait_start_ms);
    hold_.phase = HoldPhase::AgentBack;
    hold_.back_ms = t_ms;
    hold_.back_agent_ms = 0;
    hold_.back_caller_ms = 0;
  }

  if (party(o).active) {
    overlap_ = Overlap{s, t_ms, 0};
    return;
  }
  if (silent_) close_silence(t_ms, sink);
  silent_ = false;
  if (floor_ == s) {
    if (me.last_end_ms >= 0) {
      ++stats(s).pauses;
      stats(s).pause_ms += t_ms - me.last_end_ms;
    }
    return;
  }
  const bool answered = party(o).last_end_ms >= 0;
  begin_turn(s, t_ms, answered ? t_ms - party(o).last_end_ms : 0, answered, sink);
}

void TurnTracker::on_end(Speaker s, const Segment& seg, EventSink& sink) {
  Party& me = party(s);
  const Speaker o = other(s);
  me.active = false;
  me.last_end_ms = seg.end_ms;

  if (overlap_ && overlap_->by == s) {
    const std::int64_t length = seg.end_ms - overlap_->start_ms;
    if (length < t_.backchannel_max_ms && party(o).active && overlap_->overlap_ms > 0) {
      Event e = make_event(EventKind::Backchannel, s, overlap_->start_ms, seg.end_ms, 0.2F);
      e.evidence.text = std::string(to_string(s)) + " backchannel of " + seconds(length) +
                        " while the " + std::string(to_string(o)) + " kept talking, " +
                        format_span(overlap_->start_ms, seg.end_ms);
      e.evidence.numbers = {{"length", as_s(length), "s"}};
      sink.on_event(e);
      ++stats(s).backchannels;
    }
    overlap_.reset();
  }

  if (party(o).active) {
    // The other speaker carries on alone: the floor is theirs now.
    if (floor_ != o) {
      begin_turn(o, party(o).spurt_start_ms, party(o).spurt_start_ms - seg.end_ms, true, sink);
    }
    return;
  }
  last_speaker_ = s;
  silent_ = true;
  silence_start_ms_ = seg.end_ms;
  silence_in_hold_ = hold_.phase != HoldPhase::None;
}

void TurnTracker::begin_turn(Speaker s, std::int64_t t_ms, std::int64_t latency_ms, bool answered,
                             EventSink& sink) {
  close_turn(sink);
  floor_ = s;
  turn_start_ms_ = t_ms;
  turn_speech_ms_ = 0;
  turn_latency_ms_ = latency_ms;
  turn_answered_ = answered;
  ++stats(s).turns;
  if (answered) {
    stats(s).latency_sum_ms += latency_ms;
    ++stats(s).latency_count;
  }
}

void TurnTracker::close_turn(EventSink& sink) {
  if (!floor_) return;
  const Speaker s = *floor_;
  const Party& p = party(s);
  const std::int64_t end = p.active ? now_ms_ : std::max(p.last_end_ms, turn_start_ms_);
  Event e = make_event(EventKind::Turn, s, turn_start_ms_, end, 0.0F);
  e.evidence.text = std::string(to_string(s)) + " turn of " + seconds(end - turn_start_ms_) + " (" +
                    seconds(turn_speech_ms_) + " speaking)";
  if (turn_answered_) {
    e.evidence.text += turn_latency_ms_ >= 0
                           ? ", answered " + seconds(turn_latency_ms_) + " after the " +
                                 std::string(to_string(other(s)))
                           : ", started " + seconds(-turn_latency_ms_) + " before the " +
                                 std::string(to_string(other(s))) + " finished";
  }
  e.evidence.numbers = {{"duration", as_s(end - turn_start_ms_), "s"},
                        {"speech", as_s(turn_speech_ms_), "s"}};
  if (turn_answered_) e.evidence.numbers.push_back({"latency", as_s(turn_latency_ms_), "s"});
  sink.on_event(e);
  if (s == Speaker::Caller && turn_answered_) {
    on_caller_turn_closed(turn_start_ms_, end, turn_speech_ms_, sink);
  }
  floor_.reset();
}

void TurnTracker::on_caller_turn_closed(std::int64_t start_ms, std::int64_t end_ms,
                                        std::int64_t speech_ms, EventSink& sink) {
  if (speech_ms <= t_.clipped_reply_max_ms) {
    if (short_run_ == 0) short_run_start_ms_ = start_ms;
    ++short_run_;
    if (short_run_ >= t_.clipped_run && !clipped_fired_) {
      // Baseline: the caller's replies before this run of short ones.
      const int before_end = caller_turn_count_ - (short_run_ - 1);
      // Only the last kTurnHistory replies are still in the ring.
      const int before_begin = std::max(0, caller_turn_count_ - kTurnHistory);
      const int n = before_end - before_begin;
      if (n >= 3) {
        for (int i = 0; i < n; ++i) {
          scratch_[static_cast<std::size_t>(i)] =
              caller_turns_[static_cast<std::size_t>((before_begin + i) % kTurnHistory)];
        }
        const float base =
            median_of(std::span<const float>(scratch_.data(), static_cast<std::size_t>(n)),
                      std::span<float>(scratch_));
        if (base >= static_cast<float>(t_.clipped_baseline_min_ms)) {
          Event e = make_event(EventKind::ClippedAnswers, Speaker::Caller, short_run_start_ms_,
                               end_ms, 0.6F);
          e.evidence.text = "caller's last " + std::to_string(short_run_) +
                            " replies were each under " + seconds(t_.clipped_reply_max_ms) +
                            " of speech; their earlier replies ran a median " +
                            seconds(static_cast<std::int64_t>(base)) + ", " +
                            format_span(short_run_start_ms_, end_ms);
          e.evidence.numbers = {{"short_replies", static_cast<double>(short_run_), ""},
                                {"baseline_reply", base / 1000.0, "s"}};
          sink.on_event(e);
          clipped_fired_ = true;
        }
      }
    }
  } else {
    short_run_ = 0;
    clipped_fired_ = false;
  }
  caller_turns_[static_cast<std::size_t>(caller_turn_count_ % kTurnHistory)] =
      static_cast<float>(speech_ms);
  ++caller_turn_count_;
}

void TurnTracker::close_silence(std::int64_t end_ms, EventSink& sink) {
  const std::int64_t length = end_ms - silence_start_ms_;
  summary_.longest_silence_ms = std::max(summary_.longest_silence_ms, length);
  if (silence_in_hold_ || hold_.phase != HoldPhase::None || !last_speaker_) return;
  if (length >= t_.hold_min_ms) return;
  // Whoever spoke last is owed the reply: the agent finished, so the caller is silent (tense); the
  // caller finished, so the agent is (dead air).
  const bool caller_owes = *last_speaker_ == Speaker::Agent;
  const std::int64_t threshold = caller_owes ? t_.tense_silence_ms : t_.dead_air_ms;
  if (length < threshold) return;
  Event e = make_event(caller_owes ? EventKind::TenseSilence : EventKind::DeadAir,
                       caller_owes ? Speaker::Caller : Speaker::Agent, silence_start_ms_, end_ms,
                       0.5F + 0.5F * static_cast<float>(length - threshold) /
                                  static_cast<float>(t_.hold_min_ms - threshold));
  e.evidence.text =
      (caller_owes ? "caller silent for " + seconds(length) + " after the agent finished speaking, "
                   : "dead air: " + seconds(length) +
                         " with no reply after the caller finished speaking, ") +
      format_span(silence_start_ms_, end_ms);
  e.evidence.numbers = {{"silence", as_s(length), "s"}};
  sink.on_event(e);
  ++(caller_owes ? summary_.tense_silences : summary_.dead_air);
}

void TurnTracker::tick(std::int64_t now_ms, EventSink& sink) {
  now_ms_ = now_ms;
  const bool agent_on = party(Speaker::Agent).active;
  const bool caller_on = party(Speaker::Caller).active;
  for (const Speaker s : {Speaker::Agent, Speaker::Caller}) {
    if (!party(s).active) continue;
    stats(s).speech_ms += kFrameMs;
    if (floor_ == s) turn_speech_ms_ += kFrameMs;
  }
  if (agent_on && caller_on) summary_.overlap_ms += kFrameMs;

  if (overlap_ && party(overlap_->by).active) {
    if (agent_on && caller_on) overlap_->overlap_ms += kFrameMs;
    const std::int64_t run = now_ms - overlap_->start_ms;
    if (run >= t_.backchannel_max_ms) {
      if (overlap_->overlap_ms >= t_.talk_over_min_overlap_ms) {
        const Speaker by = overlap_->by;
        std::int64_t& last = last_talk_over_ms_[static_cast<std::size_t>(by)];
        // One cutting-in episode is one warning, however many spurts it takes.
        const bool repeat = last >= 0 && overlap_->start_ms - last < t_.talk_over_refractory_ms;
        last = now_ms;
        if (!repeat) {
          const float strength = 0.5F + 0.5F * static_cast<float>(overlap_->overlap_ms) / 3000.0F;
          Event e = make_event(EventKind::TalkOver, by, overlap_->start_ms, now_ms, strength);
          e.evidence.text = std::string(to_string(by)) + " started talking over the " +
                            std::string(to_string(other(by))) + " at " +
                            format_clock(overlap_->start_ms) + " and kept going; both talked for " +
                            seconds(overlap_->overlap_ms);
          e.evidence.numbers = {{"overlap", as_s(overlap_->overlap_ms), "s"}};
          sink.on_event(e);
          ++stats(by).talk_overs;
        }
        overlap_.reset();
      } else if (!party(other(overlap_->by)).active) {
        overlap_.reset();  // an ordinary, slightly early turn change
      }
    }
  }

  if (hold_.phase == HoldPhase::AgentBack) {
    if (agent_on) hold_.back_agent_ms += kFrameMs;
    if (caller_on) hold_.back_caller_ms += kFrameMs;
  }

  if (!agent_on && !caller_on && silent_ && hold_.phase == HoldPhase::None &&
      now_ms - silence_start_ms_ >= t_.hold_min_ms && party(Speaker::Agent).last_end_ms >= 0) {
    hold_ = HoldState{};
    hold_.phase = HoldPhase::Waiting;
    hold_.start_ms = party(Speaker::Agent).last_end_ms;
    hold_.wait_start_ms = hold_.start_ms;
    silence_in_hold_ = true;
  }

  if (hold_.phase == HoldPhase::Waiting) {
    const std::int64_t wait = now_ms - hold_.wait_start_ms;
    if (wait >= t_.check_in_limit_ms && !hold_.overdue_fired) {
      Event e =
          make_event(EventKind::HoldOverdue, Speaker::Agent, hold_.wait_start_ms, now_ms, 0.8F);
      e.evidence.text = "caller on hold " + seconds(wait) + " without a check-in (since " +
                        format_clock(hold_.wait_start_ms) + "); check back at least every " +
                        seconds(t_.check_in_limit_ms);
      e.evidence.numbers = {{"wait", as_s(wait), "s"}, {"limit", as_s(t_.check_in_limit_ms), "s"}};
      sink.on_event(e);
      hold_.overdue_fired = true;
    }
  } else if (hold_.phase == HoldPhase::AgentBack) {
    const Party& agent = party(Speaker::Agent);
    const bool brief =
        hold_.back_agent_ms <= t_.check_in_max_speech_ms && hold_.back_caller_ms <= 3000;
    if (!brief) {
      end_hold(hold_.back_ms, sink);
    } else if (!agent.active && now_ms - agent.last_end_ms >= t_.check_in_resume_silence_ms) {
      ++hold_.check_ins;
      hold_.phase = HoldPhase::Waiting;
      hold_.wait_start_ms = agent.last_end_ms;
      hold_.overdue_fired = false;
    }
  }
}

void TurnTracker::end_hold(std::int64_t end_ms, EventSink& sink) {
  const std::int64_t length = end_ms - hold_.start_ms;
  const bool overdue = hold_.longest_wait_ms >= t_.check_in_limit_ms;
  Event e =
      make_event(EventKind::Hold, Speaker::Agent, hold_.start_ms, end_ms, overdue ? 0.8F : 0.3F);
  e.evidence.text = "hold of " + seconds(length) + ", " + std::to_string(hold_.check_ins) +
                    (hold_.check_ins == 1 ? " check-in" : " check-ins") +
                    ", longest wait without hearing the agent " + seconds(hold_.longest_wait_ms) +
                    ", " + format_span(hold_.start_ms, end_ms);
  e.evidence.numbers = {{"length", as_s(length), "s"},
                        {"check_ins", static_cast<double>(hold_.check_ins), ""},
                        {"longest_wait", as_s(hold_.longest_wait_ms), "s"}};
  sink.on_event(e);
  ++summary_.holds;
  summary_.hold_ms += length;
  summary_.longest_hold_wait_ms = std::max(summary_.longest_hold_wait_ms, hold_.longest_wait_ms);
  summary_.hold_check_ins += hold_.check_ins;
  hold_ = HoldState{};
}

void TurnTracker::finish(std::int64_t end_ms, std::optional<Segment> agent_open,
                         std::optional<Segment> caller_open, EventSink& sink) {
  now_ms_ = end_ms;
  if (agent_open) on_end(Speaker::Agent, *agent_open, sink);
  if (caller_open) on_end(Speaker::Caller, *caller_open, sink);
  overlap_.reset();
  if (hold_.phase == HoldPhase::Waiting) {
    hold_.longest_wait_ms = std::max(hold_.longest_wait_ms, end_ms - hold_.wait_start_ms);
    end_hold(end_ms, sink);
  } else if (hold_.phase == HoldPhase::AgentBack) {
    end_hold(hold_.back_ms, sink);
  }
  close_turn(sink);
}

}  // namespace composure
