package dev.tally.alert.api;

/**
 * Ask the read model for one page of alerts, newest first: those on a user's accounts, or all of
 * them when {@code owner} is null (an admin's view); answers an {@link AlertPage}.
 */
public record ListAlerts(String owner, int page, int size) {
}
