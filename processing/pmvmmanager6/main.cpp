// pmvmmanager6 entry point.
#include "entry/main.h"
#include "pmvmmanager6/vm6_module.h"

int main(int argc, char** argv) {
  pm::pmvmmanager6::Vm6Module module;
  return pm::entry::Main(module, argc, argv);
}
