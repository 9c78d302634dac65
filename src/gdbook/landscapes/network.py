r"""A real network as a landscape: NNFS chapter 10's spiral classifier.

The network is dense(inputs, h) -> ReLU -> dense(h, c) -> softmax, and its
loss is the mean cross-entropy over a data set. All its weights and biases are
one flat vector of parameters (``W1`` row-major, ``b1``, ``W2`` row-major,
``b2``), so that a batch of networks is an array of shape ``(..., dim)`` like
points of any other landscape, and a sweep of learning rates on the network is
one call to :func:`gdbook.descend`. The forward and backward passes are batched
matrix products (``np.matmul``) over the leading axes; the gradient of a whole
batch is written into descend's array in place, and the Hessian-vector
product is exact (Pearlmutter's R-operator, forward-over-reverse by hand).

>>> from gdbook import landscapes
>>> net = landscapes.spiral_network(samples=100, classes=3, hidden=64, seed=0)
>>> net.dim, round(float(net.loss(net.start)), 6), float(net.accuracy(net.start))
(387, 1.098594, 0.36)
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from gdbook._validate import check_int
from gdbook.datasets import _check_seed, _draw_spiral
from gdbook.landscape import Landscape

__all__ = ["SpiralNetwork", "spiral_network"]

Array = npt.NDArray[np.float64]
Params = tuple[Array, Array, Array, Array]

# Directions per batched Hessian-vector product when the whole Hessian is built.
_HESSIAN_CHUNK = 32


class SpiralNetwork(Landscape):
    """A two-layer ReLU classifier as a :class:`~gdbook.Landscape`; see :func:`spiral_network`.

    Points are flat parameter vectors of ``dim = inputs*h + h + h*c + c``
    numbers (``h`` hidden units, ``c`` classes), in this order:

    - ``W1``, shape ``(inputs, h)``, row-major: ``W1[i, j]`` is ``x[i*h + j]``;
    - ``b1``, shape ``(h,)``;
    - ``W2``, shape ``(h, c)``, row-major;
    - ``b2``, shape ``(c,)``.

    :meth:`unpack` gives them back as arrays. :meth:`~gdbook.Landscape.loss`
    is the mean cross-entropy over all the data; :meth:`grad`,
    :meth:`~gdbook.Landscape.hvp` and :meth:`~gdbook.Landscape.hessian` are
    exact (the derivatives of the loss between the kinks of the ReLU; the
    Hessian is built from Hessian-vector products); :meth:`accuracy` is the
    fraction of points classified right; :meth:`dead_units` counts the
    hidden units that are 0 on every point.

    Attributes
    ----------
    X : ndarray, shape (n, inputs)
        The data (read-only).
    y : ndarray of int, shape (n,)
        Its classes (read-only).
    hidden, classes : int
        The widths of the hidden and the output layer.
    batch_size : int or None
        Points per minibatch, or None for full-batch gradients.
    stochastic : bool
        True when :func:`gdbook.descend` must pass the step index to
        :meth:`grad_into` (minibatch gradients).
    """

    def __init__(
        self,
        X: Array,
        y: npt.NDArray[np.int64],
        *,
        classes: int,
        hidden: int,
        start: Array,
        batch_size: int | None = None,
        seed: int = 0,
        name: str | None = None,
    ) -> None:
        self.X: Array = np.array(X, dtype=np.float64)
        self.y: npt.NDArray[np.int64] = np.array(y, dtype=np.int64)
        self.X.flags.writeable = self.y.flags.writeable = False
        self.inputs = self.X.shape[1]
        self.hidden = hidden
        self.classes = classes
        self.batch_size = batch_size
        self.stochastic = batch_size is not None
        self._seed = seed
        self._onehot = np.eye(classes)[self.y]
        sizes = (self.inputs * hidden, hidden, hidden * classes, classes)
        self._cuts = tuple(int(c) for c in np.cumsum(sizes))
        super().__init__(
            self._loss_of,
            self._grad_of,
            self._cuts[-1],
            hessian=self._hessian_of,
            start=start,
            name=name,
        )
        self._grad_into = self._full_grad_into
        self._hvp = self._hvp_of
        self._epoch: tuple[int, npt.NDArray[np.intp]] | None = None

    def __repr__(self) -> str:
        return (
            f"SpiralNetwork(inputs={self.inputs}, hidden={self.hidden}, "
            f"classes={self.classes}, n={len(self.y)}, batch_size={self.batch_size})"
        )

    # -- the parameters -------------------------------------------------------

    def unpack(self, x: npt.ArrayLike) -> Params:
        """The weights and biases in the flat vectors ``x``.

        Parameters
        ----------
        x : array_like, shape (..., dim)
            Parameter vectors, any leading batch axes.

        Returns
        -------
        W1 : ndarray, shape (..., inputs, hidden)
        b1 : ndarray, shape (..., hidden)
        W2 : ndarray, shape (..., hidden, classes)
        b2 : ndarray, shape (..., classes)
            Views of ``x`` where it is a float64 array.

        Raises
        ------
        ValueError
            The last axis of ``x`` is not ``dim`` long.

        Examples
        --------
        >>> from gdbook import landscapes
        >>> net = landscapes.spiral_network(hidden=8)
        >>> [a.shape for a in net.unpack(net.start)]
        [(2, 8), (8,), (8, 3), (3,)]
        """
        return self._unpack(self._points(x))

    def _unpack(self, x: Array) -> Params:
        c1, c2, c3, _ = self._cuts
        batch = x.shape[:-1]
        return (
            x[..., :c1].reshape(*batch, self.inputs, self.hidden),
            x[..., c1:c2],
            x[..., c2:c3].reshape(*batch, self.hidden, self.classes),
            x[..., c3:],
        )

    # -- the passes -------------------------------------------------------------

    def _forward(self, x: Array, X: Array) -> tuple[Array, Array]:
        """Hidden activations ``(N, n, h)`` and logits ``(N, n, c)`` of ``x`` ``(N, dim)``."""
        W1, b1, W2, b2 = self._unpack(x)
        a = np.matmul(X, W1)
        a += b1[:, np.newaxis, :]
        np.maximum(a, 0.0, out=a)
        z = np.matmul(a, W2)
        z += b2[:, np.newaxis, :]
        return a, z

    @staticmethod
    def _softmax(z: Array) -> Array:
        """Softmax over the last axis, in place."""
        z -= z.max(axis=-1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=-1, keepdims=True)
        return z

    def _loss_of(self, x: Array) -> Array:
        flat = x.reshape(-1, self.dim)
        _, z = self._forward(flat, self.X)
        z -= z.max(axis=-1, keepdims=True)
        # log-softmax of the right class, without forming the probabilities.
        picked = z[:, np.arange(len(self.y)), self.y]
        log_norm = np.log(np.exp(z).sum(axis=-1))
        loss: Array = (log_norm - picked).mean(axis=-1)
        return loss.reshape(x.shape[:-1])

    def _grad_of(self, x: Array) -> Array:
        return self._full_grad_into(x, np.empty_like(x))

    def _full_grad_into(self, x: Array, out: Array) -> Array:
        return self._backward(x, out, self.X, self._onehot)

    def _backward(self, x: Array, out: Array, X: Array, onehot: Array) -> Array:
        """The gradient on the data ``X`` (classes ``onehot``), written into ``out``."""
        flat = x.reshape(-1, self.dim)
        g = out.reshape(-1, self.dim)
        if not np.shares_memory(g, out):  # out is not contiguous: go through a copy
            self._backward(np.ascontiguousarray(x), g, X, onehot)
            out[...] = g.reshape(out.shape)
            return out
        _, _, W2, _ = self._unpack(flat)
        dW1, db1, dW2, db2 = self._unpack(g)
        a, z = self._forward(flat, X)
        # d loss / d logits = (softmax - onehot) / n
        dz = self._softmax(z)
        dz -= onehot
        dz *= 1.0 / len(X)
        np.matmul(a.transpose(0, 2, 1), dz, out=dW2)
        np.sum(dz, axis=1, out=db2)
        da = np.matmul(dz, W2.transpose(0, 2, 1))
        da *= a > 0
        np.matmul(X.T, da, out=dW1)
        np.sum(da, axis=1, out=db1)
        return out

    def _hvp_of(self, x: Array, v: Array) -> Array:
        """Pearlmutter's R-operator: the forward and backward passes, differentiated along ``v``."""
        shape = np.broadcast_shapes(x.shape, v.shape)
        flat = np.broadcast_to(x, shape).reshape(-1, self.dim)
        dirs = np.broadcast_to(v, shape).reshape(-1, self.dim)
        X, n = self.X, len(self.X)
        W1, b1, W2, b2 = self._unpack(flat)
        V1, c1, V2, c2 = self._unpack(dirs)
        out = np.empty((len(flat), self.dim))
        RW1, Rb1, RW2, Rb2 = self._unpack(out)
        # forward, and its R: R(z1) = X V1 + c1, R(a) = R(z1) where a > 0, ...
        a = np.matmul(X, W1) + b1[:, np.newaxis, :]
        active = a > 0
        a *= active
        ra = np.matmul(X, V1) + c1[:, np.newaxis, :]
        ra *= active
        p = self._softmax(np.matmul(a, W2) + b2[:, np.newaxis, :])
        rz = np.matmul(ra, W2) + np.matmul(a, V2) + c2[:, np.newaxis, :]
        rp = p * (rz - (p * rz).sum(axis=-1, keepdims=True))
        # backward: dz = (p - onehot) / n, and R(dz) = R(p) / n
        dz = (p - self._onehot) / n
        rdz = rp / n
        np.matmul(ra.transpose(0, 2, 1), dz, out=RW2)
        RW2 += np.matmul(a.transpose(0, 2, 1), rdz)
        np.sum(rdz, axis=1, out=Rb2)
        rda = np.matmul(rdz, W2.transpose(0, 2, 1)) + np.matmul(
            dz, V2.transpose(0, 2, 1)
        )
        rda *= active  # the ReLU's mask is constant between its kinks
        np.matmul(X.T, rda, out=RW1)
        np.sum(rda, axis=1, out=Rb1)
        return out.reshape(shape)

    def _hessian_of(self, x: Array) -> Array:
        flat = x.reshape(-1, self.dim)
        out = np.empty((len(flat), self.dim, self.dim))
        eye = np.eye(self.dim)
        for i, point in enumerate(flat):
            for lo in range(0, self.dim, _HESSIAN_CHUNK):
                rows = eye[lo : lo + _HESSIAN_CHUNK]
                out[i, lo : lo + len(rows)] = self._hvp_of(point, rows)
        return out.reshape(*x.shape, self.dim)

    # -- minibatches ------------------------------------------------------------

    def minibatch(self, step: int) -> npt.NDArray[np.intp]:
        """The indices into the data of the minibatch of step ``step``.

        Each epoch is one pass over the data in an order drawn afresh from
        ``numpy.random.default_rng([seed, epoch])``; step ``t`` takes the
        ``t % k``-th slice of ``batch_size`` points of epoch ``t // k``, with
        ``k = ceil(n / batch_size)`` (the last slice of an epoch may be
        shorter, as with torch's ``DataLoader(shuffle=True)``). The indices are
        a function of ``seed`` and ``step`` alone.

        Raises
        ------
        ValueError
            A full-batch network (``batch_size=None``), or ``step < 0``.
        """
        step = check_int("step", step, ge=0)
        if self.batch_size is None:
            msg = "this network takes full-batch gradients: make it with batch_size"
            raise ValueError(msg)
        per_epoch = -(-len(self.y) // self.batch_size)
        epoch, k = divmod(step, per_epoch)
        if self._epoch is None or self._epoch[0] != epoch:
            order = np.random.default_rng([self._seed, epoch]).permutation(len(self.y))
            self._epoch = (epoch, order)
        return self._epoch[1][k * self.batch_size : (k + 1) * self.batch_size]

    def grad(self, x: npt.ArrayLike, step: int | None = None) -> Array:
        """The gradient at ``x``: of the whole loss, or of minibatch ``step``.

        Parameters
        ----------
        x : array_like, shape (..., dim)
            Parameter vectors, any leading batch axes.
        step : int, optional
            With a ``batch_size``, the gradient of the mean loss over the
            points of :meth:`minibatch` ``(step)``; without ``step``, the full
            gradient.

        Returns
        -------
        ndarray, shape (..., dim)
        """
        if step is None:
            return super().grad(x)
        points = self._points(x)
        return self.grad_into(points, np.empty_like(points), step=step)

    def grad_into(
        self, x: Array, out: Array, *, check: bool = True, step: int | None = None
    ) -> Array:
        """:meth:`gdbook.Landscape.grad_into`, of minibatch ``step`` when given (see :meth:`grad`)."""
        if step is None:
            return super().grad_into(x, out, check=check)
        points = self._checked_into(x, out) if check else x
        index = self.minibatch(step)
        return self._backward(points, out, self.X[index], self._onehot[index])

    # -- what the network predicts ------------------------------------------------

    def accuracy(self, x: npt.ArrayLike) -> Array:
        """The fraction of the data the networks ``x`` classify right.

        A point's class is the largest logit (the first, in a tie).

        Parameters
        ----------
        x : array_like, shape (..., dim)
            Parameter vectors, any leading batch axes.

        Returns
        -------
        ndarray, shape (...)
            Accuracy in ``[0, 1]`` for each (a float64 scalar for one).
        """
        points = self._points(x)
        _, z = self._forward(points.reshape(-1, self.dim), self.X)
        right = z.argmax(axis=-1) == self.y
        accuracy: Array = right.mean(axis=-1).reshape(points.shape[:-1])
        return accuracy[()]

    def dead_units(self, x: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """The hidden units of the networks ``x`` that are 0 on every point.

        A dead ReLU passes no gradient to its incoming weights, so gradient
        descent on the whole data cannot bring it back.

        Parameters
        ----------
        x : array_like, shape (..., dim)
            Parameter vectors, any leading batch axes.

        Returns
        -------
        ndarray of int, shape (...)
            Dead units in ``[0, hidden]`` for each (an int64 scalar for one).

        Raises
        ------
        ValueError
            The last axis of ``x`` is not ``dim`` long.

        Examples
        --------
        >>> from gdbook import landscapes
        >>> net = landscapes.spiral_network()
        >>> int(net.dead_units(net.start)), int(net.dead_units(0 * net.start))
        (0, 64)
        """
        points = self._points(x)
        W1, b1, _, _ = self._unpack(points.reshape(-1, self.dim))
        a = np.matmul(self.X, W1) + b1[:, np.newaxis, :]
        dead = (a <= 0).all(axis=-2).sum(axis=-1).reshape(points.shape[:-1])
        # An int64 scalar for one network, as the docstring says.
        return dead[()]  # type: ignore[no-any-return]


def spiral_network(
    samples: int = 100,
    classes: int = 3,
    hidden: int = 64,
    seed: int = 0,
    batch_size: int | None = None,
) -> SpiralNetwork:
    r"""NNFS chapter 10's network on its spiral data, as a landscape.

    dense(2, ``hidden``) -> ReLU -> dense(``hidden``, ``classes``) ->
    softmax, with the mean cross-entropy over the
    :func:`gdbook.datasets.spiral` data as its loss:

    .. math::

        L = -\frac{1}{n} \sum_{i=1}^{n} \log \operatorname{softmax}
        \big(\max(0, x_i W_1 + b_1) W_2 + b_2\big)_{y_i}

    NNFS clips the probabilities to ``[1e-7, 1 - 1e-7]`` in the loss it
    prints; this loss does not, so that it is the one its gradient belongs to
    (NNFS's gradient ignores the clipping too).

    Parameters
    ----------
    samples, classes : int
        Points per class and number of classes, as in :func:`gdbook.datasets.spiral`
        (``samples >= 1``, ``classes >= 2``).
    hidden : int
        Width of the hidden layer, ``hidden >= 1``.
    seed : int
        Seed of numpy's legacy random stream, ``0 <= seed < 2**32``: it draws
        the data, then the start, as NNFS does after ``np.random.seed(seed)``.
        It also seeds the order of the minibatches.
    batch_size : int, optional
        Points per minibatch for stochastic gradients (see
        :meth:`SpiralNetwork.minibatch`), ``batch_size >= 1``. By default the
        gradient is over all the data, as in NNFS chapter 10.

    Returns
    -------
    SpiralNetwork
        A landscape of ``dim = 3 * hidden + hidden * classes + classes``
        parameters (order W1, b1, W2, b2; see :class:`SpiralNetwork`). Its
        ``start`` is NNFS's initialisation: the random stream goes on after
        the data with ``0.01 * randn(2, hidden)`` for ``W1``, then
        ``0.01 * randn(hidden, classes)`` for ``W2``; the biases are zero. No
        minima are known.

    Raises
    ------
    TypeError
        An argument that is not an integer (or None, for ``batch_size``).
    ValueError
        An argument out of its range.

    Examples
    --------
    >>> import gdbook, numpy as np
    >>> from gdbook import landscapes, optim
    >>> net = landscapes.spiral_network()
    >>> traj = gdbook.descend(net, optim.SGD(lr=np.array([0.5, 1.0])), net.start, 100)
    >>> traj.loss[-1].round(3)
    array([1.097, 1.087])

    References
    ----------
    H. Kinsley and D. Kukieła (2020), *Neural Networks from Scratch in
    Python*, chapters 9-10.
    """
    samples = check_int("samples", samples, ge=1)
    classes = check_int("classes", classes, ge=2)
    hidden = check_int("hidden", hidden, ge=1)
    seed = _check_seed(seed)
    if batch_size is not None:
        batch_size = check_int("batch_size", batch_size, ge=1)
    rng = np.random.RandomState(seed)
    X, y = _draw_spiral(samples, classes, rng)
    W1 = 0.01 * rng.randn(2, hidden)
    W2 = 0.01 * rng.randn(hidden, classes)
    start = np.concatenate(
        [W1.ravel(), np.zeros(hidden), W2.ravel(), np.zeros(classes)]
    )
    name = f"spiral network (2-{hidden}-{classes}, {len(y)} points"
    name += f", batch {batch_size})" if batch_size is not None else ")"
    return SpiralNetwork(
        X,
        y,
        classes=classes,
        hidden=hidden,
        start=start,
        batch_size=batch_size,
        seed=seed,
        name=name,
    )
