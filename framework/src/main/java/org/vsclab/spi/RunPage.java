package org.vsclab.spi;

import java.util.List;
import java.util.Optional;

/**
 * One page of a {@link RunQuery}'s answer.
 *
 * @param runs the runs, in the query's order
 * @param nextPageToken the token of the next page, empty on the last
 */
public record RunPage(List<RunSummary> runs, Optional<String> nextPageToken) {

    /** Copies the list. */
    public RunPage {
        runs = List.copyOf(runs);
    }
}
