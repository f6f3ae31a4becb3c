#include "hubland/desk/column_names.hpp"

#include <QCoreApplication>

#include "hubland/layers/export.hpp"

namespace hubland::desk {

QString column_title(const std::string& canonical_name) {
  // Asked of the translator each time: a language switch at run time needs no other signal.
  const QString vocabulary = QCoreApplication::translate("hubland::desk::columns", "vocabulary");
  if (vocabulary != QLatin1String("zh")) return QString::fromStdString(canonical_name);
  return QString::fromStdString(layers::ExportVocabulary::bundled().zh_name(canonical_name));
}

}  // namespace hubland::desk
