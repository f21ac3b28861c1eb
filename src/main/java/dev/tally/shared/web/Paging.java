package dev.tally.shared.web;

/** The bounds of the paged lists ({@code ?page=&size=}), the same for every list. */
public final class Paging {

    /**
     * The last page a list serves. Further pages would start past the largest offset the database
     * takes, which answered a 500; they are a 400 instead.
     */
    public static final int MAX_PAGE = 10_000_000;

    private Paging() {
    }
}
