package dev.tally.alert;

/** The rules the {@code alerts} processor evaluates, by the names alerts and configuration use. */
enum AlertRule {

    /** Withdrawals and payment debits of one account, added up in its currency, within the window. */
    LARGE_OUTFLOW("large-outflow"),
    /** Payments requested from one account, counted, within the window. */
    RAPID_PAYMENTS("rapid-payments");

    private final String ruleName;

    AlertRule(String ruleName) {
        this.ruleName = ruleName;
    }

    String ruleName() {
        return ruleName;
    }
}
