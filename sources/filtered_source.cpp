#include "sources/filtered_source.h"

namespace archgate {

FilteredSource::FilteredSource(std::unique_ptr<FileSource> inner, const std::vector<bool>& kept)
    : inner_(std::move(inner)) {
  set_max_file_size(inner_->max_file_size());
  const auto& all = inner_->files();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (i >= kept.size() || kept[i]) files_.push_back(all[i]);
}

ReadResult FilteredSource::read(std::string_view path) const {
  if (!exists(path)) {
    ReadResult r;
    r.status = ReadStatus::not_found;
    return r;
  }
  return inner_->read(path);
}

}  // namespace archgate
