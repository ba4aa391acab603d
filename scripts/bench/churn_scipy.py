"""BG/NBD maximum-likelihood fit in NumPy/SciPy: the peer of Kehu's fitBgNbd in scripts/bench/churn.mjs.

The published log-likelihood (Fader, Hardie and Lee 2005, "Counting your customers the easy way", equation 6,
in the log-space form of the Python `lifetimes` library's BetaGeoFitter._negative_log_likelihood), vectorised
over rows with weights, minimised with scipy.optimize.minimize by Nelder-Mead on log-parameters from ones, as
`lifetimes` fits. Usage: python3 churn_scipy.py FILE N [--aggregate]. FILE holds 3·N float64 values
(little-endian): the N frequencies, then the N recencies, then the N ages T. Prints one JSON line: the fit time
in seconds (the fit only, not the file read), the parameters and the total log-likelihood.
With --aggregate, identical rows are first merged into weights (np.unique, inside the timed part).
"""

import json
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln


def negative_log_likelihood(log_params, x, tx, T, weights):
    r, alpha, a, b = np.exp(log_params)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.log(a) - np.log(b + np.where(x == 0, 1, x) - 1) - (r + x) * np.log(tx + alpha)
    m = np.maximum(a3, a4)
    ll = weights * (a1 + a2 + np.log(np.exp(a3 - m) + np.exp(a4 - m) * (x > 0)) + m)
    return -ll.sum() / weights.sum()


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    aggregate = "--aggregate" in sys.argv[3:]
    data = np.fromfile(path, dtype="<f8", count=3 * n)
    x, tx, T = data[:n], data[n : 2 * n], data[2 * n :]
    start = time.perf_counter()
    if aggregate:
        rows, counts = np.unique(np.stack([x, tx, T], axis=1), axis=0, return_counts=True)
        x, tx, T = rows[:, 0], rows[:, 1], rows[:, 2]
        weights = counts.astype(np.float64)
    else:
        weights = np.ones(n)
    result = minimize(
        negative_log_likelihood,
        x0=np.zeros(4),
        args=(x, tx, T, weights),
        method="Nelder-Mead",
        options={"maxiter": 4000, "maxfev": 8000, "xatol": 1e-8, "fatol": 1e-12},
    )
    seconds = time.perf_counter() - start
    r, alpha, a, b = np.exp(result.x)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rows": int(len(x)),
                "r": r,
                "alpha": alpha,
                "a": a,
                "b": b,
                "logLikelihood": -result.fun * weights.sum(),
                "evaluations": int(result.nfev),
                "converged": bool(result.success),
            }
        )
    )


if __name__ == "__main__":
    main()
