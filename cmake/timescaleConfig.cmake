# find_package(timescale) for programs that embed libtimescale.
include(CMakeFindDependencyMacro)
find_dependency(Threads)
find_dependency(PkgConfig)
pkg_check_modules(ICAL REQUIRED IMPORTED_TARGET libical)
include(${CMAKE_CURRENT_LIST_DIR}/timescaleTargets.cmake)
