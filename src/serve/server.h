// `composure serve`: the live server. One port for HTTP and WebSocket (REST API, /media ingest of
// Twilio-style media streams, /live event feed), one for Asterisk AudioSocket; every call runs
// through the same Pipeline as `composure analyze`, and every event is stored (event_store.h)
// and pushed to the screens that follow it.
//
// Threads: one io_context thread runs every socket and every call's pipeline, so each call's
// pipeline is only ever touched from that thread (the implicit strand of a one-thread
// io_context). SIGTERM and SIGINT stop accepting, finish the calls in flight and close the store.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "serve/config.h"

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

  int http_port() const;
  int audiosocket_port() const;  // -1 when AudioSocket is off

  // Serves until SIGTERM or SIGINT (or stop()), then finishes the calls in flight.
  void run();
  // Asks a running server to shut down as a signal would; callable from any thread.
  void stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The `composure serve [--config FILE]` command: 0 after a clean shutdown, 1 when the server
// cannot start, 2 for usage errors.
int serve_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace composure
