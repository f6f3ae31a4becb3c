#pragma once
// Column headers of the attribute table in the UI language. Columns keep their canonical
// names (parcel_id, plot_ratio, tax_10k_yuan …) everywhere in the data; only the header shown
// changes. In Chinese the header is the column's name in the export vocabulary
// (layers/data/export_fields.toml [zh], the names `hubland export --field-names zh` writes), so
// the desk and the exported files call a column the same; the installed translation says which
// vocabulary to show (context "hubland::desk::columns", entry "vocabulary": zh or en). A column
// without a Chinese name (or in English) shows its canonical name.

#include <QString>
#include <string>

namespace hubland::desk {

/// Header text of a column in the installed UI language.
QString column_title(const std::string& canonical_name);

}  // namespace hubland::desk
