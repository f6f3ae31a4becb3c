#pragma once
// Internal: reading typed values out of a ruleset's TOML tables with errors that name the file,
// the line and the rule — shared by the loader and its section parsers.

#include <toml++/toml.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>

#include "hubland/error.hpp"
#include "hubland/rules/ruleset.hpp"

namespace hubland::rules::detail {

inline int line_of(const toml::node& n) {
  return static_cast<int>(n.source().begin.line);
}

struct Ctx {
  std::string file;
  [[noreturn]] void fail(const toml::node& n, const std::string& msg,
                         const std::string& rule = {}) const {
    throw Error(ErrorKind::Rule, msg, Where{.file = file, .line = line_of(n), .rule = rule});
  }

  std::string str(const toml::table& t, const char* key, const std::string& rule,
                  bool required) const {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) fail(t, std::string("missing '") + key + "'", rule);
      return {};
    }
    auto v = n->value<std::string>();
    if (!v) fail(*n, std::string("'") + key + "' must be a string", rule);
    return *v;
  }

  double number(const toml::table& t, const char* key, const std::string& rule,
                std::optional<double> fallback) const {
    const toml::node* n = t.get(key);
    if (!n) {
      if (!fallback) fail(t, std::string("missing '") + key + "'", rule);
      return *fallback;
    }
    auto v = n->value<double>();
    if (!v) fail(*n, std::string("'") + key + "' must be a number", rule);
    return *v;
  }

  bool boolean(const toml::table& t, const char* key, const std::string& rule,
               bool fallback) const {
    const toml::node* n = t.get(key);
    if (!n) return fallback;
    auto v = n->value<bool>();
    if (!v) fail(*n, std::string("'") + key + "' must be true or false", rule);
    return *v;
  }

  /// { zh = "...", en = "..." }; both parts required when `required`.
  Text text(const toml::table& t, const char* key, const std::string& rule, bool required) const {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) fail(t, std::string("missing ") + key + " (needs zh and en)", rule);
      return {};
    }
    const auto* tt = n->as_table();
    if (!tt) fail(*n, std::string(key) + " must be a table { zh = \"...\", en = \"...\" }", rule);
    Text out;
    for (const auto& [k, v] : *tt) {
      auto s = v.value<std::string>();
      if (!s || (k.str() != "zh" && k.str() != "en"))
        fail(v, std::string(key) + " takes only zh and en strings", rule);
      (k.str() == "zh" ? out.zh : out.en) = *s;
    }
    if (required && (out.zh.empty() || out.en.empty()))
      fail(*n, std::string(key) + " needs both zh and en, non-empty", rule);
    return out;
  }

  void only_keys(const toml::table& t, std::initializer_list<const char*> allowed,
                 const std::string& rule, const char* section) const {
    for (const auto& [k, v] : t) {
      const std::string_view name = k.str();  // Clang 14 cannot capture a structured binding
      if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; }) ==
          allowed.end())
        fail(v, "unknown key '" + std::string(name) + "' in " + section, rule);
    }
  }
};

inline const toml::node& node_or(const toml::table& t, const char* key) {
  const toml::node* n = t.get(key);
  return n ? *n : static_cast<const toml::node&>(t);
}

}  // namespace hubland::rules::detail
