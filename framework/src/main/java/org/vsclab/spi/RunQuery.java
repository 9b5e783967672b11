package org.vsclab.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A search over a store's runs, in MLflow's terms ({@code runs/search}), answered a page at a time by
 * {@link RunCatalog#search}.
 *
 * <pre>{@code
 * RunQuery.all().inExperiments("compare-priors")
 *         .filter("metrics.`val/loss` < 0.2 and params.`model.prior` = 'thresholded-laplacian'")
 *         .orderBy("metrics.`val/loss` ASC").maxResults(50)
 * }</pre>
 *
 * @param experiments names of the experiments to search; all active experiments when empty
 * @param filter MLflow's filter syntax: clauses {@code <entity>.<key> <op> <value>} joined by {@code
 *     and}; entities {@code metrics}, {@code params}, {@code tags}, {@code attributes} ({@code
 *     run_id}, {@code run_name}, {@code status}, {@code start_time}, {@code end_time}, {@code
 *     user_id}); ops {@code = != < <= > >=} for numbers, {@code = != LIKE ILIKE IN NOT IN} for
 *     strings; keys with other characters than letters, digits, '_' and '.' in backticks or double
 *     quotes; empty for every run
 * @param orderBy {@code <entity>.<key> [ASC|DESC]} terms; runs without the key come last; the
 *     default (and the final tie-break) is start time, newest first, then run id
 * @param maxResults the page size (at least 1)
 * @param pageToken where to continue, from {@link RunPage#nextPageToken()}; empty for the first page
 */
public record RunQuery(List<String> experiments, String filter, List<String> orderBy, int maxResults,
        Optional<String> pageToken) {

    /** The page size of {@link #all()}. */
    public static final int DEFAULT_PAGE_SIZE = 1000;

    /** Checks the fields and copies the lists. */
    public RunQuery {
        experiments = List.copyOf(experiments);
        filter = Objects.requireNonNullElse(filter, "").strip();
        orderBy = List.copyOf(orderBy);
        if (maxResults < 1) {
            throw new IllegalArgumentException("maxResults must be at least 1, not " + maxResults);
        }
        Objects.requireNonNull(pageToken, "pageToken");
    }

    /** Every run of every active experiment, newest first, pages of {@value #DEFAULT_PAGE_SIZE}. */
    public static RunQuery all() {
        return new RunQuery(List.of(), "", List.of(), DEFAULT_PAGE_SIZE, Optional.empty());
    }

    /** Returns this query restricted to experiments with these names. */
    public RunQuery inExperiments(String... names) {
        return new RunQuery(List.of(names), filter, orderBy, maxResults, pageToken);
    }

    /** Returns this query with a filter in MLflow's syntax. */
    public RunQuery filter(String mlflowFilter) {
        return new RunQuery(experiments, mlflowFilter, orderBy, maxResults, pageToken);
    }

    /** Returns this query with an order. */
    public RunQuery orderBy(String... terms) {
        return new RunQuery(experiments, filter, List.of(terms), maxResults, pageToken);
    }

    /** Returns this query with a page size. */
    public RunQuery maxResults(int n) {
        return new RunQuery(experiments, filter, orderBy, n, pageToken);
    }

    /** Returns this query continuing at a page token. */
    public RunQuery page(String token) {
        return new RunQuery(experiments, filter, orderBy, maxResults, Optional.of(token));
    }
}
