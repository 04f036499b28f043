# The Debian package (CPack's DEB generator):
#   cmake --build build --target package   ->   build/archgate_<version>_<arch>.deb
# It holds the binary, the rule pages and the archgate(1) manual page, both
# generated at build time by the binary just built from the rules' metadata
# (part of `all`: a few milliseconds). Depends is computed from the binary's
# shared libraries by dpkg-shlibdeps (Debian package dpkg-dev).
# tests/package_test.sh builds the package, extracts it and runs it.

set(ARCHGATE_GENERATED_DOCS ${PROJECT_BINARY_DIR}/generated-docs)
find_program(ARCHGATE_GZIP gzip)
archgate_require(ARCHGATE_GZIP gzip)

# The rule pages, as `archgate write-docs` writes them (the same text as
# docs/rules/, which rules/registry_test.cpp keeps up to date).
add_custom_command(
  OUTPUT ${ARCHGATE_GENERATED_DOCS}/rules.stamp
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${ARCHGATE_GENERATED_DOCS}/rules
  COMMAND archgate write-docs ${ARCHGATE_GENERATED_DOCS}/rules
  COMMAND ${CMAKE_COMMAND} -E touch ${ARCHGATE_GENERATED_DOCS}/rules.stamp
  DEPENDS archgate
  COMMENT "Writing the rule pages"
  VERBATIM)
# archgate(1): `archgate write-man`, compressed without a timestamp.
add_custom_command(
  OUTPUT ${ARCHGATE_GENERATED_DOCS}/archgate.1.gz
  COMMAND archgate write-man ${ARCHGATE_GENERATED_DOCS}/archgate.1
  COMMAND ${ARCHGATE_GZIP} -n -9 -f ${ARCHGATE_GENERATED_DOCS}/archgate.1
  DEPENDS archgate
  COMMENT "Writing the archgate(1) manual page"
  VERBATIM)
add_custom_target(archgate_docs ALL
  DEPENDS ${ARCHGATE_GENERATED_DOCS}/rules.stamp ${ARCHGATE_GENERATED_DOCS}/archgate.1.gz)

include(GNUInstallDirs)
install(TARGETS archgate RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${ARCHGATE_GENERATED_DOCS}/rules/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/rules)
install(FILES ${ARCHGATE_GENERATED_DOCS}/archgate.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

set(ARCHGATE_PACKAGE_MAINTAINER "archgate maintainers <https://github.com/archgate/archgate/issues>"
  CACHE STRING "The Maintainer field of the Debian package")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME archgate)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR archgate)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "checks a microservice repository against its own architecture")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "archgate reads service-inventory.json (which service owns which tables,\n"
  "which services it may call) together with the services' OpenAPI contracts,\n"
  "Compose files, SQL migrations, Dockerfiles and source code, and reports\n"
  "every place where they break those boundaries, at the file, line and column.\n"
  "archgate verify checks running services against their contracts.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # archgate_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${ARCHGATE_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE https://github.com/archgate/archgate)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# archgate reads repositories through libgit2; git runs the hook that
# `archgate install-hook` writes.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS git)
find_program(ARCHGATE_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(NOT ARCHGATE_DPKG_SHLIBDEPS)
  message(STATUS "dpkg-shlibdeps not found: the package target needs the Debian package 'dpkg-dev'")
endif()
include(CPack)
