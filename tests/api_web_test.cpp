// The web app's static files over real HTTP: content types, caching, security headers, client
// routes, and no way out of the web directory.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

using namespace procura::testing;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, const std::string& content) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
}

/// A built web app in site/, a secret beside it (outside the web directory), and a server
/// serving site/ with --web-dir.
struct web_fixture {
  temporary_directory files;
  fs::path site = files.path() / "site";
  bool written = [this] {
    write(site / "index.html", "<!doctype html><title>procura</title><script type=module src=/assets/app-4KZ7Q2XB.js></script>");
    write(site / "assets" / "app-4KZ7Q2XB.js", "console.log('app')");
    write(site / "assets" / "app-4KZ7Q2XB.css", "body{}");
    write(site / "favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
    write(site / ".env", "hidden");
    write(files.path() / "secret.txt", "outside the web directory");
    fs::create_symlink(files.path() / "secret.txt", site / "leak.txt");
    return true;
  }();
  server_process server{server_process::options{.extra_arguments = {"--web-dir", site.string()}}};
  http_client client{server.port()};
};

}  // namespace

TEST_CASE("the web app is served under / with content types, caching and a strict CSP", "[api][web]") {
  web_fixture web;
  const auto index = web.client.get("/");
  REQUIRE(index.status == 200);
  CHECK(index.header("content-type") == "text/html; charset=utf-8");
  CHECK(index.header("cache-control") == "no-cache");
  CHECK(index.body.find("<title>procura</title>") != std::string::npos);
  const auto policy = index.header("content-security-policy");
  CHECK(policy.find("default-src 'self'") != std::string::npos);
  CHECK(policy.find("script-src 'self'") != std::string::npos);
  CHECK(policy.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(policy.find("unsafe-inline") == std::string::npos);
  CHECK(policy.find("http") == std::string::npos);  // no other origin is named
  CHECK(index.header("x-content-type-options") == "nosniff");

  const auto script = web.client.get("/assets/app-4KZ7Q2XB.js");
  CHECK(script.status == 200);
  CHECK(script.header("content-type") == "text/javascript; charset=utf-8");
  CHECK(script.header("cache-control") == "public, max-age=31536000, immutable");
  CHECK(web.client.get("/assets/app-4KZ7Q2XB.css").header("content-type") == "text/css; charset=utf-8");
  const auto icon = web.client.get("/favicon.svg");
  CHECK(icon.header("content-type") == "image/svg+xml");
  CHECK(icon.header("cache-control") == "no-cache");
}

TEST_CASE("an ETag lets the browser revalidate with 304", "[api][web]") {
  web_fixture web;
  const auto first = web.client.get("/assets/app-4KZ7Q2XB.js");
  const auto tag = first.header("etag");
  REQUIRE_FALSE(tag.empty());
  const auto again = web.client.request("GET", "/assets/app-4KZ7Q2XB.js", {}, {}, {{"If-None-Match", tag}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
}

TEST_CASE("client routes fall back to index.html; missing assets and the API stay 404", "[api][web]") {
  web_fixture web;
  const auto route = web.client.get("/tenders/tnd_123?status=open");
  CHECK(route.status == 200);
  CHECK(route.header("content-type") == "text/html; charset=utf-8");
  CHECK(web.client.get("/assets/gone-12345678.js").status == 404);
  const auto api_missing = web.client.get("/api/v1/nothing-here");
  CHECK(api_missing.status == 404);
  CHECK(api_missing.header("content-type") == "application/problem+json");
  CHECK(web.client.get("/healthz").json().at("database") == "reachable");
  CHECK(web.client.request("POST", "/index.html", "{}").status == 405);
}

TEST_CASE("no path leads out of the web directory or to hidden files", "[api][web]") {
  web_fixture web;
  for (const std::string target : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
                                   "/assets/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "/leak.txt", "/.env",
                                   "/%2eenv"}) {
    const auto reply = web.client.get(target);
    INFO(target);
    CHECK(reply.status >= 400);
    CHECK(reply.body.find("outside the web directory") == std::string::npos);
    CHECK(reply.body.find("hidden") == std::string::npos);
  }
}

TEST_CASE("without --web-dir only the API answers", "[api][web]") {
  server_process server;
  http_client client(server.port());
  CHECK(client.get("/").status == 404);
}
