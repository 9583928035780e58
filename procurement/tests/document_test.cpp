// What the document store accepts: types recognised from the bytes, and clean file names.
#include <catch2/catch.hpp>

#include "procura/procurement/document.hpp"

using namespace procura::procurement;

TEST_CASE("a declared media type is believed only when the bytes show it", "[documents]") {
  CHECK(check_media_type("application/pdf", "%PDF-1.7\n...").accepted);
  CHECK(check_media_type("Application/PDF; name=x", "%PDF-1.7\n...").media_type == "application/pdf");
  CHECK(check_media_type("image/png", std::string("\x89PNG\r\n\x1a\n....", 12)).accepted);
  CHECK(check_media_type("image/jpeg", std::string("\xff\xd8\xff\xe0....", 8)).accepted);
  CHECK(check_media_type("text/plain", "第一行\n第二行\tTab\r\n").accepted);
  CHECK(check_media_type("text/csv", "region,year\n310000,2026\n").accepted);
  CHECK(check_media_type("application/msword", std::string("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", 12)).accepted);
  const std::string docx = std::string("PK\x03\x04", 4) + "....[Content_Types].xml....word/document.xml";
  CHECK(check_media_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx).accepted);
  CHECK(check_media_type("application/octet-stream", "%PDF-1.4").media_type == "application/pdf");

  CHECK_FALSE(check_media_type("application/pdf", "MZ\x90").accepted);                    // Windows executable
  CHECK_FALSE(check_media_type("text/plain", "\x7f" "ELF\x02\x01").accepted);             // Linux executable
  CHECK_FALSE(check_media_type("text/plain", "#!/bin/sh\nrm -rf /\n").accepted);           // script
  CHECK_FALSE(check_media_type("application/pdf", std::string("\x89PNG\r\n\x1a\n", 8)).accepted);  // a PNG called PDF
  CHECK_FALSE(check_media_type("text/plain", std::string("a\0b", 3)).accepted);             // binary called text
  CHECK_FALSE(check_media_type("text/plain", "\xc0\xaf").accepted);                          // overlong UTF-8
  CHECK_FALSE(check_media_type("application/zip", std::string("PK\x03\x04", 4) + "x").accepted);  // plain archives
  CHECK_FALSE(check_media_type("application/x-msdownload", "%PDF-").accepted);
  CHECK_FALSE(check_media_type("application/pdf", "").accepted);
}

TEST_CASE("file names keep their last segment, lose control characters and must say something", "[documents]") {
  CHECK(clean_file_name("招标文件.pdf").value() == "招标文件.pdf");
  CHECK(clean_file_name("../../etc/passwd").value() == "passwd");
  CHECK(clean_file_name("C:\\\\Users\\\\a\\\\报价.xlsx").value() == "报价.xlsx");
  CHECK(clean_file_name("a\r\nb\".txt").value() == "ab.txt");
  CHECK_FALSE(clean_file_name("..").ok());
  CHECK_FALSE(clean_file_name("dir/").ok());
  CHECK_FALSE(clean_file_name(std::string(300, 'a')).ok());
  CHECK_FALSE(clean_file_name("\xff\xfe.txt").ok());
}
