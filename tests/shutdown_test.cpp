// Graceful shutdown: SIGTERM stops accepting, lets the request in flight finish, exits 0.
#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "api_fixture.hpp"

using namespace procura::testing;
namespace asio = boost::asio;

TEST_CASE("SIGTERM lets a request in flight finish and commit, then the server exits 0", "[api][shutdown]") {
  api_fixture api;
  const std::string body = boost::json::serialize(boost::json::object{
      {"kind", "purchaser"}, {"name", "在途的禁毒办"}, {"credit_code", "91350100M000100Y43"}, {"region", "350100"}});
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), api.server.port()});
  const std::string head = "POST /api/v1/organizations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + api.admin() +
                           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\n\r\n";
  // Send the header and half the body: the request is now in flight.
  asio::write(socket, asio::buffer(head + body.substr(0, body.size() / 2)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const pid_t pid = api.server.pid();
  ::kill(pid, SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  // A new connection is refused once the listener has closed.
  asio::ip::tcp::socket late(io);
  boost::system::error_code refused;
  late.connect({asio::ip::make_address("127.0.0.1"), api.server.port()}, refused);
  CHECK(refused);

  asio::write(socket, asio::buffer(body.substr(body.size() / 2)));
  std::string response;
  boost::system::error_code end;
  std::array<char, 4096> chunk{};
  while (!end) {
    const auto n = socket.read_some(asio::buffer(chunk), end);
    response.append(chunk.data(), n);
  }
  CHECK(response.starts_with("HTTP/1.1 201"));
  CHECK(api.server.stop() == 0);

  // The organization created by the in-flight request is there after a restart.
  api.server.restart();
  http_client again(api.server.port());
  const auto listed = again.get("/api/v1/organizations?kind=purchaser").json();
  CHECK(listed.at("items").as_array().size() == 1);
}

TEST_CASE("idle keep-alive connections do not hold up shutdown", "[api][shutdown]") {
  api_fixture api;
  REQUIRE(api.client.get("/healthz").status == 200);  // leaves a keep-alive connection open
  const auto started = std::chrono::steady_clock::now();
  CHECK(api.server.stop() == 0);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
}
