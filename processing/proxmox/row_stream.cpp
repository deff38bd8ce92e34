#include "proxmox/row_stream.h"

#include <vector>

#include "proxmox/errors.h"

namespace pm::proxmox {
namespace {

using json = nlohmann::json;

// A SAX handler that builds the tree of one row at a time (the elements of data[]) and hands
// each to the sink; everything else of the answer is skipped.
class RowBuilder : public nlohmann::json_sax<json> {
 public:
  explicit RowBuilder(const RowSink& sink) : sink_(sink) {}

  bool null() override { return Value(nullptr); }
  bool boolean(bool value) override { return Value(value); }
  bool number_integer(number_integer_t value) override { return Value(value); }
  bool number_unsigned(number_unsigned_t value) override { return Value(value); }
  bool number_float(number_float_t value, const string_t&) override { return Value(value); }
  bool string(string_t& value) override { return Value(value); }
  bool binary(binary_t& value) override { return Value(json::binary(value)); }

  bool start_object(std::size_t) override { return Open(json::object()); }
  bool start_array(std::size_t) override {
    if (depth_ == 0) NoAnswer("an array");
    if (depth_ == 1 && key_ == "data") {  // the listing itself
      in_data_ = true;
      ++depth_;
      return true;
    }
    return Open(json::array());
  }
  bool end_object() override { return Close(); }
  bool end_array() override {
    if (in_data_ && depth_ == 2 && stack_.empty()) {
      in_data_ = false;
      --depth_;
      return true;
    }
    return Close();
  }
  bool key(string_t& value) override {
    key_ = value;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) override {
    throw UnexpectedAnswer("unreadable answer from Proxmox at byte " + std::to_string(position) + ": " + error.what());
  }

 private:
  // A scalar: part of the row being built, or of the answer around the listing (skipped).
  bool Value(json value) {
    if (depth_ == 0) NoAnswer(value.type_name());
    if (depth_ == 1 && key_ == "data" && !value.is_null()) NoListing(value.type_name());
    if (stack_.empty()) {
      if (in_data_ && depth_ == 2) sink_(value);  // a row that is no object: the caller judges it
      return true;
    }
    Insert(std::move(value));
    return true;
  }
  bool Open(json container) {
    if (depth_ == 1 && key_ == "data") NoListing(container.type_name());
    ++depth_;
    if (!in_data_ || depth_ < 3) return true;  // outside the rows: not kept
    if (stack_.empty()) {
      row_ = std::move(container);
      stack_.push_back(&row_);
    } else {
      stack_.push_back(Insert(std::move(container)));
    }
    return true;
  }
  bool Close() {
    --depth_;
    if (stack_.empty()) return true;
    stack_.pop_back();
    if (stack_.empty()) sink_(row_);
    return true;
  }
  // PVE's answers are objects: {"data": …}.
  [[noreturn]] static void NoAnswer(const char* what) {
    throw UnexpectedAnswer(std::string("unreadable answer from Proxmox (") + what + ", not a JSON object)");
  }
  [[noreturn]] static void NoListing(const char* what) {
    throw UnexpectedAnswer(std::string("Proxmox answered a listing with ") + what);
  }
  json* Insert(json value) {
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    return &(parent[key_] = std::move(value));
  }

  const RowSink& sink_;
  int depth_ = 0;        // of the container being read: 1 = the answer, 2 = data[], 3 = a row
  bool in_data_ = false;
  std::string key_;
  json row_;
  std::vector<json*> stack_;  // the row and the containers open inside it
};

}  // namespace

void ForEachDataRow(const std::string& body, const RowSink& sink) {
  RowBuilder builder(sink);
  json::sax_parse(body, &builder);
}

}  // namespace pm::proxmox
