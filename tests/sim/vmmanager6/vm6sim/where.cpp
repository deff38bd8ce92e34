#include "vm6sim/where.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>

#include "simcommon/text.h"
#include "vm6sim/errors.h"

namespace vm6sim {

struct Filter::Node {
  enum class Kind { kAnd, kOr, kTerm };
  Kind kind = Kind::kTerm;
  std::shared_ptr<const Node> left, right;
  std::vector<std::string> path;
  std::string op;
  std::string value;
};

namespace {

ApiError BadFilter(const std::string& what, const std::string& detail) {
  return ApiError(400, code::kBadFilter, "Invalid '" + what + "' parameter: " + detail,
                  {{"parameter", what}});
}

struct Token {
  enum class Kind { kOpen, kClose, kWord, kString };
  Kind kind;
  std::string text;
};

std::vector<Token> Tokenize(const std::string& text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '(' || c == ')') {
      tokens.push_back({c == '(' ? Token::Kind::kOpen : Token::Kind::kClose, std::string(1, c)});
      ++i;
    } else if (c == '\'') {
      std::string value;
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '\\' && i + 1 < text.size()) {
          value += text[i + 1];
          i += 2;
        } else if (text[i] == '\'') {
          closed = true;
          ++i;
          break;
        } else {
          value += text[i++];
        }
      }
      if (!closed) throw BadFilter("where", "unterminated string");
      tokens.push_back({Token::Kind::kString, value});
    } else {
      size_t start = i;
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) &&
             text[i] != '(' && text[i] != ')' && text[i] != '\'')
        ++i;
      tokens.push_back({Token::Kind::kWord, text.substr(start, i - start)});
    }
  }
  return tokens;
}

bool IsNumberWord(const std::string& word) {
  static const std::regex re(R"(^-?\d+(\.\d+)?$)");
  return std::regex_match(word, re);
}

bool IsFieldPath(const std::string& word) {
  static const std::regex re(R"(^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$)");
  return std::regex_match(word, re);
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  std::shared_ptr<const Filter::Node> Parse() {
    if (tokens_.empty()) throw BadFilter("where", "empty filter");
    auto node = Or();
    if (pos_ != tokens_.size()) throw BadFilter("where", "unexpected '" + tokens_[pos_].text + "'");
    return node;
  }

 private:
  using NodePtr = std::shared_ptr<const Filter::Node>;

  bool AtKeyword(const char* keyword) const {
    return pos_ < tokens_.size() && tokens_[pos_].kind == Token::Kind::kWord &&
           tokens_[pos_].text == keyword;
  }

  NodePtr Join(Filter::Node::Kind kind, NodePtr left, NodePtr right) {
    auto node = std::make_shared<Filter::Node>();
    node->kind = kind;
    node->left = std::move(left);
    node->right = std::move(right);
    return node;
  }

  NodePtr Or() {
    NodePtr node = And();
    while (AtKeyword("OR")) {
      ++pos_;
      node = Join(Filter::Node::Kind::kOr, node, And());
    }
    return node;
  }

  NodePtr And() {
    NodePtr node = Primary();
    while (AtKeyword("AND")) {
      ++pos_;
      node = Join(Filter::Node::Kind::kAnd, node, Primary());
    }
    return node;
  }

  const Token& Next(const char* expected) {
    if (pos_ >= tokens_.size()) throw BadFilter("where", std::string("expected ") + expected);
    return tokens_[pos_++];
  }

  NodePtr Primary() {
    const Token& first = Next("a term");
    if (first.kind == Token::Kind::kOpen) {
      NodePtr inner = Or();
      if (Next("')'").kind != Token::Kind::kClose) throw BadFilter("where", "expected ')'");
      return inner;
    }
    if (first.kind != Token::Kind::kWord || !IsFieldPath(first.text) || first.text == "AND" ||
        first.text == "OR")
      throw BadFilter("where", "expected a field name, got '" + first.text + "'");
    auto node = std::make_shared<Filter::Node>();
    node->path = simcommon::Split(first.text, '.');
    const Token& op = Next("an operator");
    static const std::vector<std::string> kOps = {"EQ", "NE", "CP", "GT", "LT"};
    if (op.kind != Token::Kind::kWord || std::find(kOps.begin(), kOps.end(), op.text) == kOps.end())
      throw BadFilter("where", "unknown operator '" + op.text + "'");
    node->op = op.text;
    const Token& value = Next("a value");
    if (value.kind == Token::Kind::kWord && !IsNumberWord(value.text))
      throw BadFilter("where", "value '" + value.text + "' must be quoted");
    if (value.kind != Token::Kind::kWord && value.kind != Token::Kind::kString)
      throw BadFilter("where", "expected a value after " + op.text);
    node->value = value.text;
    return node;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

std::optional<std::string> FieldText(const nlohmann::json& row,
                                     const std::vector<std::string>& path) {
  const nlohmann::json* current = &row;
  for (const std::string& key : path) {
    if (!current->is_object() || !current->contains(key)) return std::nullopt;
    current = &(*current)[key];
  }
  if (current->is_string()) return current->get<std::string>();
  if (current->is_null()) return std::string();
  return current->dump();  // numbers in decimal, true/false, compact JSON
}

bool Like(const std::string& text, const std::string& pattern) {
  // Iterative wildcard match with backtracking on the last '%'.
  size_t t = 0, p = 0, star = std::string::npos, mark = 0;
  auto same = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  };
  while (t < text.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '_' || (pattern[p] != '%' && same(pattern[p], text[t])))) {
      ++t;
      ++p;
    } else if (p < pattern.size() && pattern[p] == '%') {
      star = p++;
      mark = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

std::optional<long long> AsInteger(const std::string& text) {
  static const std::regex re(R"(^-?\d{1,18}$)");
  if (!std::regex_match(text, re)) return std::nullopt;
  return std::stoll(text);
}

int Compare(const std::string& a, const std::string& b) {
  auto x = AsInteger(a);
  auto y = AsInteger(b);
  if (x && y) return *x < *y ? -1 : (*x > *y ? 1 : 0);
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

bool Evaluate(const Filter::Node& node, const nlohmann::json& row) {
  switch (node.kind) {
    case Filter::Node::Kind::kAnd:
      return Evaluate(*node.left, row) && Evaluate(*node.right, row);
    case Filter::Node::Kind::kOr:
      return Evaluate(*node.left, row) || Evaluate(*node.right, row);
    case Filter::Node::Kind::kTerm:
      break;
  }
  auto text = FieldText(row, node.path);
  if (!text) return false;
  if (node.op == "EQ") return *text == node.value;
  if (node.op == "NE") return *text != node.value;
  if (node.op == "CP") return Like(*text, node.value);
  if (node.op == "GT") return Compare(*text, node.value) > 0;
  return Compare(*text, node.value) < 0;
}

size_t ParseCount(const std::string& text) {
  static const std::regex re(R"(^\d{1,9}$)");
  if (!std::regex_match(text, re)) throw BadFilter("limit", "'" + text + "' is not a count");
  return static_cast<size_t>(std::stoul(text));
}

}  // namespace

Filter Filter::Parse(const std::string& text) {
  Filter filter;
  filter.root_ = Parser(Tokenize(text)).Parse();
  return filter;
}

bool Filter::Matches(const nlohmann::json& row) const { return Evaluate(*root_, row); }

std::map<std::string, std::string> ParseQuery(const std::string& raw) {
  std::map<std::string, std::string> out;
  for (const std::string& pair : simcommon::Split(raw, '&')) {
    if (pair.empty()) continue;
    auto equals = pair.find('=');
    std::string key = simcommon::PercentDecode(pair.substr(0, equals), true);
    std::string value =
        equals == std::string::npos ? "" : simcommon::PercentDecode(pair.substr(equals + 1), true);
    out[key] = value;
  }
  return out;
}

nlohmann::json ListReply(const std::vector<nlohmann::json>& rows,
                         const std::map<std::string, std::string>& query) {
  std::vector<nlohmann::json> kept;
  auto where = query.find("where");
  if (where != query.end()) {
    Filter filter = Filter::Parse(where->second);
    for (const auto& row : rows) {
      if (filter.Matches(row)) kept.push_back(row);
    }
  } else {
    kept = rows;
  }
  size_t size = kept.size();
  auto orderby = query.find("orderby");
  if (orderby != query.end()) {
    std::vector<std::pair<std::vector<std::string>, bool>> keys;  // path, descending
    for (const std::string& item : simcommon::Split(orderby->second, ',')) {
      auto words = simcommon::Split(simcommon::Trim(item), ' ');
      words.erase(std::remove(words.begin(), words.end(), ""), words.end());
      if (words.empty() || words.size() > 2 || !IsFieldPath(words[0]) ||
          (words.size() == 2 && words[1] != "ASC" && words[1] != "DESC"))
        throw BadFilter("orderby", "'" + item + "' is not '<field> [ASC|DESC]'");
      keys.emplace_back(simcommon::Split(words[0], '.'), words.size() == 2 && words[1] == "DESC");
    }
    std::stable_sort(kept.begin(), kept.end(), [&](const auto& a, const auto& b) {
      for (const auto& [path, descending] : keys) {
        int order = Compare(FieldText(a, path).value_or(""), FieldText(b, path).value_or(""));
        if (order != 0) return descending ? order > 0 : order < 0;
      }
      return false;
    });
  }
  auto limit = query.find("limit");
  if (limit != query.end()) {
    auto parts = simcommon::Split(limit->second, ',');
    if (parts.size() > 2) throw BadFilter("limit", "expected 'count' or 'offset,count'");
    size_t offset = parts.size() == 2 ? ParseCount(parts[0]) : 0;
    size_t count = ParseCount(parts.back());
    std::vector<nlohmann::json> page;
    for (size_t i = offset; i < kept.size() && page.size() < count; ++i) page.push_back(kept[i]);
    kept = std::move(page);
  }
  return {{"list", kept}, {"size", size}};
}

}  // namespace vm6sim
