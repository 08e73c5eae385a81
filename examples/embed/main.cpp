// Embedding cadreplan: plan the built-in Hà Giang scenario, or a scenario
// file given on the command line, and print the score of each strategy.
#include <cadreplan/cadreplan.hpp>

#include <iostream>

int main(int argc, char** argv) {
  try {
    const cadreplan::Scenario scenario =
        argc > 1 ? cadreplan::io::read_scenario(argv[1]) : cadreplan::synth::builtin_scenario("hagiang-2022");
    std::cout << scenario.spec().name << ": " << scenario.roster().size() << " cadres\n";
    for (const char* strategy : {"greedy", "optimal"}) {
      cadreplan::SolveOptions options;
      options.strategy = strategy;
      options.time_limit = 120;
      const cadreplan::SolveResult result = cadreplan::solve(scenario, options);
      std::cout << result.report.brief_report() << "\n";
      if (!result.evaluation.valid) return 1;
    }
    return 0;
  } catch (const cadreplan::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const cadreplan::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 3;
  }
}
