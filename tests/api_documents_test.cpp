// Documents: upload, content-addressed storage, downloads with ranges, attachments whose
// visibility follows their object (sealed with bids), and crash safety of the file store.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

#include "bid_flow_fixture.hpp"
#include "procura/core/crypto.hpp"

using namespace procura::testing;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const std::string pdf_bytes = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
// "招标文件 第1版.pdf", percent-encoded as the X-File-Name header carries it.
const std::string chinese_name = "招标文件 第1版.pdf";
const std::string chinese_name_encoded =
    "%E6%8B%9B%E6%A0%87%E6%96%87%E4%BB%B6%20%E7%AC%AC1%E7%89%88.pdf";

http_reply upload(http_client& client, const std::string& token, const std::string& bytes,
                  const std::string& media_type = "application/pdf", const std::string& encoded_name = "file.pdf") {
  return client.request("POST", "/api/v1/documents", bytes, token,
                        {{"Content-Type", media_type}, {"X-File-Name", encoded_name}});
}

std::string upload_ok(http_client& client, const std::string& token, const std::string& bytes,
                      const std::string& media_type = "application/pdf") {
  const auto reply = upload(client, token, bytes, media_type, media_type == "text/plain" ? "notes.txt" : "file.pdf");
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return std::string(reply.json().at("id").as_string());
}

/// Every file under the server's document directory (the store and its incoming folder).
std::vector<fs::path> stored_files(const server_process& server) {
  std::vector<fs::path> files;
  const fs::path root = server.database() + ".documents";
  if (!fs::exists(root)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file()) files.push_back(entry.path());
  return files;
}

}  // namespace

TEST_CASE("a document uploads and downloads byte for byte with its Chinese file name, ETag and ranges",
          "[api][documents]") {
  bid_flow_fixture flow(1);
  auto& client = flow.client;
  const auto reply = upload(client, flow.purchaser_token, pdf_bytes, "application/pdf", chinese_name_encoded);
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  const auto created = reply.json();
  const std::string id(created.at("id").as_string());
  CHECK(created.at("sha256").as_string() == procura::crypto::sha256_hex(pdf_bytes));
  CHECK(created.at("size").as_int64() == static_cast<std::int64_t>(pdf_bytes.size()));
  CHECK(created.at("media_type").as_string() == "application/pdf");
  CHECK(created.at("file_name").as_string() == chinese_name);

  const auto download = client.get("/api/v1/documents/" + id + "/content", flow.purchaser_token);
  REQUIRE(download.status == 200);
  CHECK(download.body == pdf_bytes);
  CHECK(download.header("content-type") == "application/pdf");
  CHECK(download.header("content-length") == std::to_string(pdf_bytes.size()));
  CHECK(download.header("etag") == "\"" + procura::crypto::sha256_hex(pdf_bytes) + "\"");
  CHECK(download.header("content-disposition").find("filename*=UTF-8''" + chinese_name_encoded) != std::string::npos);
  CHECK(download.header("x-content-type-options") == "nosniff");

  const auto part = client.request("GET", "/api/v1/documents/" + id + "/content", {}, flow.purchaser_token,
                                   {{"Range", "bytes=5-7"}});
  CHECK(part.status == 206);
  CHECK(part.body == pdf_bytes.substr(5, 3));
  CHECK(part.header("content-range") == "bytes 5-7/" + std::to_string(pdf_bytes.size()));
  const auto tail = client.request("GET", "/api/v1/documents/" + id + "/content", {}, flow.purchaser_token,
                                   {{"Range", "bytes=-6"}});
  CHECK(tail.status == 206);
  CHECK(tail.body == pdf_bytes.substr(pdf_bytes.size() - 6));
  const auto beyond = client.request("GET", "/api/v1/documents/" + id + "/content", {}, flow.purchaser_token,
                                     {{"Range", "bytes=100000-"}});
  CHECK(beyond.status == 416);
  CHECK(beyond.header("content-range") == "bytes */" + std::to_string(pdf_bytes.size()));
  const auto unchanged = client.request("GET", "/api/v1/documents/" + id + "/content", {}, flow.purchaser_token,
                                        {{"If-None-Match", download.header("etag")}});
  CHECK(unchanged.status == 304);
  CHECK(unchanged.body.empty());

  // An upload not attached anywhere is its uploader's alone.
  CHECK(client.get("/api/v1/documents/" + id + "/content").status == 404);
  CHECK(client.get("/api/v1/documents/" + id, flow.suppliers[0].token).status == 404);
}

TEST_CASE("the same bytes uploaded twice are stored once, as two documents", "[api][documents]") {
  bid_flow_fixture flow(2);
  const auto first = upload_ok(flow.client, flow.suppliers[0].token, pdf_bytes);
  const auto second = upload_ok(flow.client, flow.suppliers[1].token, pdf_bytes);
  CHECK(first != second);
  std::size_t copies = 0;
  for (const auto& file : stored_files(flow.server))
    if (file.filename() == procura::crypto::sha256_hex(pdf_bytes)) ++copies;
  CHECK(copies == 1);
  // Each supplier sees only its own upload: the shared file tells nothing across parties.
  CHECK(flow.client.get("/api/v1/documents/" + first, flow.suppliers[1].token).status == 404);
  CHECK(flow.client.get("/api/v1/documents/" + second, flow.suppliers[1].token).status == 200);
}

TEST_CASE("an Idempotency-Key on an upload replays the same file and refuses another", "[api][documents]") {
  bid_flow_fixture flow(1);
  const auto& token = flow.suppliers[0].token;
  const auto send = [&](const std::string& bytes, const std::string& name) {
    return flow.client.request("POST", "/api/v1/documents", bytes, token,
                               {{"Content-Type", "application/pdf"}, {"X-File-Name", name}, {"Idempotency-Key", "upload-1"}});
  };
  const auto first = send(pdf_bytes, "a.pdf");
  REQUIRE(first.status == 201);
  const auto replayed = send(pdf_bytes, "a.pdf");
  CHECK(replayed.status == 201);
  CHECK(replayed.json().at("id") == first.json().at("id"));
  // Other bytes, or the same bytes under another name, are another request: refused, not
  // answered with the first file's document.
  const std::string other = pdf_bytes + "% another version\n";
  const auto different = send(other, "b.pdf");
  CHECK(different.status == 422);
  CHECK(names_pointer(different, "/headers/Idempotency-Key"));
  CHECK(send(pdf_bytes, "b.pdf").status == 422);
}

TEST_CASE("a file over the limit (413) and a disguised executable (415) are refused with nothing stored",
          "[api][documents]") {
  server_process server(server_process::options{.extra_arguments = {"--document-limit-mib", "1"}});
  http_client client(server.port());
  const auto org = [&] {
    const json::object body{{"kind", "purchaser"}, {"name", "某区禁毒办"},
                            {"credit_code", valid_credit_code("11310000MB0000001")}, {"region", "310000"}};
    const auto reply = client.post("/api/v1/organizations", body, server.admin_token());
    REQUIRE(reply.status == 201);
    return std::string(reply.json().at("id").as_string());
  }();
  const auto token_reply = client.post("/api/v1/organizations/" + org + "/tokens",
                                       {{"role", "purchaser"}, {"display_name", "staff"}, {"valid_days", 3650}},
                                       server.admin_token());
  REQUIRE(token_reply.status == 201);
  const std::string token(token_reply.json().at("token").as_string());

  const std::string too_big = "%PDF-" + std::string(1024 * 1024, 'x');
  CHECK(upload(client, token, too_big).status == 413);

  std::string executable = "MZ";
  executable += std::string("\x90\x00\x03\x00\x00\x00\x04\x00", 8);
  executable += "This program cannot be run in DOS mode.";
  const auto disguised = upload(client, token, executable, "application/pdf", "report.pdf");
  CHECK(disguised.status == 415);
  CHECK(disguised.json().at("detail").as_string().find("executable") != std::string::npos);
  const auto pretending_text = upload(client, token, std::string("plain\0text", 10), "text/plain", "notes.txt");
  CHECK(pretending_text.status == 415);
  const auto png_called_pdf = upload(client, token, std::string("\x89PNG\r\n\x1a\n", 8) + "rest", "application/pdf");
  CHECK(png_called_pdf.status == 415);

  CHECK(stored_files(server).empty());
  const auto verified = run_procura({"verify-documents", "--db", server.database()});
  CHECK(verified.exit_status == 0);
  CHECK(verified.output.find("0 files referenced") != std::string::npos);
}

TEST_CASE("a bid's documents are sealed like the bid and covered by its receipt", "[api][documents][sealed]") {
  bid_flow_fixture flow(3);
  auto& client = flow.client;
  const auto certificate = upload_ok(client, flow.suppliers[0].token, pdf_bytes);
  auto body = bid_flow_fixture::bid_body(2'400'000);
  body["attachments"] = json::array{{{"document_id", certificate}, {"document_type", "qualification_certificate"}}};
  const auto submitted = client.post("/api/v1/tenders/" + flow.tender_id + "/bids", body, flow.suppliers[0].token);
  INFO(submitted.body);
  REQUIRE(submitted.status == 201);
  const auto bid = submitted.json();
  const std::string bid_id(bid.at("id").as_string());
  const std::string hashed(bid.at("receipt").at("hashed_document").as_string());
  CHECK(hashed.find(procura::crypto::sha256_hex(pdf_bytes)) != std::string::npos);
  CHECK(procura::crypto::sha256_hex(hashed) == bid.at("receipt").at("sha256").as_string());

  // Another supplier cannot put the first one's upload into its own bid.
  auto borrowed = bid_flow_fixture::bid_body(2'500'000);
  borrowed["attachments"] = json::array{{{"document_id", certificate}, {"document_type", "other"}}};
  const auto refused = client.post("/api/v1/tenders/" + flow.tender_id + "/bids", borrowed, flow.suppliers[1].token);
  CHECK(refused.status == 422);
  CHECK(names_pointer(refused, "/attachments/0/document_id"));

  const std::string random_document = "doc_01JZZZZZZZZZZZZZZZZZZZZZZZ";
  const std::string random_bid = "bid_01JZZZZZZZZZZZZZZZZZZZZZZZ";
  const std::vector<std::pair<std::string, std::string>> observers = {
      {"anonymous", ""}, {"purchaser", flow.purchaser_token}, {"other supplier", flow.suppliers[1].token},
      {"expert", flow.expert_tokens[0]}, {"admin", flow.admin()}};
  for (const auto& [who, token] : observers) {
    INFO(who);
    for (const std::string suffix : {"", "/content"}) {
      const auto existing = client.get("/api/v1/documents/" + certificate + suffix, token);
      const auto random = client.get("/api/v1/documents/" + random_document + suffix, token);
      CHECK(existing.status == 404);
      CHECK(observable(existing, certificate) == observable(random, random_document));
    }
    const auto listing = client.get("/api/v1/attachments?target=bid&target_id=" + bid_id, token);
    const auto random_listing = client.get("/api/v1/attachments?target=bid&target_id=" + random_bid, token);
    CHECK(listing.status == 404);
    CHECK(observable(listing, bid_id) == observable(random_listing, random_bid));
  }
  const auto own = client.get("/api/v1/attachments?target=bid&target_id=" + bid_id, flow.suppliers[0].token);
  REQUIRE(own.status == 200);
  const auto own_items = own.json();
  CHECK(own_items.at("items").as_array().size() == 1);

  flow.submit_ok(1, 2'500'000);
  flow.submit_ok(2, 2'600'000);
  flow.pass_deadline();
  REQUIRE(flow.open().status == 200);
  // Opened: the purchaser reads the certificate; a competitor still does not.
  const auto read = client.get("/api/v1/documents/" + certificate + "/content", flow.purchaser_token);
  CHECK(read.status == 200);
  CHECK(read.body == pdf_bytes);
  CHECK(client.get("/api/v1/documents/" + certificate + "/content", flow.suppliers[1].token).status == 404);
}

TEST_CASE("the documents of a bid withdrawn before the deadline stay unopened", "[api][documents][sealed]") {
  bid_flow_fixture flow(4);
  auto& client = flow.client;
  const auto certificate = upload_ok(client, flow.suppliers[0].token, pdf_bytes);
  auto body = bid_flow_fixture::bid_body(2'400'000);
  body["attachments"] = json::array{{{"document_id", certificate}, {"document_type", "qualification_certificate"}}};
  const auto submitted = client.post("/api/v1/tenders/" + flow.tender_id + "/bids", body, flow.suppliers[0].token);
  REQUIRE(submitted.status == 201);
  const std::string bid_id(submitted.json().at("id").as_string());
  REQUIRE(client.request("DELETE", "/api/v1/tenders/" + flow.tender_id + "/bids/" + bid_id, {}, flow.suppliers[0].token)
              .status == 200);
  for (std::size_t i = 1; i < 4; ++i) flow.submit_ok(i, 2'500'000 + static_cast<std::int64_t>(i) * 10'000);
  flow.pass_deadline();
  REQUIRE(flow.open().status == 200);
  const auto content = "/api/v1/documents/" + certificate + "/content";
  CHECK(client.get(content, flow.purchaser_token).status == 404);
  CHECK(client.get(content, flow.expert_tokens[0]).status == 404);
  CHECK(client.get("/api/v1/attachments?target=bid&target_id=" + bid_id, flow.purchaser_token).status == 404);
  CHECK(client.get(content, flow.suppliers[0].token).status == 200);
  CHECK(client.get(content, flow.admin()).status == 200);
}

TEST_CASE("tender files are attached by the tender's purchaser and public with the tender", "[api][documents]") {
  bid_flow_fixture flow(1);
  auto& client = flow.client;
  const auto file = upload_ok(client, flow.purchaser_token, pdf_bytes);
  const auto supplier_file = upload_ok(client, flow.suppliers[0].token, pdf_bytes);
  const json::object attach{{"target", "tender"}, {"target_id", flow.tender_id}, {"document_type", "tender_file"}};

  // Not one's own document, not one's own tender, not a known document type.
  CHECK(client.post("/api/v1/documents/" + file + "/attachments", attach, flow.suppliers[0].token).status == 404);
  CHECK(client.post("/api/v1/documents/" + supplier_file + "/attachments", attach, flow.suppliers[0].token).status ==
        404);
  auto wrong_type = attach;
  wrong_type["document_type"] = "signed_contract";
  const auto wrong = client.post("/api/v1/documents/" + file + "/attachments", wrong_type, flow.purchaser_token);
  CHECK(wrong.status == 422);
  CHECK(names_pointer(wrong, "/document_type"));

  const auto attached = client.post("/api/v1/documents/" + file + "/attachments", attach, flow.purchaser_token);
  INFO(attached.body);
  REQUIRE(attached.status == 201);
  const auto listing = client.get("/api/v1/attachments?target=tender&target_id=" + flow.tender_id);
  REQUIRE(listing.status == 200);
  const auto items = listing.json();
  REQUIRE(items.at("items").as_array().size() == 1);
  CHECK(items.at("items").at(0).at("document_type").as_string() == "tender_file");
  CHECK(client.get("/api/v1/documents/" + file + "/content").body == pdf_bytes);

  // Open data lists the public document with its hash and download address.
  const auto record = client.get("/api/v1/ocds/records/ocds-procura-" + flow.tender_id);
  REQUIRE(record.status == 200);
  const auto package = record.json();
  const auto& documents = package.at("records").at(0).at("compiledRelease").at("tender").at("documents").as_array();
  REQUIRE(documents.size() == 1);
  CHECK(documents.at(0).at("documentType").as_string() == "biddingDocuments");
  CHECK(documents.at(0).at("description").as_string() == "sha256:" + procura::crypto::sha256_hex(pdf_bytes));
  CHECK(std::string(documents.at(0).at("url").as_string()).ends_with("/api/v1/documents/" + file + "/content"));
}

TEST_CASE("a file added to a tender open for bids is a clarification with the 15-day push; none after the deadline",
          "[api][documents][law]") {
  bid_flow_fixture flow(1);
  auto& client = flow.client;
  const auto file = upload_ok(client, flow.purchaser_token, pdf_bytes);
  const auto later_file = upload_ok(client, flow.purchaser_token, pdf_bytes);
  const json::object attach{{"target", "tender"}, {"target_id", flow.tender_id}, {"document_type", "amendment"}};
  const auto tender_path = "/api/v1/tenders/" + flow.tender_id;
  const auto old_deadline = *procura::parse_rfc3339(client.get(tender_path).json().at("deadline").as_string());
  flow.advance((21 - 10) * 86400);  // 10 days before the deadline
  const auto attach_once = [&] {
    return client.request("POST", "/api/v1/documents/" + file + "/attachments", json::serialize(attach),
                          flow.purchaser_token, {{"Idempotency-Key", "attach-amendment-1"}});
  };
  const auto before = flow.server_now();
  const auto attached = attach_once();
  INFO(attached.body);
  REQUIRE(attached.status == 201);
  const auto after = flow.server_now();
  const auto tender = client.get(tender_path).json();
  const auto deadline = *procura::parse_rfc3339(tender.at("deadline").as_string());
  CHECK(deadline > old_deadline);
  CHECK(deadline >= before + std::chrono::days{15});
  CHECK(deadline <= after + std::chrono::days{15});
  const auto& amendments = tender.at("amendments").as_array();
  REQUIRE(amendments.size() == 1);
  CHECK(amendments.at(0).at("kind") == "clarification");
  CHECK(std::string(amendments.at(0).at("reason").as_string()).find(file) != std::string::npos);
  CHECK(flow.audited_actions("tender", flow.tender_id).back() == "tender.clarification");

  // The same request again (a retry) replays the first answer: one attachment, one clarification.
  const auto again = attach_once();
  CHECK(again.status == 201);
  CHECK(again.header("idempotent-replayed") == "true");
  CHECK(again.json().at("attached_at") == attached.json().at("attached_at"));
  CHECK(client.get("/api/v1/attachments?target=tender&target_id=" + flow.tender_id).json().at("items").as_array().size() == 1);
  CHECK(client.get(tender_path).json().at("amendments").as_array().size() == 1);

  // Once bids have closed, nothing is added to what they were prepared against.
  flow.pass_deadline();
  const auto closed = client.post("/api/v1/documents/" + later_file + "/attachments", attach, flow.purchaser_token);
  CHECK(closed.status == 409);
  CHECK(client.get("/api/v1/attachments?target=tender&target_id=" + flow.tender_id).json().at("items").as_array().size() == 1);
}

TEST_CASE("a file added to an answer that affects bid preparation pushes a near deadline; none after the deadline",
          "[api][documents][law]") {
  bid_flow_fixture flow(1);
  auto& client = flow.client;
  const auto questions = "/api/v1/tenders/" + flow.tender_id + "/questions";
  const auto asked = client.post(questions, {{"text", "服务站点要求?"}}, flow.suppliers[0].token);
  REQUIRE(asked.status == 201);
  const std::string question(asked.json().at("id").as_string());
  REQUIRE(client.post(questions + "/" + question + "/answer",
                      {{"answer", "须设两个站点，见附件。"}, {"affects_bid_preparation", true}}, flow.purchaser_token)
              .status == 200);
  const auto file = upload_ok(client, flow.purchaser_token, pdf_bytes);
  const auto later_file = upload_ok(client, flow.purchaser_token, pdf_bytes);
  const json::object attach{{"target", "question"}, {"target_id", question}, {"document_type", "answer"}};
  flow.advance((21 - 10) * 86400);  // 10 days before the deadline
  const auto before = flow.server_now();
  REQUIRE(client.post("/api/v1/documents/" + file + "/attachments", attach, flow.purchaser_token).status == 201);
  const auto tender = client.get("/api/v1/tenders/" + flow.tender_id).json();
  CHECK(*procura::parse_rfc3339(tender.at("deadline").as_string()) >= before + std::chrono::days{15});
  CHECK(std::string(tender.at("amendments").as_array().back().at("reason").as_string()).find(question) !=
        std::string::npos);
  flow.pass_deadline();
  CHECK(client.post("/api/v1/documents/" + later_file + "/attachments", attach, flow.purchaser_token).status == 409);
  CHECK(client.get("/api/v1/attachments?target=question&target_id=" + question).json().at("items").as_array().size() == 1);
}

TEST_CASE("a crash between storing a file and committing its row leaves no row, and repair removes the orphan",
          "[api][documents][crash]") {
  server_process server(server_process::options{.extra_arguments = {"--test-crash-point", "document-file-written"}});
  http_client client(server.port());
  const auto org_reply = client.post("/api/v1/organizations",
                                     {{"kind", "purchaser"}, {"name", "某区禁毒办"},
                                      {"credit_code", valid_credit_code("11310000MB0000002")}, {"region", "310000"}},
                                     server.admin_token());
  REQUIRE(org_reply.status == 201);
  const std::string org(org_reply.json().at("id").as_string());
  const auto token_reply = client.post("/api/v1/organizations/" + org + "/tokens",
                                       {{"role", "purchaser"}, {"display_name", "staff"}, {"valid_days", 3650}},
                                       server.admin_token());
  REQUIRE(token_reply.status == 201);
  const std::string token(token_reply.json().at("token").as_string());

  CHECK_THROWS(upload(client, token, pdf_bytes));  // the server dies before answering
  server.kill_hard();

  const auto found = run_procura({"verify-documents", "--db", server.database()});
  CHECK(found.exit_status == 1);
  CHECK(found.output.find("0 files referenced") != std::string::npos);
  CHECK(found.output.find("1 orphan") != std::string::npos);
  const auto repaired = run_procura({"verify-documents", "--db", server.database(), "--repair", "--min-age", "0"});
  CHECK(repaired.exit_status == 0);
  CHECK(stored_files(server).empty());
  CHECK(run_procura({"verify-audit", "--db", server.database()}).exit_status == 0);
}

TEST_CASE("verify-documents finds a stored file that was altered or removed", "[api][documents]") {
  bid_flow_fixture flow(1);
  upload_ok(flow.client, flow.purchaser_token, pdf_bytes);
  upload_ok(flow.client, flow.purchaser_token, std::string("plain text, 中文\n"), "text/plain");
  CHECK(run_procura({"verify-documents", "--db", flow.server.database()}).exit_status == 0);
  const fs::path root = flow.server.database() + ".documents";
  const auto pdf_hash = procura::crypto::sha256_hex(pdf_bytes);
  { std::ofstream(root / pdf_hash.substr(0, 2) / pdf_hash, std::ios::app) << "tampered"; }
  const auto altered = run_procura({"verify-documents", "--db", flow.server.database()});
  CHECK(altered.exit_status == 1);
  CHECK(altered.output.find("altered  " + pdf_hash) != std::string::npos);
  fs::remove(root / pdf_hash.substr(0, 2) / pdf_hash);
  const auto missing = run_procura({"verify-documents", "--db", flow.server.database()});
  CHECK(missing.exit_status == 1);
  CHECK(missing.output.find("missing  " + pdf_hash) != std::string::npos);
}
