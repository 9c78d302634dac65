"""gdbook: step gradient-descent optimizers over loss landscapes.

>>> import gdbook
>>> from gdbook import landscapes, optim
>>> traj = gdbook.descend(landscapes.quadratic(a=1.0), optim.SGD(lr=0.5), [1.0], 40)
>>> str(traj.outcome)
'global minimum'
"""

from __future__ import annotations

from gdbook import datasets, landscapes, optim, regimes, schedules, theory
from gdbook.descend import Trajectory, descend
from gdbook.landscape import Landscape, Minimum

__all__ = [
    "Landscape",
    "Minimum",
    "Trajectory",
    "__version__",
    "datasets",
    "descend",
    "landscapes",
    "optim",
    "regimes",
    "schedules",
    "theory",
]

__version__ = "0.1.0"
