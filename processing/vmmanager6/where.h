// `where=` filters of VMmanager 6 lists, built in one place (notes A4, C3.8, schema §2.7):
// terms `(field+EQ+'value')` joined by `+AND+`, string values single-quoted, spaces as `+`, and
// `+'()` kept literal; inside a value everything but letters and digits is percent-encoded, so a
// `+` or a `%` in an e-mail or a name cannot change the filter. How the platform escapes a quote
// inside a quoted value is not known, so a value with a quote or a backslash (o'brien@…) is
// looked for with CP and `_` (any one character) in their place: the filter may then match more
// than the value, and callers compare what comes back exactly, as they always do.
#pragma once

#include <string>
#include <vector>

namespace pm::vmmanager6 {

class Where {
 public:
  static Where Eq(const std::string& field, const std::string& value);
  static Where Eq(const std::string& field, long long value);
  // All of `terms`.
  static Where All(const std::vector<Where>& terms);

  // The query string parameter, `where=…`, ready to append after `?`.
  std::string Query() const { return "where=" + text_; }

 private:
  explicit Where(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

}  // namespace pm::vmmanager6
