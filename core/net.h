#pragma once
// The Asio/Beast names of the four networking files (bot/gateway_client.cpp, bot/http_server.cpp,
// sandbox/server.cpp, sandbox/person_client.cpp), in one place, as Boost.Beast's own examples spell them.
// Only those files include this header: everything else stays free of Asio.
#include <chrono>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace dutybot {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using net::awaitable;
using Steady = std::chrono::steady_clock;

}  // namespace dutybot
