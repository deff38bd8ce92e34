// pmvmmanager6 entry point.
#include "core/main.h"
#include "pmvmmanager6/vm6_module.h"

int main(int argc, char** argv) {
  pm::pmvmmanager6::Vm6Module module;
  return pm::core::Main(module, argc, argv);
}
