"""The built-in loss landscapes, made by the factory functions of this package.

Each has an analytic gradient and Hessian, a gradient that writes into its
output array (see :meth:`gdbook.Landscape.grad_into`), a domain chosen for
plotting, a standard start point and every minimum inside its domain, located
to machine precision by Newton's method on the analytic gradient when the
landscape is made. The 1-d ones are in ``one_d.py``, the 2-d ones in
``two_d.py``, the spiral network of *Neural Networks from Scratch* (a
landscape of 387 weights by default, whose minima are not known) in
``network.py``; all of them are reached from here.

>>> from gdbook import landscapes
>>> curve = landscapes.book_curve()
>>> [round(float(m.x[0]), 2) for m in curve.minima]
[-1.87, 0.1, 2.06, 4.03, 6.0, 7.97]
>>> [m.kind for m in curve.minima]
['local', 'local', 'local', 'local', 'global', 'local']
"""

from __future__ import annotations

from gdbook.landscape import Landscape, Minimum
from gdbook.landscapes.network import SpiralNetwork, spiral_network
from gdbook.landscapes.one_d import book_curve, quadratic
from gdbook.landscapes.two_d import himmelblau, ill_conditioned, rosenbrock, trap

__all__ = [
    "Landscape",
    "Minimum",
    "SpiralNetwork",
    "book_curve",
    "himmelblau",
    "ill_conditioned",
    "quadratic",
    "rosenbrock",
    "spiral_network",
    "trap",
]
