// The tender lifecycle over real HTTP, driven through time with the test clock.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/json.hpp>

#include <utility>
#include <vector>

#include "api_fixture.hpp"
#include "procura/core/time.hpp"

using namespace procura::testing;
namespace json = boost::json;

namespace {

json::object money(std::int64_t yuan) { return {{"amount", yuan * 100}, {"currency", "CNY"}}; }

struct tender_fixture : api_fixture {
  std::string purchaser = create_organization("purchaser", "浦东新区禁毒办", valid_credit_code("11310115MB2F00002"));
  std::string purchaser_token = issue_token(purchaser, "purchaser");
  std::string rival = create_organization("purchaser", "徐汇区禁毒办", valid_credit_code("11310104MB2F00003"));
  std::string rival_token = issue_token(rival, "purchaser");
  std::string supplier = create_organization("supplier", "阳光社工", valid_credit_code("52310000MJ4A00001"));
  std::string supplier_token = issue_token(supplier, "supplier");
  procura::timestamp now = server_now();

  tender_fixture() {
    const json::object item{{"code", "JD-01"},
                            {"name", "社区戒毒社区康复社会工作服务"},
                            {"category", "rehabilitation"},
                            {"unit", "client_year"},
                            {"staffing_standard", 20}};
    REQUIRE(client.post("/api/v1/catalogue", item, admin()).status == 201);
  }

  procura::timestamp server_now() {
    const auto health = client.get("/healthz").json();
    return *procura::parse_rfc3339(health.at("time").as_string());
  }

  json::object draft(std::int64_t days_to_deadline = 30) const {
    return {{"catalogue_code", "JD-01"},
            {"title", "浦东新区社区戒毒社区康复社会工作服务"},
            {"quantity", 301},
            {"region", "310115"},
            {"budget_ceiling", money(2'400'000)},
            {"service_start", "2030-01-01"},
            {"service_months", 12},
            {"method", "open_tender"},
            {"criteria",
             {{{"name", "price"}, {"kind", "price"}, {"points", 30}},
              {{"name", "plan"}, {"kind", "subjective"}, {"points", 70}}}},
            {"deadline", procura::format_rfc3339(now + std::chrono::days{days_to_deadline})}};
  }

  /// Creates a draft and returns its JSON.
  json::value create(const json::object& body) {
    const auto reply = client.post("/api/v1/tenders", body, purchaser_token);
    INFO(reply.body);
    REQUIRE(reply.status == 201);
    return reply.json();
  }

  json::value publish(const std::string& id) {
    const auto reply = client.post("/api/v1/tenders/" + id + "/publish", json::object{}, purchaser_token);
    INFO(reply.body);
    REQUIRE(reply.status == 200);
    return reply.json();
  }

  void advance(std::int64_t seconds) {
    REQUIRE(client.post("/api/v1/test/clock", {{"advance_seconds", seconds}}, admin()).status == 200);
    now = server_now();
  }

  http_reply amend(const std::string& id, std::int64_t version, const json::object& changes, bool affects = true) {
    return client.request("POST", "/api/v1/tenders/" + id + "/amend",
                          json::serialize(json::object{{"reason", "correction"},
                                                       {"affects_bid_preparation", affects},
                                                       {"changes", changes}}),
                          purchaser_token, {{"If-Match", "\"" + std::to_string(version) + "\""}});
  }
};

std::string id_of(const json::value& tender) { return std::string(tender.at("id").as_string()); }

}  // namespace

TEST_CASE("a draft derives its minimum posts, shows what blocks publication, and is private", "[api][tenders]") {
  tender_fixture api;
  auto body = api.draft();
  body["criteria"].as_array()[0].as_object()["points"] = 5;  // breaks the price-weight rule
  const auto created = api.create(body);
  CHECK(created.at("status") == "draft");
  CHECK(created.at("minimum_posts") == 16);  // ceil(301 / 20)
  CHECK(created.at("catalogue").at("version") == 1);
  CHECK_FALSE(created.at("publication_check").as_array().empty());

  const auto id = id_of(created);
  CHECK(api.client.get("/api/v1/tenders/" + id).status == 404);
  CHECK(api.client.get("/api/v1/tenders/" + id, api.rival_token).status == 404);
  CHECK(api.client.get("/api/v1/tenders/" + id, api.supplier_token).status == 404);
  CHECK(api.client.get("/api/v1/tenders/" + id, api.purchaser_token).status == 200);
  CHECK(api.client.get("/api/v1/tenders").json().at("items").as_array().empty());
  CHECK(api.client.get("/api/v1/tenders", api.purchaser_token).json().at("items").as_array().size() == 1);
}

TEST_CASE("a draft is edited with a merge patch and If-Match, then published", "[api][tenders]") {
  tender_fixture api;
  const auto created = api.create(api.draft());
  const auto id = id_of(created);
  const std::string path = "/api/v1/tenders/" + id;
  const json::object patch{{"quantity", 400}, {"description", "更新"}};
  CHECK(api.client.request("PATCH", path, json::serialize(patch), api.purchaser_token).status == 428);
  CHECK(api.client.request("PATCH", path, json::serialize(patch), api.purchaser_token, {{"If-Match", "\"9\""}}).status == 412);
  CHECK(api.client.request("PATCH", path, json::serialize(patch), api.rival_token, {{"If-Match", "\"1\""}}).status == 404);
  const auto patched = api.client.request("PATCH", path, json::serialize(patch), api.purchaser_token, {{"If-Match", "\"1\""}});
  REQUIRE(patched.status == 200);
  CHECK(patched.json().at("quantity") == 400);
  CHECK(patched.json().at("minimum_posts") == 20);
  CHECK(patched.json().at("title") == created.at("title"));  // untouched fields stay

  const auto published = api.publish(id);
  CHECK(published.at("status") == "published");
  CHECK(api.client.get(path).status == 200);  // public now
  // A published tender is no longer edited in place.
  const auto late_patch = api.client.request("PATCH", path, json::serialize(patch), api.purchaser_token,
                                             {{"If-Match", "\"" + std::to_string(published.at("version").as_int64()) + "\""}});
  CHECK(late_patch.status == 409);
}

TEST_CASE("a deadline that names no instant is refused, never read as 1970", "[api][tenders]") {
  tender_fixture api;
  for (const std::string nonsense : {"this is not a date at all", "2030-02-30T10:00:00+08:00", "2030-02-28T10:00:00+0800"}) {
    INFO(nonsense);
    auto body = api.draft();
    body["deadline"] = nonsense;
    const auto refused = api.client.post("/api/v1/tenders", body, api.purchaser_token);
    CHECK(refused.status == 422);
    CHECK(names_pointer(refused, "/deadline"));
  }
  CHECK(api.client.get("/api/v1/tenders", api.purchaser_token).json().at("items").as_array().empty());
  const auto id = id_of(api.create(api.draft()));
  const auto patched = api.client.request("PATCH", "/api/v1/tenders/" + id,
                                          json::serialize(json::object{{"deadline", "2030-02-30T10:00:00+08:00"}}),
                                          api.purchaser_token, {{"If-Match", "\"1\""}});
  CHECK(patched.status == 422);
  CHECK(names_pointer(patched, "/deadline"));
  // An amendment meant to extend the deadline must not bring it forward to 15 days from now.
  const auto published = api.publish(id);
  const auto amended = api.amend(id, published.at("version").as_int64(), {{"deadline", "2031-02-30T10:00:00+08:00"}});
  CHECK(amended.status == 422);
  CHECK(names_pointer(amended, "/changes/deadline"));
  CHECK(api.client.get("/api/v1/tenders/" + id).json().at("deadline") == published.at("deadline"));
}

TEST_CASE("an action sent with If-Match is refused (412) when the tender changed since it was read",
          "[api][tenders]") {
  tender_fixture api;
  const auto id = id_of(api.create(api.draft()));
  const std::string path = "/api/v1/tenders/" + id;
  const auto patched = api.client.request("PATCH", path, json::serialize(json::object{{"quantity", 400}}),
                                          api.purchaser_token, {{"If-Match", "\"1\""}});
  REQUIRE(patched.status == 200);
  // Publishing the version read before the patch would publish terms the purchaser never saw.
  const auto stale = api.client.request("POST", path + "/publish", "{}", api.purchaser_token, {{"If-Match", "\"1\""}});
  CHECK(stale.status == 412);
  CHECK(stale.header("content-type") == "application/problem+json");
  CHECK(api.client.get(path, api.purchaser_token).json().at("status") == "draft");
  // Another purchaser learns nothing from the header: still 404.
  CHECK(api.client.request("POST", path + "/publish", "{}", api.rival_token, {{"If-Match", "\"1\""}}).status == 404);
  const auto current = api.client.request("POST", path + "/publish", "{}", api.purchaser_token, {{"If-Match", "\"2\""}});
  REQUIRE(current.status == 200);
  const auto version = current.json().at("version").as_int64();
  const json::object reason{{"reason", "预算调整"}};
  CHECK(api.client.request("POST", path + "/cancel", json::serialize(reason), api.purchaser_token,
                           {{"If-Match", "\"" + std::to_string(version - 1) + "\""}})
            .status == 412);
  CHECK(api.client.get(path).json().at("status") == "published");
  CHECK(api.client.request("POST", path + "/cancel", json::serialize(reason), api.purchaser_token, {{"If-Match", "*"}})
            .status == 200);
}

TEST_CASE("a query parameter a list does not know is refused, not ignored", "[api]") {
  tender_fixture api;
  for (const std::string path : {"/api/v1/tenders?colour=red", "/api/v1/contracts?signed_after=2030-01-01",
                                 "/api/v1/tenders/tnd_x?version=2"}) {
    INFO(path);
    const auto refused = api.client.get(path);
    CHECK(refused.status == 422);
    CHECK(refused.header("content-type") == "application/problem+json");
    const auto name = path.substr(path.find('?') + 1, path.find('=') - path.find('?') - 1);
    CHECK(names_pointer(refused, "/query/" + name));
  }
  CHECK(api.client.get("/api/v1/tenders?region=310115").status == 200);
  // Empty segments name nothing: a bare "?", a stray or trailing "&".
  for (const std::string path : {"/api/v1/tenders?", "/api/v1/tenders?&limit=2", "/api/v1/tenders?limit=2&"}) {
    INFO(path);
    CHECK(api.client.get(path).status == 200);
  }
}

TEST_CASE("publication refuses each broken rule naming its field, and changes nothing", "[api][tenders][law]") {
  tender_fixture api;
  struct broken_case {
    const char* what;
    std::function<void(json::object&)> edit;
    const char* pointer;
  };
  const std::vector<broken_case> cases{
      {"price weight below 10", [](json::object& b) {
         b["criteria"] = json::array{{{"name", "price"}, {"kind", "price"}, {"points", 9}},
                                     {{"name", "plan"}, {"kind", "subjective"}, {"points", 91}}};
       }, "/criteria"},
      {"criteria not summing to 100", [](json::object& b) {
         b["criteria"] = json::array{{{"name", "price"}, {"kind", "price"}, {"points", 30}},
                                     {{"name", "plan"}, {"kind", "subjective"}, {"points", 60}}};
       }, "/criteria"},
      {"deadline too early", [&](json::object& b) {
         b["deadline"] = procura::format_rfc3339(api.now + std::chrono::days{20} - std::chrono::seconds{60});
       }, "/deadline"},
      {"service period too long", [](json::object& b) { b["service_months"] = 13; }, "/service_months"},
      {"bid bond above its cap", [](json::object& b) { b["bid_bond_rate_bp"] = 201; }, "/bid_bond_rate_bp"},
      {"performance bond above its cap", [](json::object& b) { b["performance_bond_rate_bp"] = 1001; },
       "/performance_bond_rate_bp"},
  };
  for (const auto& broken : cases) {
    INFO(broken.what);
    auto body = api.draft();
    broken.edit(body);
    const auto id = id_of(api.create(body));
    const auto refused = api.client.post("/api/v1/tenders/" + id + "/publish", json::object{}, api.purchaser_token);
    CHECK(refused.status == 422);
    CHECK(names_pointer(refused, broken.pointer));
    CHECK(api.client.get("/api/v1/tenders/" + id, api.purchaser_token).json().at("status") == "draft");
  }
}

TEST_CASE("bad drafts are refused before anything is stored", "[api][tenders]") {
  tender_fixture api;
  auto zero = api.draft();
  zero["quantity"] = 0;
  const auto refused = api.client.post("/api/v1/tenders", zero, api.purchaser_token);
  CHECK(refused.status == 422);
  CHECK(names_pointer(refused, "/quantity"));
  auto unknown = api.draft();
  unknown["catalogue_code"] = "NO-SUCH";
  const auto unknown_reply = api.client.post("/api/v1/tenders", unknown, api.purchaser_token);
  CHECK(unknown_reply.status == 422);
  CHECK(names_pointer(unknown_reply, "/catalogue_code"));
  CHECK(api.client.post("/api/v1/tenders", api.draft(), api.supplier_token).status == 403);
  CHECK(api.client.get("/api/v1/tenders", api.purchaser_token).json().at("items").as_array().empty());
}

TEST_CASE("an amendment near the deadline pushes it to 15 days out, publicly recorded", "[api][tenders][law]") {
  tender_fixture api;
  const auto id = id_of(api.create(api.draft(30)));
  auto published = api.publish(id);
  api.advance(20 * 86400);  // 10 days before the deadline
  const auto amended = api.amend(id, published.at("version").as_int64(), {{"quantity", 320}});
  INFO(amended.body);
  REQUIRE(amended.status == 200);
  const auto body = amended.json();
  CHECK(*procura::parse_rfc3339(body.at("deadline").as_string()) == api.now + std::chrono::days{15});
  const auto history = api.client.get("/api/v1/tenders/" + id).json().at("amendments").as_array();
  REQUIRE(history.size() == 1);
  CHECK(history[0].at("reason") == "correction");
  CHECK(history[0].at("changes").as_array().size() == 2);

  // A stale version is refused; the amendment list is unchanged.
  CHECK(api.amend(id, published.at("version").as_int64(), {{"quantity", 330}}).status == 412);
}

TEST_CASE("after the deadline a tender is closed: no amendment, no question", "[api][tenders][law]") {
  tender_fixture api;
  const auto id = id_of(api.create(api.draft(25)));
  const auto published = api.publish(id);
  api.advance(25 * 86400);
  CHECK(api.client.get("/api/v1/tenders/" + id).json().at("status") == "closed");
  CHECK(api.amend(id, published.at("version").as_int64(), {{"quantity", 320}}).status == 409);
  CHECK(api.client.post("/api/v1/tenders/" + id + "/questions", {{"text", "还能问吗?"}}, api.supplier_token).status == 409);
  CHECK(api.client.get("/api/v1/tenders?status=closed").json().at("items").as_array().size() == 1);
  CHECK(api.client.get("/api/v1/tenders?status=published").json().at("items").as_array().empty());
}

namespace {

/// The server's count of response-cache lookups with this result ("hit" or "miss").
std::int64_t cache_lookups(http_client& client, const std::string& admin_token, const std::string& result) {
  const auto text = client.get("/metrics", admin_token).body;
  const std::string name = "procura_response_cache_lookups_total{result=\"" + result + "\"} ";
  const auto at = text.find(name);
  REQUIRE(at != std::string::npos);
  return std::stoll(text.substr(at + name.size()));
}

}  // namespace

TEST_CASE("a cached tender is never stale: not after an API write, a write by another process, or its deadline",
          "[api][tenders][cache]") {
  tender_fixture api;
  const auto id = id_of(api.create(api.draft(25)));
  api.publish(id);
  const auto path = "/api/v1/tenders/" + id;

  const auto first = api.client.get(path);
  REQUIRE(first.status == 200);
  const auto hits = cache_lookups(api.client, api.admin(), "hit");
  const auto second = api.client.get(path);
  CHECK(cache_lookups(api.client, api.admin(), "hit") == hits + 1);  // the second read was served from the cache
  CHECK(second.body == first.body);
  CHECK(second.header("etag") == first.header("etag"));

  // A write through the API: the next read shows it.
  const auto version = first.json().at("version").as_int64();
  REQUIRE(api.amend(id, version, {{"quantity", 330}}).status == 200);
  const auto amended = api.client.get(path);
  CHECK(amended.json().at("quantity") == 330);
  CHECK(amended.header("etag") != first.header("etag"));
  REQUIRE(api.client.get(path).body == amended.body);  // cached again

  // A write by another process, straight into the file (as the CLI could): the next read shows it.
  {
    SQLite::Database file(api.server.database(), SQLite::OPEN_READWRITE);
    file.setBusyTimeout(5000);
    SQLite::Statement rename(file, "UPDATE tenders SET title = '改过的标题' WHERE id = ?");
    rename.bind(1, id);
    REQUIRE(rename.exec() == 1);
  }
  CHECK(api.client.get(path).json().at("title") == "改过的标题");

  // The deadline passes with nothing written: the cached "published" rendering is not served.
  const auto before_deadline = api.client.get(path);
  CHECK(before_deadline.json().at("status") == "published");
  CHECK(api.client.get(path).body == before_deadline.body);
  api.advance(25 * 86400);
  CHECK(api.client.get(path).json().at("status") == "closed");
}

TEST_CASE("a listed tender reads exactly as it does alone, and a list is never stale", "[api][tenders][cache]") {
  tender_fixture api;
  const auto id = id_of(api.create(api.draft(25)));
  api.publish(id);
  const auto path = "/api/v1/tenders/" + id;
  const auto list = "/api/v1/tenders?purchaser=" + api.purchaser;
  const auto alone = [&] { return "{\"items\":[" + api.client.get(path).body + "],\"next_cursor\":null}"; };

  // Listed first (rendered and kept), then read alone (served from what the list kept), and the
  // other way round: the same bytes either way.
  const auto listed = api.client.get(list).body;
  CHECK(listed == alone());
  CHECK(api.client.get(list).body == listed);

  const auto version = api.client.get(path).json().at("version").as_int64();
  REQUIRE(api.amend(id, version, {{"quantity", 330}}).status == 200);
  const auto after_amendment = api.client.get(list);
  CHECK(after_amendment.json().at("items").at(0).at("quantity") == 330);
  CHECK(after_amendment.body == alone());

  {
    SQLite::Database file(api.server.database(), SQLite::OPEN_READWRITE);
    file.setBusyTimeout(5000);
    SQLite::Statement rename(file, "UPDATE tenders SET title = '另一个标题' WHERE id = ?");
    rename.bind(1, id);
    REQUIRE(rename.exec() == 1);
  }
  CHECK(api.client.get(list).json().at("items").at(0).at("title") == "另一个标题");

  CHECK(api.client.get(list).json().at("items").at(0).at("status") == "published");
  api.advance(25 * 86400);
  CHECK(api.client.get(list).json().at("items").at(0).at("status") == "closed");
}

TEST_CASE("a purchaser's list reads its draft fresh beside published tenders served as kept", "[api][tenders][cache]") {
  tender_fixture api;
  const auto published = id_of(api.create(api.draft(25)));
  api.publish(published);
  const auto draft = id_of(api.create(api.draft()));
  const auto list = "/api/v1/tenders?purchaser=" + api.purchaser;
  const auto items = [&] { return api.client.get(list, api.purchaser_token).json().at("items").as_array(); };
  const auto first = items();
  REQUIRE(first.size() == 2);
  CHECK(items() == first);  // the published one now from what the first list kept
  for (const auto& item : first) {
    const auto alone = api.client.get("/api/v1/tenders/" + std::string(item.at("id").as_string()), api.purchaser_token);
    CHECK(boost::json::parse(alone.body) == item);
  }
  // The draft changes under the same list: never a kept rendering of it.
  const json::object patch{{"quantity", 400}};
  REQUIRE(api.client.request("PATCH", "/api/v1/tenders/" + draft, json::serialize(patch), api.purchaser_token,
                             {{"If-Match", "\"1\""}})
              .status == 200);
  bool draft_listed = false;
  for (const auto& item : items())
    if (item.at("id").as_string() == draft) {
      draft_listed = true;
      CHECK(item.at("quantity") == 400);
    }
  CHECK(draft_listed);
  // Nobody else sees it, in a list or by its id: the owner's list kept no rendering of it for
  // GET /tenders/{id} to serve before its access check.
  CHECK(api.client.get(list).json().at("items").as_array().size() == 1);
  CHECK(api.client.get("/api/v1/tenders/" + draft).status == 404);
  CHECK(api.client.get("/api/v1/tenders/" + draft, api.rival_token).status == 404);
  CHECK(api.client.get("/api/v1/tenders/" + draft, api.supplier_token).status == 404);
}

TEST_CASE("a draft read by its owner is never served from the cache to anyone else", "[api][tenders][cache]") {
  tender_fixture api;
  const auto id = id_of(api.create(api.draft()));
  const auto path = "/api/v1/tenders/" + id;
  REQUIRE(api.client.get(path, api.purchaser_token).status == 200);
  REQUIRE(api.client.get(path, api.purchaser_token).status == 200);
  CHECK(api.client.get(path).status == 404);
  CHECK(api.client.get(path, api.rival_token).status == 404);
  CHECK(api.client.get(path, api.supplier_token).status == 404);
}

TEST_CASE("questions are public once answered, without the asker", "[api][tenders]") {
  tender_fixture api;
  const auto id = id_of(api.create(api.draft(30)));
  api.publish(id);
  const std::string path = "/api/v1/tenders/" + id + "/questions";
  const auto asked = api.client.post(path, {{"text", "社工是否需要持证?"}}, api.supplier_token);
  REQUIRE(asked.status == 201);
  const std::string question_id(asked.json().at("id").as_string());

  CHECK(api.client.get(path).json().at("items").as_array().empty());  // unanswered: private
  CHECK(api.client.get(path, api.purchaser_token).json().at("items").as_array().size() == 1);
  CHECK(api.client.get(path, api.supplier_token).json().at("items").as_array().size() == 1);
  CHECK(api.client.get(path, api.rival_token).json().at("items").as_array().empty());

  CHECK(api.client.post(path + "/" + question_id + "/answer", {{"answer", "x"}}, api.rival_token).status == 404);
  const auto answered = api.client.post(path + "/" + question_id + "/answer",
                                        {{"answer", "至少一半需持证。"}, {"affects_bid_preparation", false}},
                                        api.purchaser_token);
  REQUIRE(answered.status == 200);
  const auto public_view = api.client.get(path).json().at("items").as_array();
  REQUIRE(public_view.size() == 1);
  CHECK(public_view[0].at("answer") == "至少一半需持证。");
  CHECK_FALSE(public_view[0].as_object().contains("asker_organization_id"));
  CHECK_FALSE(api.client.get(path, api.purchaser_token).body.find(api.supplier) != std::string::npos);
}

TEST_CASE("an answer that affects bid preparation near the deadline pushes it", "[api][tenders][law]") {
  tender_fixture api;
  const auto id = id_of(api.create(api.draft(30)));
  api.publish(id);
  const std::string path = "/api/v1/tenders/" + id + "/questions";
  const auto asked = api.client.post(path, {{"text", "服务站点要求?"}}, api.supplier_token);
  api.advance(25 * 86400);  // 5 days left
  // Sent with the tender's ETag, the answer is refused when the tender changed since (it may move
  // the deadline the purchaser read).
  const auto version = api.client.get("/api/v1/tenders/" + id).json().at("version").as_int64();
  const auto stale = api.client.request(
      "POST", path + "/" + std::string(asked.json().at("id").as_string()) + "/answer",
      json::serialize(json::object{{"answer", "须设两个站点。"}, {"affects_bid_preparation", true}}), api.purchaser_token,
      {{"If-Match", "\"" + std::to_string(version - 1) + "\""}});
  CHECK(stale.status == 412);
  // The server's clock is the wall clock plus the test's offset: seconds pass while it answers.
  const auto before = api.server_now();
  const auto answered = api.client.post(path + "/" + std::string(asked.json().at("id").as_string()) + "/answer",
                                        {{"answer", "须设两个站点。"}, {"affects_bid_preparation", true}},
                                        api.purchaser_token);
  REQUIRE(answered.status == 200);
  const auto after = api.server_now();
  const auto tender = api.client.get("/api/v1/tenders/" + id).json();
  const auto deadline = *procura::parse_rfc3339(tender.at("deadline").as_string());
  CHECK(deadline >= before + std::chrono::days{15});
  CHECK(deadline <= after + std::chrono::days{15});
  CHECK(tender.at("amendments").as_array().back().at("kind") == "clarification");
  // The moved deadline is in the tender's own history, not only the question's.
  CHECK(api.audited_actions("tender", id).back() == "tender.clarification");
}

TEST_CASE("a tender is cancelled with a reason, only by its purchaser", "[api][tenders]") {
  tender_fixture api;
  const auto id = id_of(api.create(api.draft(30)));
  api.publish(id);
  CHECK(api.client.post("/api/v1/tenders/" + id + "/cancel", {{"reason", "x"}}, api.rival_token).status == 404);
  const auto cancelled = api.client.post("/api/v1/tenders/" + id + "/cancel", {{"reason", "预算调整"}}, api.purchaser_token);
  REQUIRE(cancelled.status == 200);
  CHECK(cancelled.json().at("status") == "cancelled");
  CHECK(cancelled.json().at("end_reason") == "预算调整");
  CHECK(api.client.post("/api/v1/tenders/" + id + "/cancel", {{"reason", "again"}}, api.purchaser_token).status == 409);
}

TEST_CASE("tender lists filter by region, purchaser, catalogue and deadline and page by cursor", "[api][tenders]") {
  tender_fixture api;
  for (int i = 0; i < 3; ++i) api.publish(id_of(api.create(api.draft(30 + i))));
  auto other_region = api.draft(40);
  other_region["region"] = "310104";
  api.publish(id_of(api.create(other_region)));
  CHECK(api.client.get("/api/v1/tenders?region=310115").json().at("items").as_array().size() == 3);
  CHECK(api.client.get("/api/v1/tenders?purchaser=" + api.purchaser).json().at("items").as_array().size() == 4);
  CHECK(api.client.get("/api/v1/tenders?catalogue=JD-01").json().at("items").as_array().size() == 4);
  const auto until = procura::format_rfc3339(api.now + std::chrono::days{31});
  CHECK(api.client.get("/api/v1/tenders?deadline_to=" + until).json().at("items").as_array().size() == 2);
  const auto first_page = api.client.get("/api/v1/tenders?limit=3").json();
  CHECK(first_page.at("items").as_array().size() == 3);
  const auto second_page =
      api.client.get("/api/v1/tenders?limit=3&cursor=" + std::string(first_page.at("next_cursor").as_string())).json();
  CHECK(second_page.at("items").as_array().size() == 1);
  CHECK(second_page.at("next_cursor").is_null());
  CHECK(api.client.get("/api/v1/tenders?status=bogus").status == 422);
}

TEST_CASE("cost estimates are exact in fen and private to their purchaser until a published tender names them",
          "[api][estimates]") {
  tender_fixture api;
  const json::object benchmark{{"region", "310000"},
                               {"year", 2026},
                               {"monthly_salary",
                                {{"none", money(6500)}, {"assistant_social_worker", money(7500)},
                                 {"social_worker", money(9000)}, {"senior_social_worker", money(11500)}}},
                               {"employer_rates",
                                {{"pension_bp", 1600}, {"medical_bp", 950}, {"unemployment_bp", 50},
                                 {"work_injury_bp", 26}, {"housing_fund_bp", 700}}}};
  REQUIRE(api.client.post("/api/v1/salary-benchmarks", benchmark, api.admin()).status == 200);
  CHECK(api.client.get("/api/v1/salary-benchmarks?region=310000&year=2026").json().at("items").as_array().size() == 1);
  // An import of several sets is in each set's own history, as a save of that set alone is.
  auto next_year = benchmark;
  next_year["year"] = 2027;
  auto other_region = benchmark;
  other_region["region"] = "310115";
  REQUIRE(api.client.post("/api/v1/salary-benchmarks/import", {{"sets", {next_year, other_region}}}, api.admin()).status ==
          200);
  CHECK(api.audited_actions("salary_benchmark", "310000/2026") == std::vector<std::string>{"salary_benchmark.save"});
  CHECK(api.audited_actions("salary_benchmark", "310000/2027") == std::vector<std::string>{"salary_benchmark.save"});
  CHECK(api.audited_actions("salary_benchmark", "310115/2026") == std::vector<std::string>{"salary_benchmark.save"});
  CHECK(api.audited_actions("salary_benchmark", "import") == std::vector<std::string>{"salary_benchmark.import"});
  // The list is paged by cursor in (region, year) order, as every list is, not cut short.
  const auto first_page = api.client.get("/api/v1/salary-benchmarks?limit=2").json();
  const auto& first_items = first_page.at("items").as_array();
  REQUIRE(first_items.size() == 2);
  CHECK(first_items.at(0).at("year") == 2026);
  CHECK(first_items.at(1).at("year") == 2027);
  const std::string cursor(first_page.at("next_cursor").as_string());
  const auto second_page = api.client.get("/api/v1/salary-benchmarks?limit=2&cursor=" + cursor).json();
  REQUIRE(second_page.at("items").as_array().size() == 1);
  CHECK(second_page.at("items").at(0).at("region") == "310115");
  CHECK(second_page.at("next_cursor").is_null());
  CHECK(api.client.get("/api/v1/salary-benchmarks?cursor=c1" + std::string("2f32303236")).status == 422);  // "/2026"

  const json::object request{{"region", "310000"},
                             {"year", 2026},
                             {"posts", {{{"level", "assistant_social_worker"}, {"count", 10}},
                                        {{"level", "social_worker"}, {"count", 5}}}},
                             {"months", 12}};
  const auto created = api.client.post("/api/v1/cost-estimates", request, api.purchaser_token);
  INFO(created.body);
  REQUIRE(created.status == 201);
  CHECK(created.json().at("total").at("amount") == 191894400);  // 1,918,944.00 yuan
  const std::string id(created.json().at("id").as_string());
  CHECK(api.client.get("/api/v1/cost-estimates/" + id, api.purchaser_token).status == 200);
  CHECK(api.client.get("/api/v1/cost-estimates/" + id, api.rival_token).status == 404);

  // A tender records the estimate its ceiling came from; a ceiling above it did not come from it,
  // and another purchaser's estimate is refused.
  auto body = api.draft();
  body["cost_estimate_id"] = id;
  body["budget_ceiling"] = money(1'918'944);
  auto above = body;
  above["budget_ceiling"] = json::object{{"amount", 191894401}, {"currency", "CNY"}};
  const auto too_high = api.client.post("/api/v1/tenders", above, api.purchaser_token);
  CHECK(too_high.status == 422);
  CHECK(names_pointer(too_high, "/budget_ceiling"));
  const auto draft = api.create(body);
  CHECK(draft.at("cost_estimate_id").as_string() == id);
  const auto foreign = api.client.post("/api/v1/tenders", body, api.rival_token);
  CHECK(foreign.status == 422);
  CHECK(names_pointer(foreign, "/cost_estimate_id"));

  // A draft that names it keeps it private; once that tender is published, the estimate is the
  // public explanation of its ceiling, for anyone, signed in or not.
  CHECK(api.client.get("/api/v1/cost-estimates/" + id, api.rival_token).status == 404);
  CHECK(api.client.get("/api/v1/cost-estimates/" + id).status == 404);
  const auto published = api.publish(id_of(draft));
  const auto anonymous = api.client.get("/api/v1/cost-estimates/" + id);
  INFO(anonymous.body);
  CHECK(anonymous.status == 200);
  CHECK(anonymous.json().at("total").at("amount") == 191894400);
  CHECK(anonymous.json().at("lines").as_array().size() == created.json().at("lines").as_array().size());
  CHECK(api.client.get("/api/v1/cost-estimates/" + id, api.rival_token).status == 200);
  // Another estimate of the same purchaser stays private.
  const auto unnamed = api.client.post("/api/v1/cost-estimates", request, api.purchaser_token);
  REQUIRE(unnamed.status == 201);
  const std::string newer(unnamed.json().at("id").as_string());
  CHECK(api.client.get("/api/v1/cost-estimates/" + newer).status == 404);

  // An amendment names only the purchaser's own estimate: naming another's would publish it.
  const auto rivals = api.client.post("/api/v1/cost-estimates", request, api.rival_token);
  REQUIRE(rivals.status == 201);
  const std::string rival_estimate(rivals.json().at("id").as_string());
  const auto version = published.at("version").as_int64();
  const auto foreign_amendment = api.amend(id_of(draft), version, {{"cost_estimate_id", rival_estimate}}, false);
  INFO(foreign_amendment.body);
  CHECK(foreign_amendment.status == 422);
  CHECK(names_pointer(foreign_amendment, "/changes/cost_estimate_id"));
  CHECK(api.client.get("/api/v1/cost-estimates/" + rival_estimate).status == 404);
  // Its own newer estimate may replace the first; the first, once public, stays public.
  // Raising the ceiling past the estimate is refused by an amendment too.
  const auto raised = api.amend(id_of(draft), version, {{"budget_ceiling", money(2'000'000)}}, false);
  CHECK(raised.status == 422);
  CHECK(names_pointer(raised, "/changes/budget_ceiling"));
  REQUIRE(api.amend(id_of(draft), version, {{"cost_estimate_id", newer}}, false).status == 200);
  CHECK(api.client.get("/api/v1/cost-estimates/" + newer).status == 200);
  CHECK(api.client.get("/api/v1/cost-estimates/" + id).status == 200);

  auto unknown_region = request;
  unknown_region["region"] = "999999";
  CHECK(api.client.post("/api/v1/cost-estimates", unknown_region, api.purchaser_token).status == 422);
}

TEST_CASE("editing a catalogue item makes a new version and old versions stay readable", "[api][catalogue]") {
  tender_fixture api;
  const auto before = api.create(api.draft());
  const json::object revised{{"name", "社区戒毒社区康复社会工作服务（修订）"},
                             {"category", "rehabilitation"},
                             {"unit", "client_year"},
                             {"staffing_standard", 30}};
  CHECK(api.client.post("/api/v1/catalogue/JD-01", revised, api.admin()).status == 428);
  const auto reply = api.client.request("POST", "/api/v1/catalogue/JD-01", json::serialize(revised), api.admin(),
                                        {{"If-Match", "\"1\""}});
  REQUIRE(reply.status == 200);
  CHECK(reply.json().at("version") == 2);
  CHECK(api.client.get("/api/v1/catalogue/JD-01?version=1").json().at("staffing_standard") == 20);
  CHECK(api.client.get("/api/v1/catalogue/JD-01").json().at("staffing_standard") == 30);
  CHECK(api.client.get("/api/v1/tenders/" + id_of(before), api.purchaser_token).json().at("catalogue").at("version") == 1);
  CHECK(api.create(api.draft()).at("catalogue").at("version") == 2);
  CHECK(api.client.post("/api/v1/catalogue", {{"code", "x"}}, api.purchaser_token).status == 403);
  // An item covers service steps (SPEC §3.2): all four unless named, never none.
  CHECK(api.client.get("/api/v1/catalogue/JD-01").json().at("service_steps").as_array().size() == 4);
  const auto none = api.client.post("/api/v1/catalogue",
                                    {{"code", "JD-09"}, {"name", "空"}, {"category", "rehabilitation"},
                                     {"unit", "client_year"}, {"service_steps", json::array{}}},
                                    api.admin());
  CHECK(none.status == 422);
  CHECK(api.client.get("/api/v1/catalogue/JD-09").status == 404);
}

TEST_CASE("an amendment is held to the rules of publication: bonds, price weight, period and the 20 days",
          "[api][tenders][law]") {
  tender_fixture api;
  const auto id = id_of(api.create(api.draft(30)));
  const auto published = api.publish(id);
  const auto version = published.at("version").as_int64();
  const auto published_at = *procura::parse_rfc3339(published.at("published_at").as_string());
  const auto before = api.client.get("/api/v1/tenders/" + id).json();
  const std::vector<std::pair<std::string, json::object>> unlawful{
      {"a bid bond above 2% of the budget", {{"bid_bond_rate_bp", 201}}},
      {"a performance bond above 10% of the price", {{"performance_bond_rate_bp", 1001}}},
      {"a price weight under 10%",
       {{"criteria",
         {{{"name", "price"}, {"kind", "price"}, {"points", 9}}, {{"name", "plan"}, {"kind", "subjective"}, {"points", 91}}}}}},
      {"13 months without the continuity justification", {{"service_months", 13}}},
      {"a deadline 19 days after publication",
       {{"deadline", procura::format_rfc3339(published_at + std::chrono::days{19})}}},
  };
  for (const auto& [what, changes] : unlawful) {
    INFO(what);
    const auto refused = api.amend(id, version, changes);
    INFO(refused.body);
    CHECK(refused.status == 422);
    CHECK(refused.header("content-type") == "application/problem+json");
  }
  CHECK(api.client.get("/api/v1/tenders/" + id).json() == before);
  // The lawful limits themselves are accepted.
  CHECK(api.amend(id, version, {{"bid_bond_rate_bp", 200}, {"performance_bond_rate_bp", 1000}}).status == 200);
}
