#pragma once
// A visitor built from lambdas, for std::visit: an alternative that no lambda takes fails to compile.
namespace dutybot {

template <class... Handlers>
struct Overloaded : Handlers... {
  using Handlers::operator()...;
};
template <class... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

}  // namespace dutybot
