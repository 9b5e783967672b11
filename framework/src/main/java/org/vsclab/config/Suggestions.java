package org.vsclab.config;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean …?" for misspelt keys and names: the closest candidate by edit distance, if close enough. */
public final class Suggestions {

    private Suggestions() {}

    /**
     * Returns the candidate closest to {@code word} when its edit distance is at most max(2, |word|/4).
     *
     * @param word what the user wrote
     * @param candidates the valid words
     * @return the suggestion, if any is close enough
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(word, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, word.length() / 4) ? Optional.of(best) : Optional.empty();
    }

    /** Returns the Levenshtein distance between two strings. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
