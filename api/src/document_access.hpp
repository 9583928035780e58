#pragma once
#include <string>

#include "context.hpp"
#include "procura/core/result.hpp"
#include "procura/procurement/document.hpp"

/// Who may read and attach documents. A document is as visible as the most visible object it
/// is attached to, and always to its uploader; a bid's documents are sealed exactly like the bid.
namespace procura::api {

/// Whether the caller may read the object one attachment belongs to.
bool may_read_attachment(request_context& context, unit_of_work& work, const procurement::attachment& a);

/// Whether the caller may read the object itself (for listing its attachments); false for an
/// object that does not exist, so that both answer the same.
bool may_read_object(request_context& context, unit_of_work& work, procurement::attachment_target target,
                     const std::string& target_id);

/// Whether the caller may read the document: its uploader, or a reader of any object it is
/// attached to.
bool may_read_document(request_context& context, unit_of_work& work, const procurement::document& d);

/// Checks that the caller may attach a document of `document_type` to the object now, and
/// returns the tender the object belongs to ("" when it has none). Objects the caller may not
/// act on answer 404; objects in the wrong state 409. Bids take their documents at submission.
result<std::string> attachable_object(request_context& context, unit_of_work& work,
                                      procurement::attachment_target target, const std::string& target_id,
                                      const std::string& part);

}  // namespace procura::api
