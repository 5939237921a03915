/**
 * The engine's SatSolver interface over CaDiCaL compiled to WebAssembly (npm cadical-wasm, MIT).
 *
 * Why CaDiCaL: the slot problem's hard cases need clause learning with a modern solver's inprocessing;
 * a hand-written solver in TypeScript was measured far too slow for them, and CaDiCaL is one of the
 * strongest incremental solvers, with assumptions and unsatisfiable cores, which both searches in
 * engine/scheduling/satModel.ts rely on. The WebAssembly build needs no native toolchain on install.
 */
import { Cadical, loadCadical, type SolverOptions } from 'cadical-wasm';
import type { SatSolver } from '../../engine/scheduling/satModel.ts';

export interface CadicalHandle {
  solver: SatSolver;
  /** Frees the solver's memory now rather than at garbage collection. */
  dispose(): void;
}

/**
 * A fresh solver. `shouldStop` is polled during every call (a time limit, another thread's news); when
 * it says true the call returns 'unknown'.
 */
/**
 * (CaDiCaL's stable-only mode, its "sat" configuration, was measured on the busy-per-slot thread side by
 * side with the default, parallel runs to the optimum: forum-14 10.4 s against 16.9, but tic-13crafc 14.4
 * against 6.0 and ticf-14crafa 23.4 against 15.5; worse in total, so not offered.)
 */
export interface CadicalOptions {
  /**
   * CaDiCaL's phase 0: undecided helper variables (counters, busy slots) start false, which suits
   * improving a given schedule with few breaks, whose slots are hinted explicitly. Measured on
   * forum-13crafb: 6 or 7 breaks within 60 s with it, 7 to 9 without. The core-guided search, which
   * starts from nothing, did better with the default (true first).
   */
  falseFirst?: boolean;
}

export async function createCadicalSolver(shouldStop: () => boolean, options: CadicalOptions = {}): Promise<CadicalHandle> {
  const cadical = await Cadical.create(solverOptions(options));
  cadical.setTerminate(shouldStop);
  return handleOf(cadical);
}

/**
 * Loads the solver's module once and answers with a factory that makes solvers at once: for callers
 * that hand a solver into synchronous engine code (engine/scheduling/timetable.ts SatSolverFactory).
 */
export async function cadicalFactory(options: CadicalOptions = {}): Promise<(shouldStop: () => boolean) => CadicalHandle> {
  const module = await loadCadical();
  return (shouldStop) => {
    const cadical = new Cadical(module, solverOptions(options));
    cadical.setTerminate(shouldStop);
    return handleOf(cadical);
  };
}

function solverOptions(options: CadicalOptions): SolverOptions {
  return { quiet: true, phase: options.falseFirst ? 0 : 1 };
}

function handleOf(cadical: Cadical): CadicalHandle {
  return {
    solver: {
      newVar: () => cadical.newVar(),
      addClause: (lits) => cadical.addClause(lits),
      solve: (assumptions, conflicts) => cadical.solve({ assumptions, conflicts }),
      value: (lit) => cadical.value(lit),
      failedAssumptions: () => cadical.failedAssumptions(),
      phase: (lit) => cadical.phase(lit),
    },
    dispose: () => cadical.dispose(),
  };
}
