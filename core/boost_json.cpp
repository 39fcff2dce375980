// Boost.JSON compiled into the project (header-only use): this is its one translation unit.
#include <boost/json/src.hpp>
