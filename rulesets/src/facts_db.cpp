// The FactsDb: the facts with the subject's schema, their derived columns, and the SQLite
// connections whose virtual table `facts` reads them (see hubland/rules/evaluator.hpp).
#include "hubland/rules/evaluator.hpp"

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "facts_db_impl.hpp"
#include "hubland/error.hpp"

namespace hubland::rules {

namespace {

void open_connection(FactsDb::Impl& m) {
  m.all = Range{&m, 0, m.facts->row_count()};
  m.db = detail::open_facts_connection(m.all, m.lookups);
}

/// A table without a subject: its own columns only, ids are 1-based row numbers.
void init_any_table(FactsDb::Impl& m) {
  using Source = FactsDb::Impl::ColRef::Source;
  m.any_table = true;
  const layers::Table& t = *m.facts;
  for (std::size_t c = 0; c < t.column_count(); ++c) {
    m.names.push_back(t.column(c).name);
    m.cols.push_back({Source::Facts, c});
  }
  m.ids.reserve(t.row_count());
  for (std::size_t r = 0; r < t.row_count(); ++r) m.ids.push_back(std::to_string(r + 1));
  m.extra.resize(t.row_count());
  open_connection(m);
}

void init(FactsDb::Impl& m, Subject subject, const Ruleset* ruleset) {
  using Source = FactsDb::Impl::ColRef::Source;
  m.subject = subject;
  const layers::Table& facts = *m.facts;
  for (std::size_t c = 0; c < facts.column_count(); ++c) {
    m.names.push_back(facts.column(c).name);
    m.cols.push_back({Source::Facts, c});
  }
  const layers::Table schema = facts_schema(subject);
  for (const auto& col : schema.columns()) {
    const auto have = facts.find(col.name);
    if (!have) {
      m.names.push_back(col.name);
      m.cols.push_back({Source::Null, 0});
    } else if (col.type != layers::FieldType::Text &&
               facts.column(*have).type == layers::FieldType::Text) {
      // SQLite would compare text with numbers as text ('10' < '9'): refuse instead.
      throw Error(ErrorKind::Schema,
                  std::string("holds text, but the facts schema says ") + to_string(col.type) +
                      " (convert it when reading)",
                  Where{.field = col.name});
    }
  }
  std::vector<Derived> derived;
  if (ruleset) derived = ruleset->derived_for(subject);
  for (std::size_t k = 0; k < derived.size(); ++k) {
    if (m.find(derived[k].name))
      throw Error(ErrorKind::Rule,
                  "derived column '" + derived[k].name + "' clashes with a facts column",
                  Where{.file = ruleset->file, .line = derived[k].line, .rule = derived[k].name});
    m.names.push_back(derived[k].name);
    m.cols.push_back({Source::Derived, k});
  }
  const auto id_col = facts.find(id_column(subject));
  if (!id_col)
    throw Error(ErrorKind::Schema, "the facts have no id column",
                Where{.field = id_column(subject)});
  m.ids.reserve(facts.row_count());
  for (std::size_t r = 0; r < facts.row_count(); ++r) {
    m.ids.push_back(detail::cell_text(facts, r, *id_col));
    if (m.ids.back().empty())
      throw Error(ErrorKind::Schema, "empty id in row " + std::to_string(r + 1),
                  Where{.field = id_column(subject)});
  }
  // Duplicate ids: sort (hash, row) pairs and compare neighbours — no string copies.
  std::vector<std::pair<std::size_t, std::size_t>> keyed(m.ids.size());
  const std::hash<std::string> hash;
  for (std::size_t r = 0; r < m.ids.size(); ++r) keyed[r] = {hash(m.ids[r]), r};
  std::sort(keyed.begin(), keyed.end());
  std::size_t first_dup = m.ids.size();
  for (std::size_t i = 0; i < keyed.size(); ++i)
    for (std::size_t j = i + 1; j < keyed.size() && keyed[j].first == keyed[i].first; ++j)
      if (m.ids[keyed[i].second] == m.ids[keyed[j].second])
        first_dup = std::min(first_dup, std::max(keyed[i].second, keyed[j].second));
  if (first_dup < m.ids.size())
    throw Error(ErrorKind::Schema, "duplicate id",
                Where{.feature = m.ids[first_dup], .field = id_column(subject)});
  if (ruleset) m.lookups = ruleset->lookups;
  open_connection(m);
  // Derived columns in file order: each may use the ones before it (they read as NULL until
  // computed).
  m.extra.resize(facts.row_count());
  for (const auto& d : derived) {
    const Where where{.file = ruleset->file, .line = d.line, .rule = d.name};
    layers::Table v = detail::select_values(m, {d.expr}, where);
    const std::size_t c = m.extra.add_column(d.name, v.column(0).type, d.unit);
    m.extra.copy_column(c, v, 0);  // one row per facts row, in order: the storage whole
  }
}

}  // namespace

FactsDb::FactsDb(const layers::Table& facts, Subject subject, const Ruleset* ruleset)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->facts = &facts;
  init(*m_impl, subject, ruleset);
}

FactsDb::FactsDb(layers::Table&& facts, Subject subject, const Ruleset* ruleset)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->owned = std::move(facts);
  m_impl->facts = &*m_impl->owned;
  init(*m_impl, subject, ruleset);
}

FactsDb::FactsDb(const layers::Table& table, AnyTable) : m_impl(std::make_unique<Impl>()) {
  m_impl->facts = &table;
  init_any_table(*m_impl);
}

const layers::Table& FactsDb::table() const {
  const Impl& m = *m_impl;
  if (m.merged) return *m.merged;
  if (m.any_table) return *m.facts;
  layers::Table t = *m.facts;
  const layers::Table schema = facts_schema(m.subject);
  for (std::size_t c = 0; c < m.names.size(); ++c) {
    if (m.cols[c].source == Impl::ColRef::Source::Null) {
      const auto s = schema.find(m.names[c]);
      t.add_column(m.names[c], schema.column(*s).type, schema.column(*s).unit);
    } else if (m.cols[c].source == Impl::ColRef::Source::Derived &&
               m.cols[c].index < m.extra.column_count()) {
      const auto& col = m.extra.column(m.cols[c].index);
      const std::size_t dst = t.add_column(col.name, col.type, col.unit);
      for (std::size_t r = 0; r < t.row_count(); ++r)
        if (!m.extra.null_at(r, m.cols[c].index)) t.set(r, dst, m.extra.get(r, m.cols[c].index));
    }
  }
  m.merged = std::move(t);
  return *m.merged;
}

FactsDb::~FactsDb() = default;
FactsDb::FactsDb(FactsDb&&) noexcept = default;
FactsDb& FactsDb::operator=(FactsDb&&) noexcept = default;
Subject FactsDb::subject() const noexcept {
  return m_impl->subject;
}
std::size_t FactsDb::row_count() const noexcept {
  return m_impl->ids.size();
}
const std::vector<std::string>& FactsDb::ids() const noexcept {
  return m_impl->ids;
}

}  // namespace hubland::rules
