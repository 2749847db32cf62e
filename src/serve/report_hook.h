// Where the server gets the HTML report of a call (GET /calls/{id}/report): a function from the
// call's stored events to a complete HTML page. Set it in ServeConfig::report (or with
// Server::set_report_renderer before run()); without one the route answers 501.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/event.h"
#include "report/html_report.h"  // CallTraces

namespace composure {

// Called on the server's io thread with every stored pipeline event of the call (stream
// warnings left out), in emission order, and the call's traces where they are known (null for a
// call stored before traces were kept, or cut off); returns the page. Must not block for long and
// must not throw (the server catches exceptions only in main).
using ReportRenderer = std::function<std::string(
    const std::string& call_id, const std::vector<Event>& events, const CallTraces* traces)>;

}  // namespace composure
