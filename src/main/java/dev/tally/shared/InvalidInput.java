package dev.tally.shared;

/** Input that is well-formed JSON but not acceptable, pinned to the field it came in. */
public class InvalidInput extends DomainRejection.InvalidInputRejection {

    private final String field;
    private final String reason;

    public InvalidInput(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
