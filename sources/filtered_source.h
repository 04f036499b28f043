// A FileSource showing only some files of another: what `exclude:` in
// archgate.yaml names and what git ignores are left out of every run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sources/file_source.h"

namespace archgate {

class FilteredSource final : public FileSource {
 public:
  // `kept[i]` says whether inner->files()[i] stays.
  FilteredSource(std::unique_ptr<FileSource> inner, const std::vector<bool>& kept);

  const std::vector<FileEntry>& files() const override { return files_; }
  // A file left out reads as not found, as if it were not there.
  ReadResult read(std::string_view path) const override;
  std::string describe() const override { return inner_->describe(); }

  std::size_t left_out() const { return inner_->files().size() - files_.size(); }

 private:
  std::unique_ptr<FileSource> inner_;
  std::vector<FileEntry> files_;
};

}  // namespace archgate
