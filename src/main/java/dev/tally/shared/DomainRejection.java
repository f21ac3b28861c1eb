package dev.tally.shared;

/**
 * A command or query that the domain refuses, for a reason a client can act on. Each subclass
 * is a category that maps to one HTTP status in {@link dev.tally.shared.web.ProblemHandler};
 * concrete rejections ({@code InsufficientFunds}, ...) extend a category and name the reason.
 */
public abstract class DomainRejection extends RuntimeException {

    protected DomainRejection(String message) {
        // rejections are expected outcomes, not bugs: no stack trace to fill in or to leak
        super(message, null, false, false);
    }

    /** A short, stable, kebab-case name for the problem type, e.g. {@code insufficient-funds}. */
    public String problemType() {
        return getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
    }

    /** What the client did is not valid input (400). */
    public abstract static class InvalidInputRejection extends DomainRejection {
        protected InvalidInputRejection(String message) {
            super(message);
        }
    }

    /** The entity does not exist, or is not the caller's (404): existence is not leaked. */
    public abstract static class NotFound extends DomainRejection {
        protected NotFound(String message) {
            super(message);
        }
    }

    /** The entity is in the wrong state for the command (409). */
    public abstract static class WrongState extends DomainRejection {
        protected WrongState(String message) {
            super(message);
        }
    }

    /** A business rule rejects the command (422). */
    public abstract static class RuleViolated extends DomainRejection {
        protected RuleViolated(String message) {
            super(message);
        }
    }
}
