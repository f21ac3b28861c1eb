package dev.tally.account.api;

import java.util.List;

/** One page of accounts, with what a client needs to ask for the others. */
public record AccountPage(List<AccountView> accounts, int page, int size, long totalElements) {
}
