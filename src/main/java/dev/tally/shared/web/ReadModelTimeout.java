package dev.tally.shared.web;

/** A read model did not reach the version a client asked for in time (504). */
public class ReadModelTimeout extends RuntimeException {

    public ReadModelTimeout(long minVersion) {
        super("the read model has not caught up to version " + minVersion + " yet; try again");
    }
}
