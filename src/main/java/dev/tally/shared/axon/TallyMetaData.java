package dev.tally.shared.axon;

/** The metadata keys Tally puts on its messages. */
public final class TallyMetaData {

    /**
     * The user who issued the command that caused a message, by their subject id (pseudonym,
     * {@code dev.tally.privacy.Pseudonyms}), never their login; the key keeps its first name.
     */
    public static final String USERNAME = "username";

    private TallyMetaData() {
    }
}
