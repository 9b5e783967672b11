package org.vsclab.family;

/**
 * Special functions in double precision for work outside the training graph: the normal CDF and
 * quantile (threshold calibration), ln Γ and ψ, and the regularised lower incomplete gamma function
 * with its derivative in the shape (the implicit reparameterisation of Gamma samples).
 */
public final class SpecialFunctions {

    private static final double SQRT2 = Math.sqrt(2);

    private SpecialFunctions() {}

    /**
     * Returns erfc(x) to near double precision: a Taylor series of erf for |x| &lt; 2, a continued
     * fraction beyond.
     *
     * @param x the argument
     * @return 1 − erf(x)
     */
    public static double erfc(double x) {
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x < 2) {
            // erf(x) = 2/√π Σ (−1)^n x^{2n+1} / (n! (2n+1))
            double term = x;
            double sum = x;
            double x2 = x * x;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return 1 - 2 / Math.sqrt(Math.PI) * sum;
        }
        // erfc(x) = e^{−x²}/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) evaluated by Lentz's method.
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 500; n++) {
            double a = n / 2.0;
            d = x + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }

    /** Returns Φ(x), the standard normal CDF. */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x / SQRT2);
    }

    /**
     * Returns Φ⁻¹(p) (Acklam's rational approximation refined by two Newton steps: |error| &lt; 1e-13).
     *
     * @param p a probability in (0, 1)
     * @return the quantile
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1): " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double x;
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p > 1 - 0.02425) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else {
            double q = p - 0.5;
            double r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        for (int i = 0; i < 2; i++) {
            double error = normalCdf(x) - p;
            x -= error * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
        }
        return x;
    }

    /**
     * Returns ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9: relative error ~1e-15).
     *
     * @param x the argument
     * @return ln Γ(x)
     */
    public static double lnGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
        }
        double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        double y = x - 1;
        double sum = g[0];
        for (int i = 1; i < 9; i++) {
            sum += g[i] / (y + i);
        }
        double t = y + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /**
     * Returns ψ(x), the digamma function, for x &gt; 0 (recurrence to x ≥ 6, then the asymptotic series).
     *
     * @param x the argument
     * @return ψ(x)
     */
    public static double digamma(double x) {
        double result = 0;
        while (x < 6) {
            result -= 1 / x;
            x += 1;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        return result + Math.log(x) - 0.5 * inv
                - inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 / 132))));
    }

    /**
     * Returns the derivative in α of a Gamma(α, 1) sample g at fixed CDF value (implicit
     * reparameterisation, method.md §6): ∂g/∂α = −(∂P(α, g)/∂α) / f(g; α), with P the regularised lower
     * incomplete gamma function and f the density. Uses P = Σ_n T_n with T_n = g^{α+n} e^{−g}/Γ(α+n+1),
     * so ∂P/∂α = Σ_n T_n (ln g − ψ(α+n+1)) and f = α T_0 / g; for α &gt; 1000 the Wilson–Hilferty
     * approximation (error about 1e-5 at α = 1000, less beyond).
     *
     * @param g a sample, &gt; 0
     * @param alpha the shape, &gt; 0
     * @return ∂g/∂α
     */
    public static double gammaSampleShapeDerivative(double g, double alpha) {
        if (alpha > 1000) {
            return wilsonHilfertyShapeDerivative(g, alpha);
        }
        if (g > alpha + 1 && logPeakSeriesTerm(g, alpha) > 18) {
            return upperTailShapeDerivative(g, alpha);
        }
        double logG = Math.log(g);
        double psi = digamma(alpha + 1);
        double ratio = 1;
        double sum = logG - psi;
        int limit = (int) Math.min(100_000, 50 + g + 20 * Math.sqrt(alpha + g));
        for (int n = 1; n < limit; n++) {
            ratio *= g / (alpha + n);
            psi += 1 / (alpha + n);
            sum += ratio * (logG - psi);
            if (n > g - alpha && ratio < 1e-17) {
                break;   // the terms decrease geometrically from here on
            }
        }
        return -g / alpha * sum;
    }

    /**
     * Returns ln of the largest ratio T_n/T_0 = g^n/((α+1)…(α+n)) of the lower series, reached near n = g − α:
     * above e^18 the series loses digits to cancellation.
     */
    private static double logPeakSeriesTerm(double g, double alpha) {
        double n = Math.floor(g - alpha);
        return n * Math.log(g) - lnGamma(alpha + n + 1) + lnGamma(alpha + 1);
    }

    /**
     * For g far in the upper tail: ∂g/∂α = (∂Q(α, g)/∂α)/f(g; α) with Q = 1 − P from its continued
     * fraction, differentiated centrally in α (relative step 1e-5, as method.md §6 suggests).
     */
    private static double upperTailShapeDerivative(double g, double alpha) {
        double h = 1e-5 * alpha;
        double dq = (upperRegularizedGamma(alpha + h, g) - upperRegularizedGamma(alpha - h, g)) / (2 * h);
        double density = Math.exp((alpha - 1) * Math.log(g) - g - lnGamma(alpha));
        return dq / density;
    }

    /**
     * Returns P(α, x) = γ(α, x)/Γ(α), the Gamma(α, 1) distribution function, for any α &gt; 0 and x ≥ 0:
     * the power series below x = α + 1, 1 − the continued fraction above.
     *
     * @param alpha the shape
     * @param x the argument
     * @return the regularised lower incomplete gamma function, in [0, 1]
     */
    public static double lowerRegularizedGamma(double alpha, double x) {
        if (x <= 0) {
            return 0;
        }
        if (x > alpha + 1) {
            return 1 - upperRegularizedGamma(alpha, x);
        }
        double term = 1 / alpha;
        double sum = term;
        for (int n = 1; n < 10_000; n++) {
            term *= x / (alpha + n);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return Math.min(1, sum * Math.exp(alpha * Math.log(x) - x - lnGamma(alpha)));
    }

    /**
     * Returns Q(α, x) = Γ(α, x)/Γ(α) by its continued fraction (modified Lentz), valid for x &gt; α + 1.
     *
     * @param alpha the shape
     * @param x the argument
     * @return the regularised upper incomplete gamma function
     */
    public static double upperRegularizedGamma(double alpha, double x) {
        double tiny = 1e-300;
        double b = x + 1 - alpha;
        double c = 1 / tiny;
        double d = 1 / b;
        double f = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - alpha);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(alpha * Math.log(x) - x - lnGamma(alpha)) * f;
    }

    private static double wilsonHilfertyShapeDerivative(double g, double alpha) {
        // g ≈ α (1 − 1/(9α) + z/(3√α))³ with z fixed by g.
        double s = Math.sqrt(alpha);
        double z = (Math.cbrt(g / alpha) - 1 + 1 / (9 * alpha)) * 3 * s;
        double inner = 1 - 1 / (9 * alpha) + z / (3 * s);
        double dInner = 1 / (9 * alpha * alpha) - z / (6 * alpha * s);
        return inner * inner * inner + 3 * alpha * inner * inner * dInner;
    }
}
