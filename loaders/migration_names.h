// What a migration file's name (and folder) says: layout, direction,
// version, description. Content-based layouts (dbmate, Liquibase) are decided
// by the caller from the text; sqitch by the folder it sits in.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/model.h"

namespace archgate {

struct MigrationName {
  MigrationLayout layout = MigrationLayout::plain;
  MigrationDirection direction = MigrationDirection::up;
  std::string version;  // "" when the name carries none
  std::string description;
};

// `relative` is the path below the migration folder ("V1__init.sql",
// "2024/001_x.sql", "down/001_x.sql", "20200101_x/up.sql").
MigrationName classify_migration_name(std::string_view relative);

// Leading digits of a dbmate file name ("20151129054053_x.sql").
MigrationName dbmate_name(std::string_view relative);

// "1", "1.1", "1_1", "000001" -> "1", "1.1", "1.1", "1": the version as
// Flyway and golang-migrate compare it.
std::string normalize_version(std::string_view version);

}  // namespace archgate
