// The bad-input catalogue: more than a hundred malformed or hostile requests, each answered
// with the right 4xx, and the database byte for byte the same afterwards.
#include <catch2/catch.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include "bid_flow_fixture.hpp"

using namespace procura::testing;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

/// Every row of every table, in a fixed order, as text: two equal dumps mean equal databases.
std::string dump(const std::string& path) {
  SQLite::Database database(path, SQLite::OPEN_READONLY);
  std::string out;
  SQLite::Statement tables(database, "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name");
  std::vector<std::string> names;
  while (tables.executeStep()) {
    names.push_back(tables.getColumn(0).getString());
    out += tables.getColumn(1).getString() + "\n";
  }
  for (const auto& name : names) {
    // Rows sorted by their text, since some tables have no rowid to order by.
    SQLite::Statement rows(database, "SELECT * FROM \"" + name + "\"");
    std::vector<std::string> lines;
    while (rows.executeStep()) {
      std::string line = name + ":";
      for (int i = 0; i < rows.getColumnCount(); ++i) {
        const auto column = rows.getColumn(i);
        line += column.isNull() ? std::string("NULL") : std::to_string(column.getType()) + "'" + column.getString() + "'";
        line += "|";
      }
      lines.push_back(std::move(line));
    }
    std::sort(lines.begin(), lines.end());
    for (const auto& line : lines) out += line + "\n";
  }
  return out;
}

std::set<std::string> document_files(const std::string& database) {
  std::set<std::string> names;
  const std::filesystem::path root = database + ".documents";
  if (std::filesystem::exists(root))
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) names.insert(entry.path().string());
  return names;
}

/// Sends raw bytes and returns the status code of the answer (0 when the server closed first).
unsigned send_raw(std::uint16_t port, const std::string& bytes) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  boost::system::error_code failure;
  asio::write(socket, asio::buffer(bytes), failure);
  std::string answer;
  std::array<char, 4096> piece{};
  while (answer.find("\r\n") == std::string::npos) {
    const auto n = socket.read_some(asio::buffer(piece), failure);
    if (failure) break;
    answer.append(piece.data(), n);
  }
  if (!answer.starts_with("HTTP/1.1 ")) return 0;
  return static_cast<unsigned>(std::stoi(answer.substr(9, 3)));
}

struct hostile_request {
  std::string name;
  std::string method;
  std::string target;
  std::string body;
  std::string token;  ///< "purchaser", "supplier", "admin" or empty
  std::map<std::string, std::string> headers;
  std::set<unsigned> expected;
};

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("the bad-input catalogue: each hostile request gets its 4xx and changes nothing",
          "[security][bad-input]") {
  bid_flow_fixture flow(2);
  flow.submit_ok(0, 2'400'000);
  const std::string tenders = "/api/v1/tenders";
  const std::string bids = "/api/v1/tenders/" + flow.tender_id + "/bids";
  const std::string questions = "/api/v1/tenders/" + flow.tender_id + "/questions";

  std::vector<hostile_request> catalogue;
  const auto add = [&](std::string name, std::string method, std::string target, std::string body, std::string token,
                       std::set<unsigned> expected, std::map<std::string, std::string> headers = {}) {
    catalogue.push_back({std::move(name), std::move(method), std::move(target), std::move(body), std::move(token),
                         std::move(headers), std::move(expected)});
  };

  // Broken JSON: 400 with where it stopped.
  for (const std::string broken :
       {"{", "}", "{\"title\":}", "[1,2", "{\"title\": \"x\",}", "nul", "tru", "{'title':1}", "{\"a\":1}{\"b\":2}",
        "\"\\u12\"", "{\"a\":01}", "{\"a\":1e}", "/* comment */ {}", "{\"a\": NaN}", "{\"a\": Infinity}", " ",
        "\xef\xbb\xbf{}", "{\"a\":\"\x01\"}", "{\"a\":\"\xff\xfe\"}", "{\"a\":\"\xc0\xaf\"}", "{\"a\":\"\xed\xa0\x80\"}",
        "{\"text\":\"unterminated}", "{\"text\" \"missing colon\"}", "{,}", "[,]"})
    add("broken JSON " + broken, "POST", questions, broken, "supplier", {400});
  add("empty body", "POST", questions, "", "supplier", {400}, {{"Content-Type", "application/json"}});
  // Deep nesting: refused by the parser's depth limit (32) before anything else looks at it.
  for (const std::size_t depth : {std::size_t{33}, std::size_t{100}, std::size_t{1000}, std::size_t{100000}}) add("nesting " + std::to_string(depth), "POST", questions, nested(depth), "supplier", {400});
  add("nested objects", "POST", questions, std::string(5000, '{') + std::string(5000, '}'), "supplier", {400});

  // Money: negative, fractional, huge, beyond int64, wrong types, wrong currency: 422 naming the field.
  const auto bid_with_price = [&](const std::string& amount, const std::string& currency = "\"CNY\"") {
    auto body = bid_flow_fixture::bid_body(2'400'000);
    auto text = json::serialize(body);
    const std::string marker = "\"price\":{\"amount\":240000000,\"currency\":\"CNY\"}";
    const auto at = text.find(marker);
    REQUIRE(at != std::string::npos);
    text.replace(at, marker.size(), "\"price\":{\"amount\":" + amount + ",\"currency\":" + currency + "}");
    return text;
  };
  for (const std::string amount :
       {"-1", "-240000000", "1.5", "0.01", "1e400", "-1e400", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "1000000000001", "\"240000000\"", "null", "true", "[]", "{}"})
    add("price amount " + amount, "POST", bids, bid_with_price(amount), "supplier", {400, 422});
  for (const std::string currency : {"\"USD\"", "\"cny\"", "\"\"", "1", "null"})
    add("price currency " + currency, "POST", bids, bid_with_price("240000000", currency), "supplier", {422});

  // Wrong types and unknown fields in a tender draft.
  for (const std::string body :
       {R"({"title": 5})", R"({"title": ["a"]})", R"({"quantity": "300"})", R"({"quantity": -1})",
        R"({"deadline": "tomorrow"})", R"({"deadline": "2026-13-45T99:99:99Z"})", R"({"method": "bribery"})",
        R"({"catalogue_code": "JD-01", "admin": true})", R"({"criteria": "all of them"})", R"([])", R"("a string")",
        R"(42)", R"(null)"})
    add("tender body " + body, "POST", tenders, body, "purchaser", {422});
  add("tender title of 100000 characters", "POST", tenders, "{\"title\":\"" + std::string(100000, 'x') + "\"}",
      "purchaser", {422});
  add("question of 1 MB", "POST", questions, "{\"text\":\"" + std::string(900000, 'x') + "\"}", "supplier", {422});
  add("question unknown field", "POST", questions, R"({"text":"?","asker":"someone else"})", "supplier", {422});

  // Bodies over the limit: 413 before the body is read.
  add("10 MB body", "POST", questions, std::string(10 * 1024 * 1024, ' '), "supplier", {413});
  add("10 MB upload", "POST", "/api/v1/documents", "%PDF-" + std::string(10 * 1024 * 1024, 'x'), "supplier", {201, 413},
      {{"Content-Type", "application/pdf"}, {"X-File-Name", "big.pdf"}});
  catalogue.back().expected = {413};  // the test server's document limit is 1 MiB (below)

  // Content types.
  add("text/plain to a JSON route", "POST", questions, R"({"text":"?"})", "supplier", {415},
      {{"Content-Type", "text/plain"}});
  add("form to a JSON route", "POST", questions, "text=%3F", "supplier", {415},
      {{"Content-Type", "application/x-www-form-urlencoded"}});
  add("disguised executable", "POST", "/api/v1/documents", std::string("MZ\x90\x00\x03", 5), "supplier", {415},
      {{"Content-Type", "application/pdf"}, {"X-File-Name", "a.pdf"}});
  add("empty upload", "POST", "/api/v1/documents", "", "supplier", {415},
      {{"Content-Type", "application/pdf"}, {"X-File-Name", "a.pdf"}});
  add("upload without a name", "POST", "/api/v1/documents", "%PDF-1.4", "supplier", {422},
      {{"Content-Type", "application/pdf"}});
  add("upload with a broken name", "POST", "/api/v1/documents", "%PDF-1.4", "supplier", {422},
      {{"Content-Type", "application/pdf"}, {"X-File-Name", "%ZZ"}});
  add("upload named only dots", "POST", "/api/v1/documents", "%PDF-1.4", "supplier", {422},
      {{"Content-Type", "application/pdf"}, {"X-File-Name", "..%2F.."}});

  // Paths: traversal, SQL metacharacters, NUL, invalid UTF-8: all simply unknown.
  for (const std::string& id : std::vector<std::string>{"..%2F..%2Fetc%2Fpasswd", "%2E%2E", "'%20OR%20'1'%3D'1", "1%3B%20DROP%20TABLE%20tenders%3B--", "%00",
        "%FF%FE", "tnd_%22%3E%3Cscript%3E", std::string(300, 'a'), "*", "%25"})
    add("tender id " + id, "GET", tenders + "/" + id, "", "", {404});
  for (const std::string path :
       {"/../../etc/passwd", "/api/v1/documents/..%2F..%2F..%2Fetc%2Fpasswd/content", "//api/v1/tenders",
        "/api/v1/tenders/", "/api/v1/../v1/tenders", "/api/v1/documents/x/content/../../../../etc/passwd"})
    add("path " + path, "GET", path, "", "", {404});
  add("bid id with SQL", "GET", bids + "/x'%20UNION%20SELECT%20*%20FROM%20tokens--", "", "purchaser", {404});
  add("document with SQL", "GET", "/api/v1/documents/1%20OR%201=1", "", "", {404});

  // Query strings.
  for (const std::string query :
       {"status=%27%20OR%201%3D1%20--", "status=drafts", "limit=0", "limit=-1", "limit=501", "limit=1e3", "limit=abc",
        "cursor=not-a-cursor", "cursor=%FF", "deadline_from=yesterday", "deadline_to=2026-02-30T00:00:00Z"})
    add("tender list ?" + query, "GET", tenders + "?" + query, "", "", {422});
  // Numbers in a query are digits only: std::stoll read "1x" and " 1" as 1 and "2030x" as 2030.
  for (const std::string version : {"1x", "%201", "+1", "01", "1.0", "-1", "0", "99999999999999999999", ""}) {
    add("catalogue item ?version=" + version, "GET", "/api/v1/catalogue/JD-01?version=" + version, "", "", {422});
    add("profile ?version=" + version, "GET",
        "/api/v1/organizations/" + flow.suppliers[1].organization_id + "/profile?version=" + version, "", "supplier", {422});
  }
  for (const std::string year : {"2030x", "%202030", "+2030", "02030", "2030.0", "-2030", "0", "10000", ""})
    add("salary benchmarks ?year=" + year, "GET", "/api/v1/salary-benchmarks?region=310115&year=" + year, "", "", {422});
  add("red flags without a subject", "GET", "/api/v1/red-flags", "", "", {422});
  // Audit cursors carry a sequence number: an empty key ("c1") or one past 64 bits made std::stoll throw (500).
  for (const auto& cursor : std::vector<std::string>{"c1", "c1" + std::string(40, '3') /* twenty '3's */, "c13161" /* "1a" */})
    add("audit ?cursor=" + cursor, "GET", "/api/v1/audit?cursor=" + cursor, "", "admin", {422});
  // "-1" and "0": the cursor of a page ending on a row slipped in below entry 1, which is listed.
  for (const auto& cursor : std::vector<std::string>{"c12d31", "c130"})
    add("audit ?cursor=" + cursor, "GET", "/api/v1/audit?cursor=" + cursor, "", "admin", {200});
  add("attachments of an unknown kind", "GET", "/api/v1/attachments?target=secrets&target_id=1", "", "", {422});

  // Credentials.
  add("basic auth", "GET", "/api/v1/session", "", "", {401}, {{"Authorization", "Basic YWRtaW46YWRtaW4="}});
  add("garbage bearer", "GET", "/api/v1/session", "", "", {401}, {{"Authorization", "Bearer ' OR 1=1 --"}});
  add("empty bearer", "GET", "/api/v1/session", "", "", {401}, {{"Authorization", "Bearer "}});
  add("huge bearer", "GET", "/api/v1/session", "", "", {401}, {{"Authorization", "Bearer " + std::string(8000, 'a')}});
  add("no token on a write", "POST", questions, R"({"text":"?"})", "", {401});
  add("wrong role", "POST", tenders, "{}", "supplier", {403});

  // Methods and versions.
  add("unknown method", "BREW", tenders, "", "", {400, 405});
  add("DELETE a tender", "DELETE", tenders + "/" + flow.tender_id, "", "purchaser", {405});
  add("PUT the catalogue", "PUT", "/api/v1/catalogue", "{}", "admin", {405});
  add("If-Match garbage", "PATCH", tenders + "/" + flow.tender_id, "{}", "purchaser", {412, 409, 404},
      {{"If-Match", "W/\"'; DROP"}});
  add("idempotency key of 300 bytes", "POST", questions, R"({"text":"key?"})", "supplier", {400, 422},
      {{"Idempotency-Key", std::string(300, 'k')}});

  REQUIRE(catalogue.size() >= 100);
  std::map<std::string, std::string> tokens{{"purchaser", flow.purchaser_token},
                                            {"supplier", flow.suppliers[1].token},
                                            {"admin", flow.admin()}};
  // The test server for uploads has a 1 MiB document limit; the others run on the fixture's.
  flow.server.stop();
  server_process small_uploads(server_process::options{.database = flow.server.database(),
                                                       .extra_arguments = {"--document-limit-mib", "1"}});
  http_client client(small_uploads.port());
  const auto before = dump(flow.server.database());
  const auto files_before = document_files(flow.server.database());
  std::size_t answered = 0;
  for (const auto& request : catalogue) {
    INFO(request.name);
    std::map<std::string, std::string> headers = request.headers;
    if (!headers.contains("Content-Type") && !request.body.empty()) headers["Content-Type"] = "application/json";
    const auto token = request.token.empty() ? std::string() : tokens.at(request.token);
    http_reply reply;
    try {
      reply = client.request(request.method, request.target, request.body, token, headers);
    } catch (const std::exception& failure) {
      FAIL("no answer: " << failure.what());
    }
    INFO(reply.body.substr(0, 300));
    CHECK(request.expected.contains(reply.status));
    if (reply.status >= 400 && reply.status != 405 && !reply.body.empty())
      CHECK(reply.header("content-type") == "application/problem+json");
    ++answered;
  }

  // Below HTTP: malformed framing and oversized headers, and a client that never finishes.
  const auto port = small_uploads.port();
  CHECK(send_raw(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n") == 431);
  CHECK(send_raw(port, "POST " + questions + " HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n") == 400);
  CHECK(send_raw(port, "POST " + questions + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n") == 400);
  CHECK(send_raw(port, "GET /healthz HTTP/9.9\r\n\r\n") == 400);
  CHECK(send_raw(port, "GARBAGE\r\n\r\n") == 400);
  CHECK(send_raw(port, "GET /api/v1/tenders/%zz HTTP/1.1\r\nHost: x\r\n\r\n") == 400);
  answered += 6;

  small_uploads.stop();
  CHECK(dump(flow.server.database()) == before);
  CHECK(document_files(flow.server.database()) == files_before);
  std::cout << "bad-input figures: " << answered << " hostile requests, each its 4xx, database unchanged\n";
}
