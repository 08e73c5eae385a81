// cadreplan — the `paths` module: the training-path graph, earliest possible
// completion per cadre, and who can never reach a target in time and why.
#pragma once

#include "cadreplan/paths/graph.hpp"
#include "cadreplan/paths/why_not.hpp"
