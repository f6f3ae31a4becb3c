#include "zones_panel.hpp"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <cmath>

#include "hubland/rules/evaluator.hpp"

namespace hubland::desk {

ZonesPanel::ZonesPanel(Language language, QWidget* parent) : QWidget(parent), m_language(language) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Year")));
  m_year_box = new QComboBox;
  bar->addWidget(m_year_box);
  bar->addStretch(1);
  layout->addLayout(bar);

  m_model = new ZoneTableModel(language, this);
  m_sorted = new QSortFilterProxyModel(this);
  m_sorted->setSourceModel(m_model);
  m_sorted->setSortRole(Qt::UserRole);  // numbers sort as numbers
  m_table = new QTableView;
  m_table->setModel(m_sorted);
  m_table->setSortingEnabled(true);
  m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->verticalHeader()->setDefaultSectionSize(20);
  m_table->verticalHeader()->hide();

  auto* detail = new QWidget;
  auto* dv = new QHBoxLayout(detail);
  dv->setContentsMargins(0, 0, 0, 0);
  auto* chart_box = new QWidget;
  auto* cv = new QVBoxLayout(chart_box);
  cv->setContentsMargins(0, 0, 0, 0);
  m_zone_title = new QLabel;
  m_zone_title->setStyleSheet(QStringLiteral("font-weight: bold"));
  cv->addWidget(m_zone_title);
  // The chart scrolls: a ruleset with many indicators draws more panels than fit.
  m_chart = new QLabel;
  m_chart_scroll = new QScrollArea;
  m_chart_scroll->setWidget(m_chart);
  m_chart_scroll->setMinimumSize(200, 120);
  m_chart_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  cv->addWidget(m_chart_scroll, 1);
  dv->addWidget(chart_box, 3);

  auto* parcels_box = new QWidget;
  auto* pv = new QVBoxLayout(parcels_box);
  pv->setContentsMargins(0, 0, 0, 0);
  pv->addWidget(new QLabel(tr("Worst parcels (double-click: zoom)")));
  m_parcels = new QStandardItemModel(this);
  m_parcel_view = new QTableView;
  m_parcel_view->setModel(m_parcels);
  m_parcel_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_parcel_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_parcel_view->verticalHeader()->setDefaultSectionSize(20);
  m_parcel_view->verticalHeader()->hide();
  pv->addWidget(m_parcel_view, 1);
  dv->addWidget(parcels_box, 2);

  auto* split = new QSplitter(Qt::Vertical);
  split->addWidget(m_table);
  split->addWidget(detail);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  layout->addWidget(split, 1);

  connect(m_year_box, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i >= 0) show_year(m_year_box->itemData(i).toInt());
  });
  connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            if (m_syncing || !current.isValid()) return;
            const QModelIndex src = m_sorted->mapToSource(current);
            m_zone = m_model->zone(src.row()).zone_id;
            show_zone();
            emit changed();
            emit zone_chosen();
          });
  connect(m_parcel_view, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    emit parcel_activated(m_parcels->item(index.row(), 0)->text());
  });
}

void ZonesPanel::set_evaluation(ZoneEvaluationPtr evaluation) {
  m_evaluation = std::move(evaluation);
  m_zone.clear();
  QSignalBlocker block(m_year_box);
  m_year_box->clear();
  if (m_evaluation)
    for (int y : m_evaluation->years) m_year_box->addItem(QString::number(y), y);
  m_year_box->setCurrentIndex(m_year_box->count() - 1);
  show_year(year());
}

int ZonesPanel::year() const {
  return m_year_box->count() ? m_year_box->currentData().toInt() : 0;
}

void ZonesPanel::show_year(int year) {
  m_model->set_evaluation(m_evaluation, year);
  m_table->resizeColumnsToContents();
  show_zone();
  emit changed();
}

bool ZonesPanel::select_zone(const std::string& zone_id) {
  const int row = m_model->row_of(zone_id);
  if (row < 0) return false;
  m_zone = zone_id;
  show_zone();
  emit changed();
  return true;
}

std::string ZonesPanel::first_zone() const {
  if (m_sorted->rowCount() == 0) return {};
  return m_model->zone(m_sorted->mapToSource(m_sorted->index(0, 0)).row()).zone_id;
}

void ZonesPanel::show_zone() {
  // The table row follows the selection, whoever made it (table, map, program).
  m_syncing = true;
  const int row = m_model->row_of(m_zone);
  if (row >= 0) {
    const QModelIndex v = m_sorted->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->setCurrentIndex(
        v, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(v);
  } else {
    m_table->clearSelection();
  }
  m_syncing = false;

  m_parcels->clear();
  m_parcels->setHorizontalHeaderLabels(
      {tr("Parcel"), tr("Land status"), tr("Grade"), tr("Score"), tr("Area (mu)")});
  if (!m_evaluation || row < 0) {
    m_zone_title->setText(m_evaluation ? tr("Select a zone in the table or on the map")
                                       : QString());
    m_chart->clear();
    return;
  }
  const rules::ZoneEvaluation& z = m_model->zone(row);
  m_zone_title->setText(tr("%1 %2 (%3) — %4: score %5, grade %6")
                            .arg(QString::fromStdString(z.zone_id),
                                 QString::fromStdString(z.zone_name),
                                 QString::fromStdString(z.zone_type))
                            .arg(year())
                            .arg(z.score ? QString::number(*z.score, 'f', 1) : QStringLiteral("-"))
                            .arg(QString::fromStdString(z.grade)));
  auto number = [](const std::optional<double>& v) {
    return v ? QString::fromStdString(rules::format_number(std::round(*v * 100) / 100)) : QString();
  };
  for (const WorstParcel& p : worst_parcels(*m_evaluation, year(), m_zone)) {
    QList<QStandardItem*> items{new QStandardItem(QString::fromStdString(p.parcel_id)),
                                new QStandardItem(QString::fromStdString(p.land_status)),
                                new QStandardItem(QString::fromStdString(p.grade)),
                                new QStandardItem(number(p.grade_score)),
                                new QStandardItem(number(p.area_mu))};
    items[3]->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    items[4]->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_parcels->appendRow(items);
  }
  m_parcel_view->resizeColumnsToContents();
  draw_chart();
}

void ZonesPanel::draw_chart() {
  if (!m_evaluation || m_zone.empty() || m_model->row_of(m_zone) < 0) return;
  const QSize size = m_chart_scroll->viewport()->size().expandedTo(QSize(200, 120));
  m_chart->setPixmap(QPixmap::fromImage(trend_chart(*m_evaluation, m_zone, size, m_language)));
  m_chart->adjustSize();
}

void ZonesPanel::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  draw_chart();
}

}  // namespace hubland::desk
