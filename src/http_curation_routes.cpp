// Routes for curators: /api/kb/entries..., /api/kb/insights. (Filled in by the curation work.)
#include "http_server.h"

namespace magchat {
void register_curation_routes(httplib::Server&, App&) {}
}  // namespace magchat
