package org.vsclab.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vsclab.components.SyntheticDataSource;
import org.vsclab.io.Npy;
import org.vsclab.io.NpyArray;
import org.vsclab.numerics.AtomMatching;
import org.vsclab.spi.Matrix;

/**
 * A scratch diagnosis of a synthetic run's dictionary (issue 8 item 8): why are the true atoms the
 * one-to-one matching leaves over not recovered? Each learned atom the matching leaves unmatched (or
 * matched below the threshold) is put in one class — {@code dead} (used by under a tenth of the mean
 * atom's share of the validation codes), {@code duplicate} (its best true atom is already matched by
 * another learned atom above the threshold), {@code mixture} (the best least-squares fit by two true
 * atoms reaches the threshold, one alone does not) or {@code other} — with its norm, usage and cosines.
 *
 * <pre>
 *   java -cp 'experiments/target/vsc/lib/*:experiments/target/test-classes' org.vsclab.experiments.AtomDiagnosis \
 *       &lt;run artifacts folder&gt; D K k amplitude scale noise train validation seed [threshold]
 * </pre>
 *
 * Not a test: a tool of the test scope, kept for the next person who asks the same question.
 */
public final class AtomDiagnosis {

    private AtomDiagnosis() {}

    /** One learned atom the matching did not credit. */
    record Unmatched(int atom, String kind, double norm, double usage, int bestTrue, double bestCosine, double pairCosine) {}

    /**
     * Runs the diagnosis on a run's artifacts folder (dictionary.npy, val_codes.npy).
     *
     * @param args the folder, then the synthetic problem's D, K, k, amplitude, scale, noise, sizes and seed
     * @throws IOException if an artifact cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path artifacts = Path.of(args[0]);
        SyntheticDataSource.Spec spec = new SyntheticDataSource.Spec(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), SyntheticDataSource.Amplitude.valueOf(args[4].toUpperCase(Locale.ROOT).replace('-', '_')),
                Double.parseDouble(args[5]), Double.parseDouble(args[6]), Integer.parseInt(args[7]), Integer.parseInt(args[8]),
                Long.parseLong(args[9]));
        double threshold = args.length > 10 ? Double.parseDouble(args[10]) : 0.95;
        Matrix truth = new SyntheticDataSource(spec).trueDictionary().orElseThrow();
        NpyArray phi = Npy.read(artifacts.resolve("dictionary.npy"));
        Matrix learned = new Matrix((int) phi.shape()[0], (int) phi.shape()[1], phi.toDoubles());
        double[] usage = Files.exists(artifacts.resolve("val_codes.npy")) ? usage(Npy.read(artifacts.resolve("val_codes.npy"))) : null;
        report(truth, learned, usage, threshold);
    }

    private static double[] usage(NpyArray codes) {
        int n = (int) codes.shape()[0];
        int k = (int) codes.shape()[1];
        float[] z = codes.toFloats();
        double[] used = new double[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                if (z[i * k + j] != 0) {
                    used[j] += 1.0 / n;
                }
            }
        }
        return used;
    }

    static void report(Matrix truth, Matrix learned, double[] usage, double threshold) {
        int t = truth.cols();
        int l = learned.cols();
        double[][] cos = new double[t][l];
        for (int a = 0; a < t; a++) {
            for (int b = 0; b < l; b++) {
                cos[a][b] = Math.abs(cosine(truth.column(a), learned.column(b)));
            }
        }
        int[] assignment = AtomMatching.bestAssignment(cos);
        boolean[] trueMatched = new boolean[t];
        int[] learnedOwner = new int[l];
        java.util.Arrays.fill(learnedOwner, -1);
        int recovered = 0;
        for (int a = 0; a < t; a++) {
            if (assignment[a] >= 0 && cos[a][assignment[a]] >= threshold) {
                trueMatched[a] = true;
                learnedOwner[assignment[a]] = a;
                recovered++;
            }
        }
        double meanUsage = 0;
        if (usage != null) {
            for (double u : usage) {
                meanUsage += u / l;
            }
        }
        System.out.printf(Locale.ROOT, "recovered (Hungarian, |cos| >= %.2f): %d of %d; max matching %d; mean atom usage %.4f%n",
                threshold, recovered, t, AtomMatching.maximumMatching(cos, threshold), meanUsage);
        List<Unmatched> unmatched = new ArrayList<>();
        for (int b = 0; b < l; b++) {
            if (learnedOwner[b] >= 0) {
                continue;
            }
            int best = 0;
            for (int a = 1; a < t; a++) {
                if (cos[a][b] > cos[best][b]) {
                    best = a;
                }
            }
            double pair = bestPairCosine(truth, learned.column(b));
            double u = usage == null ? Double.NaN : usage[b];
            String kind = usage != null && u < 0.1 * meanUsage ? "dead"
                    : cos[best][b] >= threshold && trueMatched[best] ? "duplicate"
                    : pair >= threshold ? "mixture" : "other";
            unmatched.add(new Unmatched(b, kind, learned.columnNorm(b), u, best, cos[best][b], pair));
        }
        for (String kind : List.of("dead", "duplicate", "mixture", "other")) {
            System.out.printf(Locale.ROOT, "%-9s %d%n", kind, unmatched.stream().filter(x -> x.kind().equals(kind)).count());
        }
        for (Unmatched x : unmatched) {
            System.out.printf(Locale.ROOT, "  learned %3d %-9s norm %.3f usage %.4f best true %3d |cos| %.3f (matched: %s) two-atom fit %.3f%n",
                    x.atom(), x.kind(), x.norm(), x.usage(), x.bestTrue(), x.bestCosine(), trueMatched[x.bestTrue()], x.pairCosine());
        }
        for (int a = 0; a < t; a++) {
            if (!trueMatched[a]) {
                int best = 0;
                for (int b = 1; b < l; b++) {
                    if (cos[a][b] > cos[a][best]) {
                        best = b;
                    }
                }
                System.out.printf(Locale.ROOT, "  true %3d unrecovered: best learned %3d |cos| %.3f (that atom stands for true %d)%n",
                        a, best, cos[a][best], learnedOwner[best]);
            }
        }
    }

    /** The cosine between v and its least-squares fit by the best pair of true atoms. */
    private static double bestPairCosine(Matrix truth, double[] v) {
        double best = 0;
        double vv = dot(v, v);
        for (int a = 0; a < truth.cols(); a++) {
            double[] p = truth.column(a);
            for (int b = a + 1; b < truth.cols(); b++) {
                double[] q = truth.column(b);
                double pp = dot(p, p);
                double qq = dot(q, q);
                double pq = dot(p, q);
                double pv = dot(p, v);
                double qv = dot(q, v);
                double det = pp * qq - pq * pq;
                if (det <= 1e-12) {
                    continue;
                }
                // ‖proj‖² = [pv qv] G⁻¹ [pv qv]ᵀ, the cosine is √(‖proj‖² / ‖v‖²).
                double projected = (qq * pv * pv - 2 * pq * pv * qv + pp * qv * qv) / det;
                best = Math.max(best, Math.sqrt(Math.max(0, projected / vv)));
            }
        }
        return best;
    }

    private static double cosine(double[] a, double[] b) {
        double n = Math.sqrt(dot(a, a) * dot(b, b));
        return n == 0 ? 0 : dot(a, b) / n;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
