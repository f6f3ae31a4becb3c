#include "hubland/desk/identify.hpp"

#include <QCoreApplication>
#include <set>

namespace hubland::desk {
namespace {

// Translation context of this file's user-visible text (lupdate reads it).
struct Text {
  Q_DECLARE_TR_FUNCTIONS(hubland::desk::identify)
};
std::string cell(const layers::Table& t, std::size_t r, const char* column) {
  const auto c = t.find(column);
  if (!c || t.null_at(r, *c)) return {};
  return layers::as_text(t.get(r, *c));
}
}  // namespace

IdentifyResult identify(const Session& session, Role role, std::size_t row) {
  IdentifyResult out;
  out.role = role;
  out.id = session.feature_id(role, row);
  const auto view = session.view(role);
  std::set<std::string> shown;
  if (row < view->row_count()) {
    for (std::size_t c = 0; c < view->column_count(); ++c) {
      const auto& name = view->column(c).name;
      out.attributes.emplace_back(name,
                                  view->null_at(row, c) ? "" : layers::as_text(view->get(row, c)));
      shown.insert(name);
    }
  }
  if (role == Role::Parcels) {
    const auto& facts = session.results().facts;
    const std::size_t fr = session.facts_row(out.id);
    if (fr != Session::npos)
      for (std::size_t c = 0; c < facts.column_count(); ++c) {
        const auto& name = facts.column(c).name;
        if (shown.count(name)) continue;
        out.facts.emplace_back(name, facts.null_at(fr, c) ? "" : layers::as_text(facts.get(fr, c)));
      }
  }
  const auto& f = session.results().findings;
  for (std::size_t r : session.findings_of(out.id)) {
    out.findings.push_back({cell(f, r, "rule_id"), cell(f, r, "outcome"), cell(f, r, "actual"),
                            cell(f, r, "threshold"), cell(f, r, "reason_zh"),
                            cell(f, r, "reason_en"), cell(f, r, "clause")});
  }
  return out;
}

void fill_identify_model(QStandardItemModel& model, const IdentifyResult& result,
                         Language language) {
  model.clear();
  model.setHorizontalHeaderLabels({Text::tr("Field"), Text::tr("Value")});
  auto row = [](QStandardItem* parent, const QString& key, const QString& value) {
    auto* k = new QStandardItem(key);  // owned by the model (Qt parent ownership)
    auto* v = new QStandardItem(value);
    k->setEditable(false);
    v->setEditable(false);
    v->setToolTip(value);
    parent->appendRow({k, v});
    return k;
  };
  auto group = [&](const QString& title, std::size_t count) {
    auto* g = new QStandardItem(title);
    auto* n = new QStandardItem(QString::number(count));
    g->setEditable(false);
    n->setEditable(false);
    model.invisibleRootItem()->appendRow({g, n});
    return g;
  };
  auto* attrs = group(Text::tr("Attributes"), result.attributes.size());
  for (const auto& [k, v] : result.attributes)
    row(attrs, QString::fromStdString(k), QString::fromStdString(v));
  if (!result.facts.empty()) {
    auto* facts = group(Text::tr("Facts"), result.facts.size());
    for (const auto& [k, v] : result.facts)
      row(facts, QString::fromStdString(k), QString::fromStdString(v));
  }
  auto* findings = group(Text::tr("Findings"), result.findings.size());
  for (const auto& f : result.findings) {
    auto* node =
        row(findings, QString::fromStdString(f.rule_id), QString::fromStdString(f.outcome));
    const std::string& reason = language == Language::Chinese && !f.reason_zh.empty() ? f.reason_zh
                                : !f.reason_en.empty()                                ? f.reason_en
                                                                                      : f.reason_zh;
    row(node, Text::tr("Reason"), QString::fromStdString(reason));
    row(node, Text::tr("Actual"), QString::fromStdString(f.actual));
    row(node, Text::tr("Threshold"), QString::fromStdString(f.threshold));
    row(node, Text::tr("Clause"), QString::fromStdString(f.clause));
  }
}

}  // namespace hubland::desk
