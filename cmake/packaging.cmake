# SPDX-License-Identifier: MIT
# What `cmake --install` puts beside the programs (apps/CMakeLists.txt installs them, their manual
# pages and completions), and the Debian package CPack builds from the same install:
#   cmake --build build && (cd build && cpack)    # build/feedback_VERSION_ARCH.deb
# Debian's own files (copyright, changelog.gz, the lintian overrides) are installed too: they
# are small, and one install for both keeps the package and `cmake --install` the same.

install(FILES README.md ARCHITECTURE.md LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
# The demo, legacy exports and their mappings, the systemd units and the logrotate snippet.
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

set(FEEDBACK_PACKAGE_MAINTAINER "feedback maintainers <feedback@council.example>" CACHE STRING
  "The Maintainer of the Debian package")

# /usr/share/doc/feedback/copyright in Debian's machine-readable format, the licence indented.
file(STRINGS LICENSE feedback_license_lines)
set(FEEDBACK_LICENSE_TEXT "")
foreach(line IN LISTS feedback_license_lines)
  if(line STREQUAL "")
    string(APPEND FEEDBACK_LICENSE_TEXT " .\n")
  else()
    string(APPEND FEEDBACK_LICENSE_TEXT " ${line}\n")
  endif()
endforeach()
set(feedback_debian "${CMAKE_BINARY_DIR}/debian")
configure_file(packaging/copyright.in "${feedback_debian}/copyright" @ONLY)

# changelog.gz, which a native package carries: one entry for this version, dated by its commit
# so that two builds of one commit are the same.
find_package(Git QUIET)
set(FEEDBACK_CHANGELOG_DATE "")
if(GIT_FOUND)
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${PROJECT_SOURCE_DIR}" log -1 --format=%cD
    OUTPUT_VARIABLE FEEDBACK_CHANGELOG_DATE OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
if(FEEDBACK_CHANGELOG_DATE STREQUAL "")
  string(TIMESTAMP FEEDBACK_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
endif()
configure_file(packaging/changelog.in "${feedback_debian}/changelog" @ONLY)
add_custom_command(OUTPUT "${feedback_debian}/changelog.gz"
  COMMAND gzip -9 -n -k -f "${feedback_debian}/changelog"
  DEPENDS "${feedback_debian}/changelog"
  VERBATIM)
add_custom_target(feedback_debian_files ALL DEPENDS "${feedback_debian}/changelog.gz")
install(FILES "${feedback_debian}/copyright" "${feedback_debian}/changelog.gz"
  DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES packaging/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides
  RENAME feedback)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME feedback)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "The feedback authors")
set(CPACK_PACKAGE_CONTACT "${FEEDBACK_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "customer feedback case management for UK councils")
# Lines of at most 80 characters, as lintian wants.
set(CPACK_PACKAGE_DESCRIPTION
  "Command-line programs that record complaints, compliments, comments,\n"
  "suggestions, enquiries and service requests and work them to the\n"
  "Ombudsman's decision: deadlines in working days (bank holidays of each UK\n"
  "nation by rule, closure days as data), policy as data, escalation, the\n"
  "figures councils publish, and import of legacy exports, all in one\n"
  "SQLite file.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared libraries the programs link (SQLite, fmt, date-tz, the C++ runtime) as dpkg-shlibdeps
# finds them, and the zoneinfo that Europe/London is read from.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata")
# Loaded only for a PostgreSQL database (dlopen), so dpkg-shlibdeps cannot see it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libpq5")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
