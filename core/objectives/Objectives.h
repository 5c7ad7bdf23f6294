// Factory functions of the built-in objectives (each defined in its own file).
#pragma once
#include <memory>

#include "objectives/Objective.h"

namespace gs {

std::unique_ptr<Objective> makeMinimax();
std::unique_ptr<Objective> makeNonSaturating();
std::unique_ptr<Objective> makeWgan();
std::unique_ptr<Objective> makeWganGp();
std::unique_ptr<Objective> makeLeastSquares();
std::unique_ptr<Objective> makeHinge();
std::unique_ptr<Objective> makeLossSensitive();
std::unique_ptr<Objective> makeEbgan();
std::unique_ptr<Objective> makeMagan();
std::unique_ptr<Objective> makeBegan();
std::unique_ptr<Objective> makeCalibratedEbgan();
std::unique_ptr<Objective> makeMixGan();
std::unique_ptr<Objective> makeRaSgan();
std::unique_ptr<Objective> makeRaLsgan();
std::unique_ptr<Objective> makeEbmCd();
std::unique_ptr<Objective> makeEbmScore();

}  // namespace gs
