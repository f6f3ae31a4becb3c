// MainWindow's UI language: switching at run time (View > Language) and the retranslateUi
// pattern — every text that build_ui() leaves empty is set here, on start and on each
// QEvent::LanguageChange.
#include <QComboBox>
#include <QDockWidget>
#include <QEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QTableView>

#include "applications_panel.hpp"
#include "hubland/error.hpp"
#include "main_window.hpp"
#include "map_canvas.hpp"

namespace hubland::desk {

void MainWindow::set_language(const QString& ui_code) {
  // Remembered for the next start, except in --screenshot runs (tests, docs), which must not
  // change the user's choice.
  if (!qEnvironmentVariableIsSet("HUBLAND_DESK_NO_DIALOGS"))
    QSettings().setValue(QStringLiteral("language"), ui_code);
  if (ui_code == m_translator.code()) return;
  m_translator.install(ui_code);  // Qt sends LanguageChange -> changeEvent -> retranslate_ui
}

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate_ui();
  QMainWindow::changeEvent(event);
}

void MainWindow::retranslate_ui() {
  m_language = language_of(m_translator.code());
  setWindowTitle(
      m_open_path.isEmpty()
          ? tr("HubLand — land planning desk")
          : tr("%1 — HubLand land planning desk").arg(QFileInfo(m_open_path).fileName()));
  m_layers_dock->setWindowTitle(tr("Layers"));
  m_identify_dock->setWindowTitle(tr("Identify"));
  m_table_dock->setWindowTitle(tr("Attribute table"));
  m_legend_dock->setWindowTitle(tr("Legend"));
  if (m_zones_dock) m_zones_dock->setWindowTitle(tr("Zones"));
  if (m_applications_dock) m_applications_dock->setWindowTitle(tr("Applications"));
  if (m_applications) m_applications->retranslate(m_language);
  m_up->setText(tr("Up"));
  m_down->setText(tr("Down"));
  m_cancel->setText(tr("Cancel"));
  m_style_box->setToolTip(tr("Thematic style of the selected layer"));
  m_filter_edit->lineEdit()->setPlaceholderText(
      tr("Filter: SQL where (plot_ratio < 1.0) or grade D, flag LE-FAR, rejected"));
  m_filter_edit->setToolTip(m_filter_edit->lineEdit()->placeholderText() + QStringLiteral("\n") +
                            tr("Column names for SQL: hover a column header."));
  build_menus();
  update_actions();
  m_tree->retranslate();
  fill_style_box();
  for (int i = 0; i < m_table_layer_box->count(); ++i)
    m_table_layer_box->setItemText(
        i, LayerTreeModel::layer_name(static_cast<Role>(m_table_layer_box->itemData(i).toInt())));
  m_table->retranslate();
  if (!m_session) return;
  update_filter_status();
  // Legend labels of the input layers were fixed when they were styled: style them again
  // (the sample decodes in milliseconds; a very large layer pauses the window briefly).
  try {
    m_document = std::make_unique<MapDocument>(*m_session);
  } catch (const Error& e) {
    show_error(QString::fromStdString(e.what()));
  }
  refresh_map();
  if (m_selection->rows().size() == 1)
    show_identify(m_selection->layer(), m_selection->rows().front());
}

QStringList MainWindow::describe_ui() const {
  QStringList out;
  out << QStringLiteral("title: ") + windowTitle();
  QStringList menus;
  for (QAction* a : menuBar()->actions()) menus << a->text();
  out << QStringLiteral("menus: ") + menus.join(QLatin1Char('|'));
  QStringList headers;
  for (int c = 0; c < m_table->columnCount(); ++c)
    headers << m_table->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
  out << QStringLiteral("headers: ") + headers.join(QLatin1Char('|'));
  auto rect = [this](const QWidget* w) {
    const QRect r(w->mapTo(this, QPoint(0, 0)), w->size());
    return QStringLiteral("%1 %2 %3 %4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
  };
  out << QStringLiteral("map: ") + rect(m_canvas);
  out << QStringLiteral("legend: ") + rect(m_legend_dock->widget()) +
             (m_legend_dock->isVisible() ? QString() : QStringLiteral(" hidden"));
  out << QStringLiteral("legend image: %1 %2")
             .arg(m_canvas->legend().width())
             .arg(m_canvas->legend().height());
  return out;
}

}  // namespace hubland::desk
