// Request ids: every request carries one (the caller's, or a new one), every
// log line names it, and every call to another service forwards it.
#pragma once

#include <string>
#include <string_view>

namespace refsys {

// 32 lowercase hex characters from a per-thread random generator.
std::string new_request_id();

// Up to 128 characters of [A-Za-z0-9._:-]; anything else is replaced by a new
// id so a client cannot inject text into the logs.
bool is_valid_request_id(std::string_view id);

// The caller's id when it is valid, else a new one.
std::string request_id_or_new(std::string_view incoming);

// A random id for entities (orders): 32 lowercase hex characters.
std::string new_random_id();

}  // namespace refsys
