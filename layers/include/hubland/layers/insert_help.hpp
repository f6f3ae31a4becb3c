#pragma once
// InsertHelp — a second thread lending itself to a VectorSink's GeoPackage bulk inserts.
//
// SQLite inserts into one table on one thread. `hubland overlay` writes facts.csv on a second
// thread while the GeoPackage is written, and the CSV is done first: that core then idled while
// the insert went on. With an InsertHelp, the inserting thread takes blocks of rows from the
// front of the table and a helper (the CSV thread, once its file is written) takes blocks from
// the back into a side SQLite file; when the two meet, the inserting thread copies the side
// file's rows in as whole records (SQLite's transfer of an INSERT … SELECT * between tables of
// one schema, no value decoded). The file holds the same bytes whoever inserted which rows
// (docs/performance.md, "Writing the facts").
//
//   layers::InsertHelp help;
//   auto csv = std::async(std::launch::async, [&] { write_csv(…); help.help(); });
//   layers::InsertHelp::Closer closer(help);   // help() returns however the block is left
//   … sink.add_layer(name, table, nullptr, {.insert_help = &help}); sink.commit(); …

#include <cstddef>
#include <memory>

namespace hubland::layers {

namespace detail {
struct InsertHelpState;
}

class InsertHelp {
 public:
  struct Options {
    /// Rows a thread takes at a time: about 40 ms of SQLite's work at 90 columns.
    std::size_t block_rows = 8192;
    /// Tests: the inserting thread takes its first block only once the helper has taken the
    /// insert (and so its first block from the back): a helper then always inserts rows.
    bool start_together = false;
  };
  InsertHelp();
  explicit InsertHelp(Options options);
  ~InsertHelp();  ///< closes
  InsertHelp(const InsertHelp&) = delete;
  InsertHelp& operator=(const InsertHelp&) = delete;

  /// On the helping thread: takes part in every insert posted until close(), then returns.
  /// Never throws: a failure (SQLite's message) goes to the inserting thread, which throws it.
  void help() noexcept;
  /// No more inserts will be posted: help() returns once it has finished what it holds.
  void close() noexcept;
  /// Rows the helping thread has inserted, over every insert so far.
  std::size_t rows_helped() const noexcept;

  /// Closes the help when the scope is left, also by an exception (declare it after the
  /// future of the helping thread, so that help() returns before that future is waited on).
  class Closer {
   public:
    explicit Closer(InsertHelp& help) noexcept : m_help(help) {}
    ~Closer() { m_help.close(); }
    Closer(const Closer&) = delete;
    Closer& operator=(const Closer&) = delete;

   private:
    InsertHelp& m_help;
  };

  /// Internal: the state the bulk insert shares with help().
  detail::InsertHelpState& state() noexcept { return *m_state; }

 private:
  std::unique_ptr<detail::InsertHelpState> m_state;
};

}  // namespace hubland::layers
