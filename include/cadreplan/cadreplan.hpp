// cadreplan — everything a program that embeds the library needs.
#pragma once

#include "cadreplan/core/error.hpp"
#include "cadreplan/core/types.hpp"
#include "cadreplan/core/version.hpp"
#include "cadreplan/explain/explain.hpp"
#include "cadreplan/io/io.hpp"
#include "cadreplan/model/plan.hpp"
#include "cadreplan/model/roster.hpp"
#include "cadreplan/model/scenario.hpp"
#include "cadreplan/optimize/solve.hpp"
#include "cadreplan/paths/paths.hpp"
#include "cadreplan/projection/projection.hpp"
#include "cadreplan/report/html.hpp"
#include "cadreplan/report/report.hpp"
#include "cadreplan/rules/check.hpp"
#include "cadreplan/synth/builtin.hpp"
#include "cadreplan/synth/generate.hpp"
