"""The exact optimiser (PuLP MILP): build → solve → extract, plus diagnosis helpers."""

from selector.optimise.problem import AssignmentProblem, Item, SharedCharge, Solution, is_feasible, totals
from selector.optimise.solve import SolverError, available_solvers, least_spend, solve

__all__ = ["AssignmentProblem", "Item", "SharedCharge", "Solution", "SolverError", "available_solvers", "is_feasible",
           "least_spend", "solve", "totals"]
