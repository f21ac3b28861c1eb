package dev.tally.shared.axon;

/** The metadata keys Tally puts on its messages. */
public final class TallyMetaData {

    /** The user who issued the command that caused a message. */
    public static final String USERNAME = "username";

    private TallyMetaData() {
    }
}
