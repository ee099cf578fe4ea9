# SPDX-License-Identifier: MIT
# Sourced by scripts/setup.sh and scripts/test.sh: the one set of flags the main build is
# configured with, so that the test command never rebuilds what set-up built.
# CMAKE_CXX_COMPILER_LAUNCHER (e.g. ccache) is passed on when set in the environment.
feedback_build_flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DFEEDBACK_WARNINGS_AS_ERRORS=ON)
if [ -n "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ]; then
  feedback_build_flags+=("-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER")
fi
