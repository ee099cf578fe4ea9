# SPDX-License-Identifier: MIT
# Run by the build (apps/CMakeLists.txt) on every build: writes OUT from IN with the git revision
# the programs are built from, and the day of its commit (the manual pages' date), rewriting OUT
# only when they changed so that nothing is rebuilt for nothing. Outside a git checkout (a
# release tarball) both come from FEEDBACK_GIT_REVISION and SOURCE_DATE_EPOCH, else "unknown".
set(revision "${FALLBACK_REVISION}")
set(source_date "")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
    OUTPUT_VARIABLE head RESULT_VARIABLE head_rc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(head_rc EQUAL 0 AND NOT head STREQUAL "")
    set(revision "${head}")
    # Tracked files changed since the commit: say so, as `git describe --dirty` does.
    execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" status --porcelain
      --untracked-files=no OUTPUT_VARIABLE changes RESULT_VARIABLE status_rc ERROR_QUIET)
    if(status_rc EQUAL 0 AND NOT changes STREQUAL "")
      string(APPEND revision "-dirty")
    endif()
    execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" log -1 --format=%cs
      OUTPUT_VARIABLE source_date OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  endif()
endif()
if(source_date STREQUAL "" AND DEFINED ENV{SOURCE_DATE_EPOCH})
  string(TIMESTAMP source_date "%Y-%m-%d" UTC)
endif()
if(revision STREQUAL "")
  set(revision "unknown")
endif()
if(source_date STREQUAL "")
  set(source_date "unknown")
endif()
set(FEEDBACK_VERSION "${VERSION}")
set(FEEDBACK_GIT_REVISION "${revision}")
set(FEEDBACK_SOURCE_DATE "${source_date}")
configure_file("${IN}" "${OUT}" @ONLY)
