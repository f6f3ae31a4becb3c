#pragma once
// Column headers of the attribute table in the UI language. Columns keep their canonical
// names (parcel_id, plot_ratio, tax_10k_yuan …) everywhere in the data; only the header shown
// is translated, from one vocabulary: the "hubland::desk::columns" context of the desk's
// translations (i18n/hubland_*.ts), keyed by the canonical name. A column without an entry
// (or in English) shows its canonical name.

#include <QString>
#include <string>
#include <vector>

namespace hubland::desk {

/// Header text of a column in the installed UI language.
QString column_title(const std::string& canonical_name);
/// The canonical names that have an entry in the vocabulary (for tests and lupdate).
const std::vector<const char*>& translated_column_names();

}  // namespace hubland::desk
