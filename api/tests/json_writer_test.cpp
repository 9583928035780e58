#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <random>
#include <string>

#include "json_support.hpp"
#include "json_writer.hpp"

using procura::api::json_writer;

namespace {

std::string written_string(std::string_view text) {
  std::string out;
  json_writer(out).string(text);
  return out;
}

}  // namespace

TEST_CASE("json_writer escapes strings exactly as Boost.JSON's serializer does", "[api][json]") {
  SECTION("every single byte, alone and inside longer text (the word-at-a-time path)") {
    for (int byte = 0; byte < 256; ++byte) {
      const std::string alone(1, static_cast<char>(byte));
      const std::string inside = "社会工作服务" + alone + "abcdefghijklmnop";
      CHECK(written_string(alone) == boost::json::serialize(boost::json::value(alone)));
      CHECK(written_string(inside) == boost::json::serialize(boost::json::value(inside)));
    }
  }
  SECTION("random texts mixing UTF-8, quotes, backslashes and control characters") {
    std::mt19937 random(20261124);
    const std::string alphabet[] = {"a", "Z", "社", "区", "\"", "\\", "\n", "\t", "\x01", "\x1f", " ", "/", "\x7f"};
    for (int round = 0; round < 2000; ++round) {
      std::string text;
      const auto length = random() % 40;
      for (std::size_t i = 0; i < length; ++i) text += alphabet[random() % std::size(alphabet)];
      INFO("text: " << text);
      CHECK(written_string(text) == boost::json::serialize(boost::json::value(text)));
    }
  }
}

TEST_CASE("json_writer places commas and nests like a serialized boost::json value", "[api][json]") {
  std::string out;
  json_writer writer(out);
  writer.begin_object();
  writer.key("id").string("tnd_1");
  writer.key("count").number(-42);
  writer.key("big").number(INT64_MAX);
  writer.key("open").boolean(true).key("closed").boolean(false).key("none").null();
  writer.key("empty_list").begin_array().end_array();
  writer.key("empty_object").begin_object().end_object();
  writer.key("items").begin_array();
  writer.begin_object().key("a").number(1).end_object();
  writer.begin_array().number(1).string("x").null().end_array();
  writer.raw(R"({"stored":true})");
  writer.end_array();
  writer.end_object();

  const boost::json::value expected = {{"id", "tnd_1"},
                                       {"count", -42},
                                       {"big", INT64_MAX},
                                       {"open", true},
                                       {"closed", false},
                                       {"none", nullptr},
                                       {"empty_list", boost::json::array{}},
                                       {"empty_object", boost::json::object{}},
                                       {"items",
                                        boost::json::array{boost::json::object{{"a", 1}},
                                                           boost::json::array{1, "x", nullptr},
                                                           boost::json::object{{"stored", true}}}}};
  CHECK(out == boost::json::serialize(expected));
}

TEST_CASE("canonical_json sorts members at every depth and writes scalars as Boost.JSON does", "[api][json]") {
  const auto value = boost::json::parse(
      R"({"zeta":1,"alpha":{"y":"社区\n\"戒毒\"","b":[true,null,-1.5,18446744073709551615,{"k2":0,"k1":-7}]},"a\u0001":"x"})");
  CHECK(procura::api::canonical_json(value) ==
        R"({"a\u0001":"x","alpha":{"b":[true,null,-1.5E0,18446744073709551615,{"k1":-7,"k2":0}],"y":"社区\n\"戒毒\""},"zeta":1})");
  SECTION("without objects it is exactly the serializer's output") {
    const auto array = boost::json::parse(R"([1,"two\t",[false,null],3.25,-9223372036854775808])");
    CHECK(procura::api::canonical_json(array) == boost::json::serialize(array));
  }
}
