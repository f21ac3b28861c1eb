package dev.tally.account.api;

public enum AccountStatus {
    OPEN, CLOSED
}
