// `composure serve`: the live server. One port for HTTP and WebSocket (REST API, /media ingest of
// Twilio-style media streams, /live event feed), one for Asterisk AudioSocket; every call runs
// through the same Pipeline as `composure analyze`, and every event is stored (event_store.h)
// and pushed to the screens that follow it.
//
// Threads: one io_context thread runs every socket and every call's pipeline, so each call's
// pipeline is only ever touched from that thread (the implicit strand of a one-thread
// io_context). With recognition on, one DecoderPool serves every call; its threads post each
// talk spurt's words back to the io thread. SIGTERM and SIGINT stop accepting, finish the calls
// in flight (waiting up to 30 s for the words of their last spurts) and close the store.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "serve/config.h"
#include "serve/report_hook.h"

namespace composure {

class Server {
 public:
  // Opens the store, loads the lexicons, scorer, playbook and sample knowledge store, and binds
  // both ports. Fails with a message that names what could not be done.
  static Result<std::unique_ptr<Server>> create(const ServeConfig& config);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  Server(Server&&) = delete;
  Server& operator=(Server&&) = delete;

  // Renders GET /calls/{id}/report (as ServeConfig::report); call before run().
  void set_report_renderer(ReportRenderer renderer);

  int http_port() const;
  int audiosocket_port() const;  // -1 when AudioSocket is off

  // Serves until SIGTERM or SIGINT (or stop()), then finishes the calls in flight.
  void run();
  // Asks a running server to shut down as a signal would; callable from any thread.
  void stop();

  // Messages back to the platform on a call's /media stream (a bidirectional stream: the AI
  // agent's voice, later): audio (mu-law, 8 kHz), a mark (echoed by the platform when the audio
  // before it has played) and clear (drop audio not yet played). Callable from any thread;
  // dropped with a log line when the call has no open media stream.
  void send_media(const std::string& call_id, std::vector<std::uint8_t> mulaw);
  void send_mark(const std::string& call_id, const std::string& name);
  void send_clear(const std::string& call_id);

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The `composure serve [--config FILE]` command: 0 after a clean shutdown, 1 when the server
// cannot start, 2 for usage errors.
int serve_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace composure
