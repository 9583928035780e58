#include <catch2/catch.hpp>

#include <boost/url/parse.hpp>

#include <random>
#include <string>

#include "router.hpp"

using procura::api::http_request;
using procura::api::parse_target;

namespace {

/// The path Boost.URL gives a target, the reference for the shortcut that skips it.
std::string path_by_boost_url(const std::string& target) {
  const auto parsed = boost::urls::parse_origin_form(target);
  REQUIRE(parsed);
  std::string path = parsed->path();
  return path.empty() ? "/" : path;
}

}  // namespace

TEST_CASE("a plain target's path is what Boost.URL makes of it", "[api][http]") {
  for (const std::string target :
       {"/", "/api/v1/tenders/tnd_01M85HJTZW31909HBVK6AN1SEX", "/api/v1/tenders/", "//x", "/a/./b/../c", "/~x-y_z.json",
        "/api/v1/ocds/records/ocds-abc123-tnd_1"}) {
    http_request request;
    REQUIRE(parse_target(target, request));
    CHECK(request.path == path_by_boost_url(target));
    CHECK(request.query.empty());
  }
  std::mt19937 random(20261124);
  const std::string alphabet = "az09-._~//";
  for (int round = 0; round < 2000; ++round) {
    std::string target = "/";
    const auto length = random() % 30;
    for (std::size_t i = 0; i < length; ++i) target += alphabet[random() % alphabet.size()];
    http_request request;
    INFO("target: " << target);
    REQUIRE(parse_target(target, request));
    CHECK(request.path == path_by_boost_url(target));
  }
}

TEST_CASE("a target with a query or an escape still goes through Boost.URL", "[api][http]") {
  http_request request;
  REQUIRE(parse_target("/api/v1/tenders?region=310115&status=published", request));
  CHECK(request.path == "/api/v1/tenders");
  CHECK(request.query.at("region") == "310115");
  http_request escaped;
  REQUIRE(parse_target("/api/v1/tenders/tnd%5F1", escaped));
  CHECK(escaped.path == "/api/v1/tenders/tnd_1");
  http_request broken;
  CHECK_FALSE(parse_target("/api/v1/ten ders", broken));
  CHECK_FALSE(parse_target("api/v1/tenders", broken));
}
