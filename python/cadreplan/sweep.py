"""Sweeps: many scenarios (a what-if grid, Monte Carlo rosters) in local processes or on Dask.

Each task is one scenario (or a builder: a picklable callable returning one)
with the strategies to run on it. Tasks are serialised with cloudpickle when it
is installed (so builders defined in a notebook travel by value), else pickle;
a :class:`Scenario` pickles as its YAML and roster CSV text. Results do not
depend on where a task ran: every solve is deterministic, and sweeps default
to one thread per solve, so a sweep on a Dask cluster gives the same rows as
the same sweep in local processes (except ``seconds``).
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import pandas as pd

from .scenario import Scenario
from .strategies import COMPARE_COLUMNS, run_one

__all__ = ["sweep", "SWEEP_COLUMNS"]

SWEEP_COLUMNS = ["index"] + COMPARE_COLUMNS


def _dumps(obj: Any) -> bytes:
    try:
        import cloudpickle

        return cloudpickle.dumps(obj)
    except ImportError:  # pragma: no cover - cloudpickle comes with dask
        return pickle.dumps(obj)


def run_task(blob: bytes) -> List[Dict[str, Any]]:
    """Runs one serialised sweep task (in a worker): the rows of one scenario."""
    index, label, item, strategies, time_limit, threads, seed = pickle.loads(blob)
    if callable(item) and not isinstance(item, Scenario):
        item = item()
    sc = Scenario.load(item)
    name = label if label is not None else sc.name
    rows = []
    for st in strategies:
        row = run_one(sc, name, st, time_limit, threads, seed)
        row["index"] = index
        rows.append(row)
    return rows


def _items(scenarios_or_builders: Any) -> List[Tuple[Optional[str], Any]]:
    if isinstance(scenarios_or_builders, Mapping):
        return [(str(k), v) for k, v in scenarios_or_builders.items()]
    if isinstance(scenarios_or_builders, (Scenario, str)) or callable(scenarios_or_builders):
        return [(None, scenarios_or_builders)]
    if scenarios_or_builders is None or not isinstance(scenarios_or_builders, Iterable):
        raise TypeError("sweep takes scenarios, files, built-in names or builders: one, a list, or {label: item}; "
                        f"got {type(scenarios_or_builders).__name__}")
    return [(None, v) for v in scenarios_or_builders]


def sweep(scenarios_or_builders: Any, strategies: Optional[Sequence[Any]] = None, *, client: Any = None,
          processes: Optional[int] = None, time_limit: float = 300.0, threads: int = 1, seed: int = 0) -> pd.DataFrame:
    """Runs ``strategies`` on many scenarios, in parallel.

    Args:
        scenarios_or_builders: scenarios, scenario files or built-in names, or builders (picklable
            callables returning a Scenario, run in the worker); a list, or ``{label: item}``.
        strategies: built-in names and/or :class:`cadreplan.Strategy` instances (picklable);
            default ``["optimal"]``.
        client: a ``dask.distributed.Client``: run the tasks on its cluster. None: local processes.
        processes: local worker processes (default: the number of cores; 0 = in this process).
        time_limit, threads, seed: per solve (threads default 1: the workers are the parallelism).

    Returns:
        A DataFrame as :func:`cadreplan.compare` returns, with ``index`` (the item's position), rows
        in item order then strategy order; the same rows wherever it ran (except ``seconds``).
    """
    if isinstance(strategies, str):
        strategies = [strategies]
    strategies = list(strategies) if strategies is not None else ["optimal"]
    blobs = [_dumps((i, label, item, strategies, float(time_limit), int(threads), int(seed)))
             for i, (label, item) in enumerate(_items(scenarios_or_builders))]
    if client is not None:
        futures = client.map(run_task, blobs, pure=False)
        results = client.gather(futures)
    elif processes == 0 or len(blobs) <= 1 and processes is None:
        results = [run_task(b) for b in blobs]
    else:
        workers = processes or os.cpu_count() or 1
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                          else "spawn")
        with ProcessPoolExecutor(max_workers=min(workers, len(blobs)), mp_context=ctx) as pool:
            results = list(pool.map(run_task, blobs))
    rows = [row for rs in results for row in rs]
    return pd.DataFrame(rows, columns=SWEEP_COLUMNS)
