package org.vsclab.numerics;

import java.util.Arrays;

/**
 * One-to-one matchings between the rows and columns of a score matrix (true atoms × learned atoms):
 * the largest number of pairs whose score reaches a threshold with no column used twice (maximum
 * bipartite matching, Kuhn's augmenting paths), and the assignment that maximises the total score
 * (the Hungarian method, O(n²m)). Unlike a best match per row, two rows can never claim the same
 * column, so a learned atom counts for at most one true atom.
 */
public final class AtomMatching {

    private AtomMatching() {}

    /**
     * Returns the size of a maximum matching among pairs with {@code score[r][c] ≥ threshold}.
     *
     * @param score rows × cols (rows = true atoms)
     * @param threshold the score a pair needs
     * @return the number of rows matched
     */
    public static int maximumMatching(double[][] score, double threshold) {
        int rows = score.length;
        int cols = rows == 0 ? 0 : score[0].length;
        int[] columnOwner = new int[cols];
        Arrays.fill(columnOwner, -1);
        int matched = 0;
        for (int r = 0; r < rows; r++) {
            if (augment(r, score, threshold, new boolean[cols], columnOwner)) {
                matched++;
            }
        }
        return matched;
    }

    private static boolean augment(int r, double[][] score, double threshold, boolean[] visited, int[] columnOwner) {
        for (int c = 0; c < visited.length; c++) {
            if (visited[c] || !(score[r][c] >= threshold)) {
                continue;
            }
            visited[c] = true;
            if (columnOwner[c] < 0 || augment(columnOwner[c], score, threshold, visited, columnOwner)) {
                columnOwner[c] = r;
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the assignment of rows to distinct columns with the largest total score (rows ≤ cols;
     * with more rows than columns, only cols rows can be assigned and the others get −1).
     *
     * @param score rows × cols, finite
     * @return for each row its column, or −1
     */
    public static int[] bestAssignment(double[][] score) {
        int rows = score.length;
        int cols = rows == 0 ? 0 : score[0].length;
        if (rows == 0 || cols == 0) {
            int[] none = new int[rows];
            Arrays.fill(none, -1);
            return none;
        }
        boolean transposed = rows > cols;
        double[][] s = transposed ? transpose(score) : score;
        int n = s.length;
        int m = s[0].length;
        // Hungarian method with potentials on the cost −score, 1-based with a virtual column 0.
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] owner = new int[m + 1];
        int[] way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            owner[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = owner[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = -s[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[owner[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (owner[j0] != 0);
            do {
                int j1 = way[j0];
                owner[j0] = owner[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] assignment = new int[rows];
        Arrays.fill(assignment, -1);
        for (int j = 1; j <= m; j++) {
            if (owner[j] != 0) {
                if (transposed) {
                    assignment[j - 1] = owner[j] - 1;
                } else {
                    assignment[owner[j] - 1] = j - 1;
                }
            }
        }
        return assignment;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a[0].length; c++) {
                t[c][r] = a[r][c];
            }
        }
        return t;
    }
}
